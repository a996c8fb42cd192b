// Webhook events beyond pages and blocks: file uploads (created, completed, expired, a failed
// import), views (created, updated, deleted), page.permissions_updated from the control API, and
// `authors` naming whoever made the change. Delivered to a handler in the process.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import type { WebhookRequest } from '../../src/webhooks/deliver.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';

afterEach(closeEmulators);

type Event = { type: string; entity: { id: string; type: string }; authors: { id: string; type: string }[]; data?: Record<string, any> };

async function emulator(options: Parameters<typeof startEmulator>[0] = {}): Promise<{ ln: LocalNotion; events: () => Event[] }> {
  const got: WebhookRequest[] = [];
  const ln = await startEmulator({ listen: false, webhooks: [{ handler: (request) => void got.push(request) }], ...options });
  await ln.flushWebhooks();
  got.length = 0;
  return { ln, events: () => got.map((r) => r.event as unknown as Event) };
}

async function sendFile(ln: LocalNotion, id: string, name: string, data: string, partNumber?: number) {
  const form = new FormData();
  if (partNumber !== undefined) form.append('part_number', String(partNumber));
  form.append('file', new Blob([data], { type: 'text/plain' }), name);
  const res = await ln.fetch(`${ln.url}/v1/file_uploads/${id}/send`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ln.token}`, 'notion-version': '2025-09-03' },
    body: form,
  });
  expect(res.status).toBe(200);
}

const newPage = async (ln: LocalNotion, title: string, token?: string) =>
  (await call(ln, 'POST', '/v1/pages', { token, body: { parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content: title } }] } } })).body;

describe('file_upload events', () => {
  it('tells of uploads created, completed and expired, without data, to the integration that made them only', async () => {
    const { ln, events } = await emulator();
    ln.clock.freeze('2030-01-01T00:00:00.000Z');
    const outsider = await ln.createIntegration({ name: 'Outsider' });
    const theirs: WebhookRequest[] = [];
    await ln.webhooks.subscribe({ handler: (request) => void theirs.push(request), integration_id: outsider.id });
    const single = (await call(ln, 'POST', '/v1/file_uploads', { body: { filename: 'a.txt' } })).body;
    await sendFile(ln, single.id, 'a.txt', 'hello');
    const left = (await call(ln, 'POST', '/v1/file_uploads', { body: { filename: 'left.txt' } })).body;
    await ln.flushWebhooks();
    ln.clock.advance(61 * 60 * 1000);
    // Reading an upload applies its expiry, and with it the event.
    expect((await call(ln, 'GET', `/v1/file_uploads/${left.id}`)).body.status).toBe('expired');
    await ln.flushWebhooks();
    const me = (await call(ln, 'GET', '/v1/users/me')).body.id;
    expect(events().map((e) => [e.type, e.entity])).toEqual([
      ['file_upload.created', { id: single.id, type: 'file_upload' }],
      ['file_upload.completed', { id: single.id, type: 'file_upload' }],
      ['file_upload.created', { id: left.id, type: 'file_upload' }],
      // The first upload was uploaded but never attached: it expires too.
      ['file_upload.expired', { id: single.id, type: 'file_upload' }],
      ['file_upload.expired', { id: left.id, type: 'file_upload' }],
    ]);
    for (const e of events()) {
      expect(e).not.toHaveProperty('data');
      expect(e.authors).toEqual([{ id: me, type: 'bot' }]);
    }
    expect(theirs.filter((r) => r.event.type !== undefined)).toEqual([]);
  });

  it('tells of expiry applied by the control API’s sweep, run on demand', async () => {
    const { ln, events } = await emulator();
    ln.clock.freeze('2030-01-01T00:00:00.000Z');
    const upload = (await call(ln, 'POST', '/v1/file_uploads', { body: { filename: 'late.txt' } })).body;
    ln.clock.advance(55 * 60 * 1000);
    const early = await call(ln, 'POST', '/__localnotion/file-uploads/sweep');
    expect(early.body).toEqual({ object: 'file_upload_sweep', expired_uploads: 0, removed_blobs: 0 });
    // Five minutes on, the periodic sweep is not due yet: the one asked for expires the upload.
    ln.clock.advance(5 * 60 * 1000);
    expect((await call(ln, 'POST', '/__localnotion/file-uploads/sweep')).body).toMatchObject({ expired_uploads: 1 });
    expect((await call(ln, 'POST', '/__localnotion/file-uploads/sweep')).body).toMatchObject({ expired_uploads: 0 });
    await ln.flushWebhooks();
    expect(events().map((e) => [e.type, e.entity.id])).toEqual([
      ['file_upload.created', upload.id],
      ['file_upload.expired', upload.id],
    ]);
  });

  it('tells of a multi-part upload completed', async () => {
    const { ln, events } = await emulator();
    const upload = (await call(ln, 'POST', '/v1/file_uploads', { body: { mode: 'multi_part', number_of_parts: 1, filename: 'm.txt' } })).body;
    await sendFile(ln, upload.id, 'm.txt', 'part', 1);
    expect((await call(ln, 'POST', `/v1/file_uploads/${upload.id}/complete`)).status).toBe(200);
    await ln.flushWebhooks();
    expect(events().map((e) => e.type)).toEqual(['file_upload.created', 'file_upload.completed']);
  });

  it('tells of a failed import with its file_import_result', async () => {
    const source: Server = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
    try {
      const { ln, events } = await emulator({ allowImportFrom: ['127.0.0.1'] });
      const url = `http://127.0.0.1:${(source.address() as AddressInfo).port}/missing.txt`;
      const upload = (await call(ln, 'POST', '/v1/file_uploads', { body: { mode: 'external_url', external_url: url, filename: 'missing.txt' } })).body;
      await expect.poll(async () => (await call(ln, 'GET', `/v1/file_uploads/${upload.id}`)).body.status).toBe('failed');
      await ln.flushWebhooks();
      const failed = events().find((e) => e.type === 'file_upload.upload_failed')!;
      const stored = (await call(ln, 'GET', `/v1/file_uploads/${upload.id}`)).body.file_import_result;
      expect(failed.entity).toEqual({ id: upload.id, type: 'file_upload' });
      expect(failed.data).toEqual({ file_import_result: stored });
      expect(stored.type).toBe('error');
    } finally {
      await new Promise((resolve) => source.close(resolve));
    }
  });
});

