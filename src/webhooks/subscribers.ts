// Subscribers given when a server starts (startLocalNotion's `webhooks`, the CLI's --webhook):
// a URL, or a handler called in this process with what the URL would receive.
import type { AppContext } from '../context.js';
import type { WebhookHandler } from './deliver.js';
import { ensureSubscription, type SubscriptionSpec } from './subscriptions.js';
import type { SubscriptionOrigin, WebhookSubscriptionRow } from './tables.js';
import type { WebhookWorker } from './worker.js';

export interface WebhookSubscriber extends Omit<SubscriptionSpec, 'url'> {
  /** Where events are POSTed; absent when `handler` receives them. */
  url?: string;
  /** Called with each request instead of a socket: no server to run in the test. */
  handler?: WebhookHandler;
  /** Names a handler's subscription (`function:<name>`); its position in the list when absent. */
  name?: string;
}

export async function addSubscribers(
  ctx: AppContext,
  worker: WebhookWorker,
  subscribers: readonly WebhookSubscriber[],
  origin: SubscriptionOrigin,
  defaultIntegration: string,
): Promise<WebhookSubscriptionRow[]> {
  const made: WebhookSubscriptionRow[] = [];
  for (const [i, s] of subscribers.entries()) {
    const { handler, name, url, ...spec } = s;
    const target = handler ? `function:${name ?? `handler-${i + 1}`}` : url;
    if (!target) throw new Error(`webhooks[${i}]: give a url or a handler`);
    const row = await ensureSubscription(ctx, { ...spec, url: target }, origin, defaultIntegration);
    if (handler) worker.setHandler(row.id, handler);
    made.push(row);
  }
  worker.nudge();
  return made;
}
