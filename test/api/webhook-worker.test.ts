// The delivery worker's upkeep: it sleeps while there is nothing to do and wakes when an event
// commits (a write outside any request included), when a retry comes due, and it prunes the
// delivery log by age on the emulator's clock and by count.
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import { shareWith } from '../../src/services/integrations.js';
import type { WebhookRequest } from '../../src/webhooks/deliver.js';
import { LOG_RETENTION_MS } from '../../src/webhooks/retention.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';

afterEach(closeEmulators);

const newPage = async (ln: LocalNotion, title: string) =>
  (await call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content: title } }] } } })).body;

const eventsLogged = async (ln: LocalNotion) => (await ln.webhooks.deliveries({ limit: 1000 })).filter((d) => d.kind === 'event');

describe('the webhook worker', () => {
  it('sleeps when idle and is woken by an event committed outside any request', async () => {
    const got: WebhookRequest[] = [];
    const ln = await startEmulator({ listen: false, webhooks: [{ handler: (request) => void got.push(request) }] });
    const page = await newPage(ln, 'Shared later');
    await ln.flushWebhooks();
    const worker = ln.emulator.webhooks;
    if (ln.ctx.store.engine === 'sqlite') await expect.poll(() => worker.sleeping).toBe(true);
    const other = await ln.createIntegration({ name: 'Other' });
    got.length = 0;
    // No request, no flush: the commit itself wakes the worker.
    await shareWith(ln.ctx, other.id, page.id);
    await expect.poll(() => got.map((r) => r.event.type)).toEqual(['page.permissions_updated']);
  });

  it('wakes for retries: a handler failing twice gets the event on the third attempt without a flush', async () => {
    let calls = 0;
    const got: WebhookRequest[] = [];
    const ln = await startEmulator({
      listen: false,
      webhookSettings: { retryScale: 0 },
      webhooks: [
        {
          handler: (request) => {
            if (request.event.type === undefined) return;
            if (++calls <= 2) return 500;
            got.push(request);
          },
        },
      ],
    });
    await newPage(ln, 'Retried');
    await expect.poll(() => got.map((r) => r.event.attempt_number)).toEqual([3]);
  });

  it('keeps a later retry on a timer, and delivers it once the clock reaches it', async () => {
    let fail = true;
    const got: WebhookRequest[] = [];
    const ln = await startEmulator({
      listen: false,
      webhooks: [{ handler: (request) => (request.event.type === undefined ? undefined : fail ? 503 : void got.push(request)) }],
    });
    ln.clock.freeze('2030-01-01T00:00:00.000Z');
    await newPage(ln, 'Later');
    await ln.flushWebhooks();
    expect(got).toEqual([]);
    expect(ln.emulator.webhooks.sleeping).toBe(false);
    fail = false;
    ln.clock.advance(60_000);
    await ln.flushWebhooks();
    expect(got.map((r) => r.event.attempt_number)).toEqual([2]);
  });

  it('prunes finished deliveries a week old on the emulator clock, and the oldest beyond the limit', async () => {
    const ln = await startEmulator({ listen: false, webhookSettings: { logLimit: 3 }, webhooks: [{ handler: () => undefined }] });
    ln.clock.freeze('2030-01-01T00:00:00.000Z');
    const pages = [];
    for (const title of ['a', 'b', 'c', 'd', 'e']) pages.push(await newPage(ln, title));
    await ln.flushWebhooks();
    expect((await eventsLogged(ln)).map((d) => d.entity!.id)).toEqual(
      pages
        .slice(2)
        .map((p) => p.id)
        .reverse(),
    );
    // The verification request is not an event: it stays.
    expect((await ln.webhooks.deliveries()).filter((d) => d.kind === 'verification')).toHaveLength(1);
    ln.clock.advance(LOG_RETENTION_MS - 1000);
    const recent = await newPage(ln, 'recent');
    await ln.flushWebhooks();
    expect((await eventsLogged(ln)).map((d) => d.entity!.id)).toEqual([recent.id, pages[4].id, pages[3].id]);
    ln.clock.advance(2000);
    await ln.flushWebhooks();
    expect((await eventsLogged(ln)).map((d) => d.entity!.id)).toEqual([recent.id]);
  });
});