describe('view events', () => {
  it('tells of views created, updated (the fields changed) and deleted, with the database as parent', async () => {
    const { ln, events } = await emulator();
    const database = (
      await call(ln, 'POST', '/v1/databases', {
        body: { parent: { page_id: ln.rootPageId }, title: [{ text: { content: 'Tasks' } }], initial_data_source: { properties: { Name: { title: {} } } } },
      })
    ).body;
    const dataSource = database.data_sources[0].id;
    await ln.flushWebhooks();
    const before = events().length;
    const view = (await call(ln, 'POST', '/v1/views', { body: { database_id: database.id, data_source_id: dataSource, name: 'Second', type: 'table' } })).body;
    expect(view.object).toBe('view');
    await call(ln, 'PATCH', `/v1/views/${view.id}`, { body: { name: 'Renamed', sorts: [{ property: 'Name', direction: 'ascending' }] } });
    await call(ln, 'PATCH', `/v1/views/${view.id}`, { body: { name: 'Renamed' } });
    await call(ln, 'DELETE', `/v1/views/${view.id}`);
    await ln.flushWebhooks();
    const parent = { id: database.id, type: 'database' };
    expect(
      events()
        .slice(before)
        .map((e) => [e.type, e.entity, e.data]),
    ).toEqual([
      ['view.created', { id: view.id, type: 'view' }, { parent, view_type: 'table' }],
      ['view.updated', { id: view.id, type: 'view' }, { parent, updated_fields: ['name', 'sorts'] }],
      ['view.deleted', { id: view.id, type: 'view' }, { parent }],
    ]);
  });
});

