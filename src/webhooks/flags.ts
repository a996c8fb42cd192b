// The command line's webhook flags: `--webhook URL[:event,event]`, repeatable.
import { isEventType } from './catalogue.js';
import type { WebhookSubscriber } from './subscribers.js';

/**
 * A subscriber from `URL[:event,event]`. The URL's own colons (scheme, port) stay with it: only a
 * last part made of event types is taken as the list.
 */
export function parseWebhookFlag(value: string): WebhookSubscriber {
  const at = value.lastIndexOf(':');
  const tail = at > 0 ? value.slice(at + 1) : '';
  const types = tail.split(',').map((t) => t.trim());
  if (tail !== '' && types.every((t) => t.includes('.') && !t.includes('/'))) {
    const unknown = types.filter((t) => !isEventType(t));
    if (unknown.length > 0) throw new Error(`--webhook ${value}: ${unknown.join(', ')} is not an event type Notion sends`);
    return { url: value.slice(0, at), event_types: types };
  }
  return { url: value };
}
