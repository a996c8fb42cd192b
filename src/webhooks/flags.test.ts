import { describe, expect, it } from 'vitest';
import { parseWebhookFlag } from './flags.js';

describe('--webhook URL[:event,event]', () => {
  it('keeps the colons of the scheme and the port with the URL', () => {
    expect(parseWebhookFlag('http://127.0.0.1:8080/hook')).toEqual({ url: 'http://127.0.0.1:8080/hook' });
    expect(parseWebhookFlag('https://example.com/a:b')).toEqual({ url: 'https://example.com/a:b' });
  });

  it('takes a last part of event types as the list', () => {
    expect(parseWebhookFlag('http://127.0.0.1:8080/hook:page.created,comment.created')).toEqual({
      url: 'http://127.0.0.1:8080/hook',
      event_types: ['page.created', 'comment.created'],
    });
  });

  it('refuses an event type Notion does not send', () => {
    expect(() => parseWebhookFlag('http://127.0.0.1:8080/hook:page.renamed')).toThrow('page.renamed is not an event type');
  });
});
