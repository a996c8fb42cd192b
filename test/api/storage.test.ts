// Storage guarantees on either engine: a request's writes commit whole or not at all (failures are
// injected with triggers), and data outlives the server. SQLite files run in WAL mode.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secondIntegration } from '../helpers/integrations.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { durableStore, failWrites, TEST_ENGINE, type TestStore } from '../helpers/store.js';

const paragraph = (content: string) => ({
  object: 'block',
  type: 'paragraph',
  paragraph: { rich_text: [{ type: 'text', text: { content } }] },
});

const cell = (content: string) => [{ type: 'text', text: { content } }];

const tableRow = (...cells: string[]) => ({ type: 'table_row', table_row: { cells: cells.map(cell) } });

const titleOf = (content: string) => ({ title: { title: [{ text: { content } }] } });

async function counts(server: TestServer): Promise<{ blocks: number; grants: number; users: number }> {
  const db = server.ctx.store.db;
  const n = async (table: 'blocks' | 'grants' | 'users') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { blocks: await n('blocks'), grants: await n('grants'), users: await n('users') };
}

async function childIds(server: TestServer, id: string): Promise<string[]> {
  const res = await server.request('GET', `/v1/blocks/${id}/children`);
  expect(res.status).toBe(200);
  return res.body.results.map((b: { id: string }) => b.id);
}

async function page(server: TestServer, parentId: string, title: string, children: unknown[] = []): Promise<string> {
  const res = await server.request('POST', '/v1/pages', { body: { parent: { page_id: parentId }, properties: titleOf(title), children } });
  expect(res.status).toBe(200);
  return res.body.id as string;
}

function expectInternalError(res: { status: number; body: Record<string, unknown> }): void {
  expect(res.status).toBe(500);
  expect(res.body).toEqual({
    object: 'error',
    status: 500,
    code: 'internal_server_error',
    message: 'Unexpected error occurred.',
    request_id: expect.any(String),
  });
}

