// Webhooks end to end: writes through the official @notionhq/client, events delivered to a real
// HTTP receiver on 127.0.0.1 (or a handler in the process), signatures checked with the SDK's
// verifyWebhookSignature.
import { Client, LogLevel, verifyWebhookSignature } from '@notionhq/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalNotionOptions } from '../../src/emulator/start.js';
import type { WebhookRequest } from '../../src/webhooks/deliver.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';
import { text } from '../helpers/sdk.js';
import { startReceiver, type Receiver } from '../helpers/webhook-receiver.js';

const receivers: Receiver[] = [];
afterEach(async () => {
  await closeEmulators();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const quiet = { logLevel: LogLevel.ERROR, logger: () => {} };

async function setup(options: LocalNotionOptions = {}, subscription: Record<string, unknown> = {}) {
  const ln = await startEmulator({ listen: false, ...options });
  const receiver = await startReceiver();
  receivers.push(receiver);
  const created = await call(ln, 'POST', '/__localnotion/webhooks', { body: { url: receiver.url, ...subscription } });
  expect(created.status).toBe(200);
  const notion = new Client({ ...ln.clientOptions(), ...quiet });
  return { ln, receiver, notion, sub: created.body as { id: string; verification_token: string; status: string } };
}

const page = (notion: Client, parent: string, title: string) =>
  notion.pages.create({ parent: { page_id: parent }, properties: { title: { title: text(title) } } });

describe('webhooks through the SDK', () => {
  it('sends the signed verification request first, then signed page events in order', async () => {
    const { ln, receiver, notion, sub } = await setup();
    const target = await page(notion, ln.rootPageId, 'Target');
    const moving = await page(notion, ln.rootPageId, 'Moving');
    await notion.pages.update({ page_id: moving.id, properties: { title: { title: text('Renamed') } } });
    await notion.pages.move({ page_id: moving.id, parent: { page_id: target.id } });
    await notion.pages.update({ page_id: moving.id, in_trash: true });
    await notion.pages.update({ page_id: moving.id, in_trash: false });
    await ln.flushWebhooks();

    expect(receiver.received[0]!.json).toEqual({ verification_token: sub.verification_token });
    expect(await receiver.allSigned(sub.verification_token)).toBe(true);
    expect(await receiver.allSigned('another token')).toBe(false);
    for (const r of receiver.received) expect(r.headers['content-type']).toBe('application/json');
    const events = receiver.events();
    expect(events.map((e) => [e.type, e.entity.id])).toEqual([
      ['page.created', target.id],
      ['page.created', moving.id],
      ['page.properties_updated', moving.id],
      ['page.moved', moving.id],
      ['page.deleted', moving.id],
      ['page.undeleted', moving.id],
    ]);
    const [created, , updated, moved] = events;
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      workspace_id: ln.workspaceId,
      workspace_name: expect.any(String),
      subscription_id: sub.id,
      integration_id: expect.any(String),
      type: 'page.created',
      authors: [{ id: (await notion.users.me({})).id, type: 'bot' }],
      attempt_number: 1,
      api_version: '2025-09-03',
      entity: { id: target.id, type: 'page' },
      data: { parent: { id: ln.rootPageId, type: 'page' } },
    });
    expect(updated.data).toEqual({ parent: { id: ln.rootPageId, type: 'page' }, updated_properties: ['title'] });
    expect(moved.data).toEqual({ parent: { id: target.id, type: 'page' } });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('tells block edits as page.content_updated naming the blocks, and comments with their page', async () => {
    const { ln, receiver, notion } = await setup();
    const doc = await page(notion, ln.rootPageId, 'Doc');
    const toggle = await notion.blocks.children.append({ block_id: doc.id, children: [{ toggle: { rich_text: text('Toggle') } }] });
    const toggleId = toggle.results[0]!.id;
    const inner = await notion.blocks.children.append({ block_id: toggleId, children: [{ paragraph: { rich_text: text('inside') } }] });
    const innerId = inner.results[0]!.id;
    await notion.blocks.update({ block_id: innerId, paragraph: { rich_text: text('changed') } });
    const comment = await notion.comments.create({ parent: { block_id: innerId }, rich_text: text('On a block') });
    await notion.blocks.delete({ block_id: toggleId });
    await ln.flushWebhooks();
    const events = receiver.events().filter((e) => e.type !== 'page.created');
    const content = (id: string) => [
      'page.content_updated',
      { id: doc.id, type: 'page' },
      { parent: { id: ln.rootPageId, type: 'page' }, updated_blocks: [{ id, type: 'block' }] },
    ];
    expect(events.map((e) => [e.type, e.entity, e.data])).toEqual([
      content(toggleId),
      content(innerId),
      content(innerId),
      ['comment.created', { id: comment.id, type: 'comment' }, { page_id: doc.id, parent: { id: innerId, type: 'block' } }],
      content(toggleId),
    ]);
  });

  it('tells schema changes and rows as data_source events, and as database events to a 2022-06-28 subscription', async () => {
    const { ln, receiver, notion } = await setup();
    const legacy = await startReceiver();
    receivers.push(legacy);
    await call(ln, 'POST', '/__localnotion/webhooks', { body: { url: legacy.url, api_version: '2022-06-28' } });
    const database = await notion.databases.create({
      parent: { type: 'page_id', page_id: ln.rootPageId },
      title: text('Tasks'),
      initial_data_source: { properties: { Name: { title: {} }, Notes: { rich_text: {} } } },
    });
    if (!('data_sources' in database)) throw new Error('expected a full database');
    const dataSourceId = database.data_sources[0]!.id;
    await ln.flushWebhooks();
    const before = receiver.events().length;
    const legacyBefore = legacy.events().length;
    const updated = await notion.dataSources.update({ data_source_id: dataSourceId, properties: { Due: { date: {} }, Notes: null } });
    const due = (updated as { properties: Record<string, { id: string }> }).properties.Due!.id;
    const row = await notion.pages.create({ parent: { data_source_id: dataSourceId }, properties: { Name: { title: text('Row') } } });
    await ln.flushWebhooks();
    const events = receiver.events().slice(before);
    expect(
      receiver
        .events()
        .slice(0, before)
        .map((e) => e.type),
    ).toEqual(['database.created', 'data_source.created']);
    const schema = events.find((e) => e.type === 'data_source.schema_updated');
    expect(schema.entity).toEqual({ id: dataSourceId, type: 'data_source' });
    expect(schema.data.parent).toEqual({ id: database.id, type: 'database' });
    expect(schema.data.updated_properties).toEqual(
      expect.arrayContaining([
        { id: due, name: 'Due', action: 'created' },
        { id: expect.any(String), name: 'Notes', action: 'deleted' },
      ]),
    );
    const created = events.find((e) => e.type === 'page.created');
    expect(created.data.parent).toEqual({ id: database.id, type: 'database', data_source_id: dataSourceId });
    const content = events.find((e) => e.type === 'data_source.content_updated');
    expect(content.data.updated_blocks).toEqual([{ id: row.id, type: 'page' }]);

    const old = legacy.events().slice(legacyBefore);
    expect(
      legacy
        .events()
        .slice(0, legacyBefore)
        .map((e) => e.type),
    ).toEqual(['database.created']);
    expect(old.map((e) => e.type)).toEqual(['database.schema_updated', 'page.created', 'database.content_updated']);
    expect(old[0].entity).toEqual({ id: database.id, type: 'database' });
    expect(old[1].data.parent).toEqual({ id: database.id, type: 'database' });
    expect(old[2].entity).toEqual({ id: database.id, type: 'database' });
  });

  it('retries a receiver that fails twice, with the same id and rising attempt numbers, and logs each attempt', async () => {
    const { ln, receiver, notion, sub } = await setup({ webhookSettings: { retryScale: 0 } }, { event_types: ['page.created'] });
    await ln.flushWebhooks();
    receiver.answer(500, 503);
    const made = await page(notion, ln.rootPageId, 'Flaky');
    await ln.flushWebhooks();
    const events = receiver.events();
    expect(events.map((e) => e.attempt_number)).toEqual([1, 2, 3]);
    expect(new Set(events.map((e) => e.id))).toEqual(new Set([events[0].id]));
    expect(events[0].entity.id).toBe(made.id);
    const log = await call(ln, 'GET', `/__localnotion/webhooks/${sub.id}/deliveries?type=page.created`);
    expect(log.status).toBe(200);
    const [delivery] = log.body.results;
    expect(delivery).toMatchObject({ id: events[0].id, status: 'delivered', attempts: 3, last_status_code: 200 });
    expect(delivery.log.map((a: { status_code: number; response: string }) => [a.status_code, a.response])).toEqual([
      [500, 'not now'],
      [503, 'not now'],
      [200, 'ok'],
    ]);
    const again = await call(ln, 'POST', `/__localnotion/webhooks/deliveries/${delivery.id}/redeliver`);
    expect(again.status).toBe(200);
    await call(ln, 'POST', '/__localnotion/webhooks/flush');
    expect(receiver.events().map((e) => [e.id, e.attempt_number])).toEqual([...events.map((e) => [e.id, e.attempt_number]), [delivery.id, 1]]);
  });

  it('gives up after attempt 8 and marks the event failed', async () => {
    const { ln, receiver, notion, sub } = await setup({ webhookSettings: { retryScale: 0 } }, { event_types: ['page.created'] });
    receiver.answer(200, ...Array.from({ length: 8 }, () => 500));
    await page(notion, ln.rootPageId, 'Never');
    await ln.flushWebhooks();
    expect(receiver.events().map((e) => e.attempt_number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const [delivery] = await ln.webhooks.deliveries({ subscription_id: sub.id, type: 'page.created' });
    expect(delivery).toMatchObject({ status: 'failed', attempts: 8, last_status_code: 500 });
  });

  it('aggregates quick edits of one page into one event within the window, on the emulator clock', async () => {
    const { ln, receiver, notion } = await setup({ deterministic: true, webhookSettings: { windowMs: 30_000 } });
    const doc = await page(notion, ln.rootPageId, 'Busy');
    await ln.flushWebhooks();
    expect(receiver.events()).toEqual([]);
    ln.clock.advance(30_000);
    await ln.flushWebhooks();
    expect(receiver.events().map((e) => e.type)).toEqual(['page.created']);
    const blocks: string[] = [];
    for (let i = 0; i < 10; i++) {
      await notion.pages.update({ page_id: doc.id, properties: { title: { title: text(`Busy ${i}`) } } });
      const added = await notion.blocks.children.append({ block_id: doc.id, children: [{ paragraph: { rich_text: text(`line ${i}`) } }] });
      blocks.push(added.results[0]!.id);
      ln.clock.advance(1000);
    }
    await ln.flushWebhooks();
    expect(receiver.events()).toHaveLength(1);
    ln.clock.advance(30_000);
    await ln.flushWebhooks();
    const later = receiver.events().slice(1);
    expect(later.map((e) => e.type)).toEqual(['page.properties_updated', 'page.content_updated']);
    expect(later[0].data.updated_properties).toEqual(['title']);
    expect(later[1].data.updated_blocks).toEqual(blocks.map((id) => ({ id, type: 'block' })));
  });

  it('sends nothing for a page created and trashed within the window', async () => {
    const { ln, receiver, notion } = await setup({ deterministic: true, webhookSettings: { windowMs: 10_000 } });
    const brief = await page(notion, ln.rootPageId, 'Brief');
    await notion.pages.update({ page_id: brief.id, in_trash: true });
    ln.clock.advance(10_000);
    await ln.flushWebhooks();
    expect(receiver.events()).toEqual([]);
  });

  it('delivers to a handler in the process, signed, without a socket', async () => {
    const got: WebhookRequest[] = [];
    const ln = await startEmulator({ listen: false, webhooks: [{ handler: (request) => void got.push(request), verification_token: 'secret_local' }] });
    const notion = new Client({ ...ln.clientOptions(), ...quiet });
    const made = await page(notion, ln.rootPageId, 'In process');
    await ln.flushWebhooks();
    expect(got.map((r) => r.event.type ?? 'verification')).toEqual(['verification', 'page.created']);
    expect(got[1]!.event.entity).toEqual({ id: made.id, type: 'page' });
    for (const r of got) {
      expect(await verifyWebhookSignature({ body: r.body, signature: r.headers['x-notion-signature']!, verificationToken: 'secret_local' })).toBe(true);
    }
  });

  it('sends nothing to an integration that was not given the page', async () => {
    const ln = await startEmulator({ listen: false });
    const outsider = await ln.createIntegration({ name: 'Outsider' });
    const receiver = await startReceiver();
    receivers.push(receiver);
    await ln.webhooks.subscribe({ url: receiver.url, integration_id: outsider.id });
    const notion = new Client({ ...ln.clientOptions(), ...quiet });
    const hidden = await page(notion, ln.rootPageId, 'Hidden');
    await ln.flushWebhooks();
    expect(receiver.events()).toEqual([]);
    await ln.share(outsider.id, hidden.id);
    await notion.pages.update({ page_id: hidden.id, properties: { title: { title: text('Shared now') } } });
    await ln.flushWebhooks();
    // Sharing it is itself an event: its permissions changed.
    expect(receiver.events().map((e) => [e.type, e.entity.id, e.integration_id])).toEqual([
      ['page.permissions_updated', hidden.id, outsider.id],
      ['page.properties_updated', hidden.id, outsider.id],
    ]);
  });

  it('holds events until a manual subscription is verified with its token', async () => {
    const { ln, receiver, notion, sub } = await setup({}, { verify: 'manual' });
    expect(sub.status).toBe('pending_verification');
    await page(notion, ln.rootPageId, 'Before');
    await ln.flushWebhooks();
    expect(receiver.received.map((r) => r.json)).toEqual([{ verification_token: sub.verification_token }]);
    const wrong = await call(ln, 'POST', `/__localnotion/webhooks/${sub.id}/verify`, { body: { verification_token: 'nope' } });
    expect(wrong.status).toBe(400);
    const right = await call(ln, 'POST', `/__localnotion/webhooks/${sub.id}/verify`, { body: { verification_token: sub.verification_token } });
    expect(right.body.status).toBe('active');
    const after = await page(notion, ln.rootPageId, 'After');
    await ln.flushWebhooks();
    expect(receiver.events().map((e) => e.entity.id)).toEqual([after.id]);
  });
});
