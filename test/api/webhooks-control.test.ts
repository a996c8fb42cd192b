// The /__localnotion/webhooks control routes: subscriptions made, changed, paused and deleted;
// bad input answered 400/404/409 in the control API's envelope; fixtures' `webhooks:`; the
// allow list of destination hosts.
import { afterEach, describe, expect, it } from 'vitest';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const receivers: Receiver[] = [];
afterEach(async () => {
  await closeEmulators();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  receivers.push(r);
  return r;
}

const newPage = (ln: Awaited<ReturnType<typeof startEmulator>>, title: string) =>
  call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content: title } }] } } });

describe('control API: /webhooks', () => {
  it('refuses bad subscriptions with a 400 that says why', async () => {
    const ln = await startEmulator({ listen: false });
    const cases: [unknown, string][] = [
      [{ url: 'ftp://example.com/hook' }, 'url should be an http:// or https:// URL, instead was "ftp://example.com/hook".'],
      [{ url: 'http://127.0.0.1/hook', event_types: ['page.renamed'] }, 'event_types: "page.renamed" is not an event type Notion sends.'],
      [
        { url: 'http://127.0.0.1/hook', api_version: '2021-05-13' },
        'api_version should be one of 2022-06-28, 2025-09-03, 2026-03-11, instead was "2021-05-13".',
      ],
    ];
    for (const [body, message] of cases) {
      const res = await call(ln, 'POST', '/__localnotion/webhooks', { body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ object: 'error', status: 400, code: 'validation_error', message });
    }
    expect((await call(ln, 'POST', '/__localnotion/webhooks', { body: {} })).body.message).toContain('body.url should be defined');
    const missing = await call(ln, 'GET', '/__localnotion/webhooks/6f1e2c55-55f3-4c2b-9f0e-2a1d3a0f9b11');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('object_not_found');
    expect((await call(ln, 'GET', '/__localnotion/webhooks/nope')).status).toBe(400);
    expect((await call(ln, 'GET', '/__localnotion/webhooks/deliveries?status=lost')).status).toBe(400);
    const stranger = await call(ln, 'POST', '/__localnotion/webhooks', {
      body: { url: 'http://127.0.0.1/hook', integration_id: '6f1e2c55-55f3-4c2b-9f0e-2a1d3a0f9b11' },
    });
    expect(stranger.status).toBe(404);
  });

  it('lists, pauses, resumes and deletes a subscription; paused, it keeps its events for later', async () => {
    const ln = await startEmulator({ listen: false });
    const r = await receiver();
    const sub = (await call(ln, 'POST', '/__localnotion/webhooks', { body: { url: r.url, event_types: ['page.created'] } })).body;
    expect(sub).toMatchObject({ object: 'webhook_subscription', url: r.url, event_types: ['page.created'], api_version: '2025-09-03', status: 'active' });
    expect((await call(ln, 'GET', '/__localnotion/webhooks')).body.results.map((s: { id: string }) => s.id)).toEqual([sub.id]);
    const moved = await call(ln, 'PATCH', `/__localnotion/webhooks/${sub.id}`, { body: { url: 'http://127.0.0.1:1/other' } });
    expect(moved.status).toBe(409);
    expect((await call(ln, 'PATCH', `/__localnotion/webhooks/${sub.id}`, { body: { status: 'paused' } })).body.status).toBe('paused');
    const page = (await newPage(ln, 'While paused')).body;
    await ln.flushWebhooks();
    expect(r.events()).toEqual([]);
    await call(ln, 'PATCH', `/__localnotion/webhooks/${sub.id}`, { body: { status: 'active' } });
    const flushed = await call(ln, 'POST', '/__localnotion/webhooks/flush');
    expect(flushed.status).toBe(200);
    expect(r.events().map((e) => e.entity.id)).toEqual([page.id]);
    const log = await call(ln, 'GET', `/__localnotion/webhooks/deliveries?type=page.created`);
    expect(log.body.results).toHaveLength(1);
    expect(log.body.results[0]).toMatchObject({ object: 'webhook_delivery', status: 'delivered', attempts: 1, entity: { id: page.id, type: 'page' } });
    expect(log.body.results[0].log[0]).toMatchObject({ attempt_number: 1, status_code: 200, error: null, response: 'ok' });
    expect((await call(ln, 'DELETE', `/__localnotion/webhooks/${sub.id}`)).status).toBe(200);
    expect((await call(ln, 'GET', '/__localnotion/webhooks')).body.results).toEqual([]);
  });

  it('delivers only to allowed hosts, and marks the rest failed at once', async () => {
    const ln = await startEmulator({ listen: false, webhookSettings: { allowHosts: ['hooks.example.com'] } });
    const r = await receiver();
    const sub = await ln.webhooks.subscribe({ url: r.url });
    await ln.flushWebhooks();
    expect(r.received).toEqual([]);
    const [verification] = await ln.webhooks.deliveries({ subscription_id: sub.id });
    expect(verification).toMatchObject({ kind: 'verification', status: 'failed', attempts: 1 });
    expect(verification!.log[0]!.error).toContain('not allowed');
  });

  it('makes the subscriptions a fixture names, for its own integrations, and replaces them with the next fixture', async () => {
    const r = await receiver();
    const ln = await startEmulator({
      listen: false,
      seed: {
        integrations: [{ key: 'reader', name: 'Reader', pages: ['notes'] }],
        pages: [{ key: 'notes', title: 'Notes' }],
        webhooks: [{ integration: 'reader', url: r.url, verification_token: 'secret_fixture' }],
      },
    });
    const [sub] = await ln.webhooks.list();
    expect(sub).toMatchObject({ integration_id: ln.emulator.integrations.reader!.id, url: r.url, verification_token: 'secret_fixture' });
    await call(ln, 'PATCH', `/v1/pages/${ln.id('notes')}`, { body: { properties: { title: [{ text: { content: 'Notes, edited' } }] } } });
    await ln.flushWebhooks();
    expect(r.events().map((e) => [e.type, e.entity.id])).toEqual([['page.properties_updated', ln.id('notes')]]);
    expect(await r.allSigned('secret_fixture')).toBe(true);
    await ln.seed({ pages: [{ key: 'other', title: 'Other' }] });
    expect(await ln.webhooks.list()).toEqual([]);
    const bad = await call(ln, 'POST', '/__localnotion/seed', { body: { webhooks: [{ integration: 'ghost', url: r.url }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('webhooks[0].integration');
  });
});