describe('every mutation is one transaction', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('a create page whose nested table has a row of the wrong width leaves nothing behind', async () => {
    const root = server.info.rootPageId;
    const before = await counts(server);
    const res = await server.request('POST', '/v1/pages', {
      body: {
        parent: { page_id: root },
        properties: titleOf('Half written'),
        children: [
          paragraph('first'),
          paragraph('second'),
          {
            type: 'toggle',
            toggle: {
              rich_text: cell('Details'),
              children: [
                paragraph('inside'),
                { type: 'table', table: { table_width: 2, children: [tableRow('a', 'b'), tableRow('c', 'd'), tableRow('only one')] } },
              ],
            },
          },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.message).toContain('table_row.cells');
    expect(await counts(server)).toEqual(before);
    expect(await childIds(server, root)).toEqual([]);
  });

  it('a create page with an icon naming an unknown file upload leaves nothing behind', async () => {
    const root = server.info.rootPageId;
    const before = await counts(server);
    const missing = '3b9a5a6e-1c52-4c8e-9d7a-2f1f0d8f4a11';
    const res = await server.request('POST', '/v1/pages', {
      body: {
        parent: { page_id: root },
        properties: titleOf('With a missing icon'),
        icon: { type: 'file_upload', file_upload: { id: missing } },
        children: [paragraph('first'), paragraph('second')],
      },
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('object_not_found');
    expect(res.body.message).toContain(missing);
    expect(await counts(server)).toEqual(before);
    expect(await childIds(server, root)).toEqual([]);
  });

  it('an append that fails validation leaves the parent as it was', async () => {
    const target = await page(server, server.info.rootPageId, 'Target', [paragraph('kept')]);
    const kept = await childIds(server, target);
    const beforePage = await server.request('GET', `/v1/pages/${target}`);
    const before = await counts(server);

    const badTable = await server.request('PATCH', `/v1/blocks/${target}/children`, {
      body: { children: [paragraph('new'), { type: 'table', table: { table_width: 3, children: [tableRow('a', 'b', 'c'), tableRow('a', 'b')] } }] },
    });
    expect(badTable.status).toBe(400);
    expect(badTable.body.code).toBe('validation_error');

    const badSibling = await server.request('PATCH', `/v1/blocks/${target}/children`, {
      body: { children: [paragraph('new')], position: { type: 'after_block', after_block: { id: '6f1e3a0c-8b1d-4e43-9f0a-52c7e0b1d2a3' } } },
    });
    expect(badSibling.status).toBe(404);

    const badImage = await server.request('PATCH', `/v1/blocks/${target}/children`, {
      body: { children: [paragraph('new'), { type: 'image', image: { type: 'file_upload', file_upload: { id: '0c8e2b4a-5d3f-4a1b-8e9c-7d6f5e4d3c2b' } } }] },
    });
    expect(badImage.status).toBe(404);

    expect(await counts(server)).toEqual(before);
    expect(await childIds(server, target)).toEqual(kept);
    const afterPage = await server.request('GET', `/v1/pages/${target}`);
    expect(afterPage.body.last_edited_time).toBe(beforePage.body.last_edited_time);
  });

  it('a create page that fails after rows were written rolls them all back', async () => {
    const root = server.info.rootPageId;
    // The page and its blocks go in by chunks of 500 rows: fail in the second chunk, after the
    // first one was written.
    await failWrites(server.ctx.store.db, 'fail_on_divider', 'insert', 'blocks', "new.type = 'divider'");
    const toggles = Array.from({ length: 6 }, (_, t) => ({
      type: 'toggle',
      toggle: {
        rich_text: cell(`Toggle ${t}`),
        children: Array.from({ length: 99 }, (_, i) => (t === 5 && i === 98 ? { type: 'divider', divider: {} } : paragraph(`${t}.${i}`))),
      },
    }));
    const before = await counts(server);
    const res = await server.request('POST', '/v1/pages', { body: { parent: { page_id: root }, properties: titleOf('Big'), children: toggles } });
    expectInternalError(res);
    expect(await counts(server)).toEqual(before);
    expect(await childIds(server, root)).toEqual([]);
  });

  it('an append that fails after its blocks were written rolls them back', async () => {
    const target = await page(server, server.info.rootPageId, 'Target', [paragraph('kept')]);
    const kept = await childIds(server, target);
    // Appending inserts the children, then touches the parent: fail on the touch.
    await failWrites(server.ctx.store.db, 'fail_on_touch', 'update', 'blocks', `new.id = '${target}'`);
    const before = await counts(server);
    const res = await server.request('PATCH', `/v1/blocks/${target}/children`, {
      body: { children: [paragraph('one'), { type: 'toggle', toggle: { rich_text: cell('two'), children: [paragraph('three')] } }] },
    });
    expectInternalError(res);
    expect(await counts(server)).toEqual(before);
    expect(await childIds(server, target)).toEqual(kept);
  });

  it('a workspace-level page whose grant fails is not created', async () => {
    const pub = await secondIntegration(server, { name: 'Public App', kind: 'public' });
    await failWrites(server.ctx.store.db, 'fail_on_grant', 'insert', 'grants');
    const before = await counts(server);
    const res = await server.request('POST', '/v1/pages', {
      token: pub.token,
      body: { parent: { workspace: true }, properties: titleOf('Private'), children: [paragraph('x')] },
    });
    expectInternalError(res);
    expect(await counts(server)).toEqual(before);
  });

  it('the store transaction itself commits whole or not at all', async () => {
    const db = server.ctx.store.db;
    const before = await counts(server);
    await expect(
      server.ctx.store.transaction(async (tx) => {
        await tx
          .insertInto('workspaces')
          .values({ id: 'a0000000-0000-4000-8000-000000000001', name: 'Doomed', created_time: new Date().toISOString() })
          .execute();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.selectFrom('workspaces').selectAll().where('name', '=', 'Doomed').execute()).toEqual([]);
    expect(await counts(server)).toEqual(before);
  });
});

describe('a durable store', () => {
  let store: TestStore;

  beforeEach(() => {
    store = durableStore();
  });

  afterEach(async () => {
    await store.drop();
  });

  const strip = (body: Record<string, unknown>) => {
    const { request_id: _requestId, ...rest } = body;
    return rest;
  };

  /** Every page and block below `id`, as the API returns them, depth first. */
  async function snapshot(server: TestServer, id: string): Promise<unknown[]> {
    const out: unknown[] = [];
    const visit = async (blockId: string) => {
      const res = await server.request('GET', `/v1/blocks/${blockId}/children`);
      expect(res.status).toBe(200);
      out.push(strip(res.body));
      for (const child of res.body.results as { id: string; type: string; has_children: boolean }[]) {
        if (child.type === 'child_page') out.push(strip((await server.request('GET', `/v1/pages/${child.id}`)).body));
        if (child.has_children) await visit(child.id);
      }
    };
    out.push(strip((await server.request('GET', `/v1/pages/${id}`)).body));
    await visit(id);
    return out;
  }

  it('keeps the workspace, pages and blocks across a restart', async () => {
    const first = await startTestServer(store.config);
    const root = first.info.rootPageId;
    const notes = await page(first, root, 'Notes', [
      { type: 'heading_2', heading_2: { rich_text: cell('Plan') } },
      paragraph('Write things down.'),
      {
        type: 'toggle',
        toggle: { rich_text: cell('More'), children: [paragraph('hidden'), { type: 'to_do', to_do: { rich_text: cell('task'), checked: true } }] },
      },
      { type: 'table', table: { table_width: 2, has_column_header: true, children: [tableRow('k', 'v'), tableRow('a', '1')] } },
    ]);
    const sub = await page(first, notes, 'Sub page', [paragraph('deep')]);
    await first.request('PATCH', `/v1/pages/${sub}`, { body: { icon: { type: 'emoji', emoji: '🥬' } } });
    const trashed = await page(first, root, 'Trashed');
    await first.request('PATCH', `/v1/pages/${trashed}`, { body: { in_trash: true } });
    const before = await snapshot(first, root);
    const trashedBefore = strip((await first.request('GET', `/v1/pages/${trashed}`)).body);
    const meBefore = strip((await first.request('GET', '/v1/users/me')).body);
    const info = first.info;
    await first.close();

    const second = await startTestServer(store.config);
    try {
      expect(second.info).toEqual(info);
      // The same token still authenticates, as the same bot.
      expect(strip((await second.request('GET', '/v1/users/me', { token: info.token })).body)).toEqual(meBefore);
      expect(await snapshot(second, root)).toEqual(before);
      expect(strip((await second.request('GET', `/v1/pages/${trashed}`)).body)).toEqual(trashedBefore);
      // And it keeps accepting writes where it left off.
      const appended = await second.request('PATCH', `/v1/blocks/${notes}/children`, { body: { children: [paragraph('after restart')] } });
      expect(appended.status).toBe(200);
      const ids = await childIds(second, notes);
      expect(ids).toHaveLength(6);
      expect(ids.at(-1)).toBe(appended.body.results[0].id);
    } finally {
      await second.close();
    }
  });

  it.runIf(TEST_ENGINE === 'sqlite')('runs in WAL mode (SQLite only)', async () => {
    const server = await startTestServer(store.config);
    try {
      const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(server.ctx.store.db);
      expect(rows[0]?.journal_mode).toBe('wal');
    } finally {
      await server.close();
    }
  });
});