describe('page.permissions_updated and authors', () => {
  it('tells an integration a page was shared with it, as the workspace owner did it', async () => {
    const { ln } = await emulator();
    const outsider = await ln.createIntegration({ name: 'Outsider' });
    const theirs: WebhookRequest[] = [];
    await ln.webhooks.subscribe({ handler: (request) => void theirs.push(request), integration_id: outsider.id });
    const page = await newPage(ln, 'To share');
    // Reach is decided when an event is fanned out: page.created goes out before the page is shared.
    await ln.flushWebhooks();
    await ln.share(outsider.id, page.id);
    await ln.flushWebhooks();
    const owner = (await call(ln, 'GET', '/__localnotion/workspaces')).body.results[0].owner_id;
    const events = theirs.filter((r) => r.event.type !== undefined).map((r) => r.event as unknown as Event);
    expect(events.map((e) => [e.type, e.entity, e.authors, e.data])).toEqual([
      ['page.permissions_updated', { id: page.id, type: 'page' }, [{ id: owner, type: 'person' }], { parent: { id: ln.rootPageId, type: 'page' } }],
    ]);
  });

  it('tells a restricted member’s newly given pages as updated permissions', async () => {
    const { ln, events } = await emulator();
    const page = await newPage(ln, 'For a guest');
    const workspace = (await call(ln, 'GET', '/__localnotion/workspaces')).body.results[0];
    const guest = (await call(ln, 'POST', `/__localnotion/workspaces/${workspace.id}/users`, { body: { name: 'Guest' } })).body.id;
    await ln.flushWebhooks();
    const before = events().length;
    expect((await call(ln, 'PUT', `/__localnotion/users/${guest}/pages`, { body: { pages: [page.id] } })).status).toBe(200);
    expect((await call(ln, 'PUT', `/__localnotion/users/${guest}/pages`, { body: { pages: [page.id] } })).status).toBe(200);
    await ln.flushWebhooks();
    expect(
      events()
        .slice(before)
        .map((e) => [e.type, e.entity.id]),
    ).toEqual([['page.permissions_updated', page.id]]);
  });

  it('names the person behind a personal access token as the author', async () => {
    const { ln, events } = await emulator();
    const owner = (await call(ln, 'GET', '/__localnotion/workspaces')).body.results[0].owner_id;
    const token = (await call(ln, 'POST', `/__localnotion/users/${owner}/personal-tokens`, { body: { name: 'CLI' } })).body.token;
    const mine = await newPage(ln, 'By the bot');
    await ln.flushWebhooks();
    const theirs = await call(ln, 'PATCH', `/v1/pages/${mine.id}`, { token, body: { properties: { title: [{ text: { content: 'By a person' } }] } } });
    expect(theirs.status).toBe(200);
    await ln.flushWebhooks();
    const me = (await call(ln, 'GET', '/v1/users/me')).body.id;
    expect(events().map((e) => [e.type, e.authors])).toEqual([
      ['page.created', [{ id: me, type: 'bot' }]],
      ['page.properties_updated', [{ id: owner, type: 'person' }]],
    ]);
  });
});

describe('markdown edits', () => {
  it('name the blocks they trashed and wrote in page.content_updated', async () => {
    const { ln, events } = await emulator();
    const page = await newPage(ln, 'Markdown');
    const edit = (body: unknown) => call(ln, 'PATCH', `/v1/pages/${page.id}/markdown`, { body });
    expect((await edit({ type: 'insert_content', insert_content: { content: 'one\n\ntwo\n\nthree' } })).status).toBe(200);
    const [one, two, three] = (await call(ln, 'GET', `/v1/blocks/${page.id}/children`)).body.results.map((b: { id: string }) => b.id);
    await ln.flushWebhooks();
    const before = events().length;
    expect((await edit({ type: 'replace_content_range', replace_content_range: { content: 'deux', content_range: 'two' } })).status).toBe(200);
    const after = (await call(ln, 'GET', `/v1/blocks/${page.id}/children`)).body.results.map((b: { id: string }) => b.id);
    expect([after[0], after[2]]).toEqual([one, three]);
    await ln.flushWebhooks();
    const content = events()
      .slice(before)
      .filter((e) => e.type === 'page.content_updated');
    expect(content.map((e) => [e.entity.id, e.data!.updated_blocks])).toEqual([
      [
        page.id,
        [
          { id: two, type: 'block' },
          { id: after[1], type: 'block' },
        ],
      ],
    ]);
    const first = events().find((e) => e.type === 'page.content_updated')!;
    expect(first.data!.updated_blocks).toEqual([one, two, three].map((id) => ({ id, type: 'block' })));
  });
});
