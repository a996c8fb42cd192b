// POST /v1/search (spec 3.6, 8.4, 11.2): titles matched without regard to case, the object filter
// per version, the edit-time sort, keyset pagination, access through what was shared, the trash,
// data sources from 2025-09-03 and databases under 2022-06-28, and the validation messages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/services/access.js';
import { secondIntegration } from '../helpers/integrations.js';
import { updateBlock } from '../../src/store/blocks.js';
import { searchBlocks, type SearchParams } from '../../src/store/search.js';
import { createDatabase, createDataSource, createRow, expectError, getPage, text, titled, wholeList, type Json } from '../helpers/builders.js';
import { startTestServer, type RequestOptions, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

type Options = Pick<RequestOptions, 'version' | 'token'>;

const search = (body: unknown, options: Options = {}) => server.request('POST', '/v1/search', { body, ...options });

/** The results of one search, which must succeed. */
async function results(body: Record<string, unknown>, options: Options = {}): Promise<Json[]> {
  const res = await search(body, options);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.results as Json[];
}

const idsOf = (items: Json[]): string[] => items.map((r) => r.id as string);

/** Every result, page after page, following `next_cursor` until `has_more` is false. */
async function everything(body: Record<string, unknown>, options: Options = {}, between?: (pageNumber: number) => Promise<void>): Promise<Json[]> {
  const all: Json[] = [];
  let cursor: string | undefined;
  for (let pageNumber = 1; ; pageNumber++) {
    const res = await search({ ...body, ...(cursor ? { start_cursor: cursor } : {}) }, options);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    all.push(...(res.body.results as Json[]));
    if (!res.body.has_more) {
      expect(res.body.next_cursor).toBeNull();
      return all;
    }
    expect(typeof res.body.next_cursor).toBe('string');
    cursor = res.body.next_cursor as string;
    await between?.(pageNumber);
  }
}

/** A page with a title under `parentId` (the workspace's first page by default). */
async function page(title: string, parentId = server.info.rootPageId, children: unknown[] = []): Promise<string> {
  const res = await server.request('POST', '/v1/pages', { body: { parent: { page_id: parentId }, properties: { title: [text(title)] }, children } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.id as string;
}

async function trash(kind: 'pages' | 'databases' | 'data_sources', id: string): Promise<void> {
  const res = await server.request('PATCH', `/v1/${kind}/${id}`, { body: { in_trash: true } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** Give a block an edit time, so that the order of results is known in advance. */
const editedAt = (id: string, minute: number) =>
  updateBlock(server.ctx.store.db, id, { last_edited_time: `2025-01-01T00:${String(minute).padStart(2, '0')}:00.000Z` });

describe('matching', () => {
  it('matches a substring of the title, ignoring case', async () => {
    const report = await page('Quarterly Report');
    const draft = await page('report draft');
    await page('Unrelated');
    expect(new Set(idsOf(await results({ query: 'REPORT' })))).toEqual(new Set([report, draft]));
    expect(idsOf(await results({ query: 'rLY rEp' }))).toEqual([report]);
    expect(idsOf(await results({ query: 'port dr' }))).toEqual([draft]);
    expect(await results({ query: 'nothing like it' })).toEqual([]);
  });

  it('ignores spaces around the query', async () => {
    const report = await page('Quarterly Report');
    expect(idsOf(await results({ query: '  quarterly  ' }))).toEqual([report]);
  });

  it('returns everything the integration reaches for an empty or missing query', async () => {
    const a = await page('Alpha');
    const b = await page('Beta', a);
    const expected = new Set([server.info.rootPageId, a, b]);
    expect(new Set(idsOf(await results({})))).toEqual(expected);
    expect(new Set(idsOf(await results({ query: '' })))).toEqual(expected);
    expect(new Set(idsOf(await results({ query: '   ' })))).toEqual(expected);
  });

  it('takes LIKE wildcards and backslashes literally', async () => {
    const percent = await page('100% done');
    const underscore = await page('snake_case');
    const backslash = await page('C:\\temp');
    await page('plain');
    expect(idsOf(await results({ query: '%' }))).toEqual([percent]);
    expect(idsOf(await results({ query: '_' }))).toEqual([underscore]);
    expect(idsOf(await results({ query: '\\' }))).toEqual([backslash]);
    expect(idsOf(await results({ query: '0% d' }))).toEqual([percent]);
  });

  it('takes a query longer than any title, and finds nothing', async () => {
    await page('plain');
    expect(idsOf(await results({ query: 'plain '.repeat(10_000) }))).toEqual([]);
  });

  it('matches non-ASCII titles written the same way', async () => {
    const id = await page('Äpfel und Birnen');
    expect(idsOf(await results({ query: 'Äpfel' }))).toEqual([id]);
    expect(idsOf(await results({ query: 'UND BIRNEN' }))).toEqual([id]);
  });

  it('never returns content blocks', async () => {
    const id = await page('With content', server.info.rootPageId, [
      { type: 'paragraph', paragraph: { rich_text: [text('With content in a paragraph')] } },
      { type: 'heading_1', heading_1: { rich_text: [text('With content heading')] } },
    ]);
    expect(idsOf(await results({ query: 'with content' }))).toEqual([id]);
    for (const result of await results({})) expect(['page', 'data_source']).toContain(result.object);
  });

  it('answers with the list envelope and page objects as retrieving them gives', async () => {
    const plain = await page('Envelope page');
    const { dataSourceId } = await createDatabase(server, { Name: { title: {} }, Score: { number: {} } }, { title: 'Envelope table' });
    const row = await createRow(server, dataSourceId, { ...titled('Envelope row'), Score: { number: 7 } });
    const res = await search({ query: 'envelope', filter: { property: 'object', value: 'page' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(wholeList('page_or_data_source', res.headers['x-notion-request-id']));
    const byId = new Map((res.body.results as Json[]).map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual([plain, row.id].sort());
    expect(byId.get(plain)).toEqual({ ...(await getPage(server, plain)), request_id: undefined });
    expect(byId.get(row.id)).toEqual({ ...(await getPage(server, row.id)), request_id: undefined });
    expect(byId.get(row.id)!.properties.Score).toEqual({ id: expect.any(String), type: 'number', number: 7 });
  });

  it('needs the read_content capability', async () => {
    const writer = await secondIntegration(server, { name: 'Writer', capabilities: { read_content: false }, pages: [server.info.rootPageId] });
    expectError(await search({}, { token: writer.token }), 403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
  });
});

describe('data sources and databases', () => {
  it('returns each data source of a matching database from 2025-09-03, matched by the database title too', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, { Name: { title: {} } }, { title: 'Projects' });
    const second = await createDataSource(server, databaseId, { Title: { title: {} } }, 'Archive');
    for (const version of ['2025-09-03', '2026-03-11']) {
      const found = await results({ query: 'projects' }, { version });
      expect(new Set(idsOf(found))).toEqual(new Set([dataSourceId, second.id]));
      for (const result of found) {
        const retrieved = await server.request('GET', `/v1/data_sources/${result.id}`, { version });
        expect(retrieved.status).toBe(200);
        expect(result).toEqual({ ...retrieved.body, request_id: undefined });
      }
      // A data source's own title matches as well.
      expect(idsOf(await results({ query: 'ARCHIVE' }, { version }))).toEqual([second.id]);
      expect(idsOf(await results({ query: 'projects', filter: { property: 'object', value: 'data_source' } }, { version })).sort()).toEqual(
        [dataSourceId, second.id].sort(),
      );
      expect(await results({ query: 'projects', filter: { property: 'object', value: 'page' } }, { version })).toEqual([]);
    }
  });

  it('returns databases as 2022-06-28 shows them, leaving out one with several data sources', async () => {
    const single = await createDatabase(server, { Name: { title: {} }, Done: { checkbox: {} } }, { title: 'Reading list' });
    const multi = await createDatabase(server, { Name: { title: {} } }, { title: 'Reading archive' });
    await createDataSource(server, multi.databaseId, { Title: { title: {} } }, 'Reading extra');
    const res = await search({ query: 'reading' }, { version: '2022-06-28' });
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('page_or_database');
    expect(res.body.page_or_database).toEqual({});
    expect(idsOf(res.body.results)).toEqual([single.databaseId]);
    const retrieved = await server.request('GET', `/v1/databases/${single.databaseId}`, { version: '2022-06-28' });
    expect(res.body.results[0]).toEqual({ ...retrieved.body, request_id: undefined });
    expect(res.body.results[0].properties.Done).toEqual({ id: expect.any(String), name: 'Done', type: 'checkbox', checkbox: {}, description: null });
    expect(idsOf(await results({ query: 'reading', filter: { property: 'object', value: 'database' } }, { version: '2022-06-28' }))).toEqual([
      single.databaseId,
    ]);
    expect(await results({ query: 'reading', filter: { property: 'object', value: 'page' } }, { version: '2022-06-28' })).toEqual([]);
    // Once the extra data source is in the trash the database has one table again.
    const extra = (await server.request('GET', `/v1/databases/${multi.databaseId}`)).body.data_sources[1].id as string;
    await trash('data_sources', extra);
    expect(new Set(idsOf(await results({ query: 'reading' }, { version: '2022-06-28' })))).toEqual(new Set([single.databaseId, multi.databaseId]));
  });

  it('returns pages of data sources, and pages inside them', async () => {
    const { dataSourceId } = await createDatabase(server, { Name: { title: {} } }, { title: 'Tasks' });
    const row = await createRow(server, dataSourceId, titled('Write the search'));
    const sub = await page('Search notes', row.id);
    expect(new Set(idsOf(await results({ query: 'search' })))).toEqual(new Set([row.id, sub]));
    const legacy = await results({ query: 'write the' }, { version: '2022-06-28' });
    expect(legacy[0]!.parent).toEqual({ type: 'database_id', database_id: expect.any(String) });
  });
});

describe('filter', () => {
  it('filters by object', async () => {
    const pageId = await page('Kind page');
    const { databaseId, dataSourceId } = await createDatabase(server, { Name: { title: {} } }, { title: 'Kind table' });
    const kinds = [
      ['2022-06-28', 'page', [pageId]],
      ['2022-06-28', 'database', [databaseId]],
      ['2025-09-03', 'page', [pageId]],
      ['2025-09-03', 'data_source', [dataSourceId]],
      ['2026-03-11', 'page', [pageId]],
      ['2026-03-11', 'data_source', [dataSourceId]],
    ] as const;
    for (const [version, value, expected] of kinds) {
      const found = await results({ query: 'kind', filter: { property: 'object', value } }, { version });
      expect(idsOf(found), `${version} ${value}`).toEqual(expected);
      for (const result of found) expect(result.object).toBe(value);
    }
  });

  it('finds what is in the trash with in_trash from 2026-03-11', async () => {
    const live = await page('Bin live');
    const trashed = await page('Bin trashed');
    const below = await page('Bin below', trashed);
    await trash('pages', trashed);
    const version = '2026-03-11';
    expect(idsOf(await results({ query: 'bin' }, { version }))).toEqual([live]);
    expect(idsOf(await results({ query: 'bin', filter: { in_trash: false } }, { version }))).toEqual([live]);
    // Only what is itself in the trash, not what is below it.
    expect(idsOf(await results({ query: 'bin', filter: { in_trash: true } }, { version }))).toEqual([trashed]);
    const found = await results({ query: 'bin', filter: { property: 'object', value: 'page', in_trash: true } }, { version });
    expect(idsOf(found)).toEqual([trashed]);
    expect(found[0]!.in_trash).toBe(true);
    expect(await results({ query: 'bin', filter: { property: 'object', value: 'data_source', in_trash: true } }, { version })).toEqual([]);
    expect(idsOf(await results({ query: 'bin below' }, { version }))).toEqual([]);
    expect(below).toBeTruthy();
  });
});

describe('trash', () => {
  it('leaves out trashed pages and everything below them', async () => {
    const kept = await page('Garden kept');
    const gone = await page('Garden gone');
    const child = await page('Garden child', gone);
    const grandchild = await page('Garden grandchild', child);
    expect(new Set(idsOf(await results({ query: 'garden' })))).toEqual(new Set([kept, gone, child, grandchild]));
    await trash('pages', gone);
    expect(idsOf(await results({ query: 'garden' }))).toEqual([kept]);
    // Restored, all of it is found again.
    await server.request('PATCH', `/v1/pages/${gone}`, { body: { in_trash: false } });
    expect(new Set(idsOf(await results({ query: 'garden' })))).toEqual(new Set([kept, gone, child, grandchild]));
  });

  it('leaves out trashed databases with their data sources and pages, and trashed data sources', async () => {
    const { databaseId, dataSourceId } = await createDatabase(server, { Name: { title: {} } }, { title: 'Orchard' });
    const second = await createDataSource(server, databaseId, { Name: { title: {} } }, 'Orchard second');
    const row = await createRow(server, dataSourceId, titled('Orchard row'));
    expect(new Set(idsOf(await results({ query: 'orchard' })))).toEqual(new Set([dataSourceId, second.id, row.id]));
    await trash('data_sources', second.id);
    expect(new Set(idsOf(await results({ query: 'orchard' })))).toEqual(new Set([dataSourceId, row.id]));
    await trash('databases', databaseId);
    expect(await results({ query: 'orchard' })).toEqual([]);
    expect(await results({ query: 'orchard' }, { version: '2022-06-28' })).toEqual([]);
  });
});

describe('sort', () => {
  async function threePages(): Promise<[string, string, string]> {
    const a = await page('Sorted a');
    const b = await page('Sorted b');
    const c = await page('Sorted c');
    await editedAt(a, 20);
    await editedAt(b, 10);
    await editedAt(c, 30);
    return [a, b, c];
  }

  it('orders by last_edited_time, most recent first by default', async () => {
    const [a, b, c] = await threePages();
    expect(idsOf(await results({ query: 'sorted' }))).toEqual([c, a, b]);
    const sorted = await results({ query: 'sorted', sort: { timestamp: 'last_edited_time', direction: 'descending' } });
    expect(idsOf(sorted)).toEqual([c, a, b]);
    expect(sorted.map((r) => r.last_edited_time)).toEqual(['2025-01-01T00:30:00.000Z', '2025-01-01T00:20:00.000Z', '2025-01-01T00:10:00.000Z']);
    expect(idsOf(await results({ query: 'sorted', sort: { timestamp: 'last_edited_time' } }))).toEqual([c, a, b]);
  });

  it('orders oldest first when ascending', async () => {
    const [a, b, c] = await threePages();
    expect(idsOf(await results({ query: 'sorted', sort: { timestamp: 'last_edited_time', direction: 'ascending' } }))).toEqual([b, a, c]);
  });

  it('breaks ties by id', async () => {
    const ids = [await page('Tied one'), await page('Tied two'), await page('Tied three')];
    for (const id of ids) await editedAt(id, 5);
    const ascending = [...ids].sort();
    expect(idsOf(await results({ query: 'tied', sort: { timestamp: 'last_edited_time', direction: 'ascending' } }))).toEqual(ascending);
    expect(idsOf(await results({ query: 'tied' }))).toEqual([...ascending].reverse());
  });

  it('mixes pages and data sources in one order', async () => {
    const pageId = await page('Mixed page');
    const { databaseId, dataSourceId } = await createDatabase(server, { Name: { title: {} } }, { title: 'Mixed table' });
    await editedAt(pageId, 10);
    await editedAt(dataSourceId, 20);
    await editedAt(databaseId, 5);
    expect(idsOf(await results({ query: 'mixed' }))).toEqual([dataSourceId, pageId]);
    expect(idsOf(await results({ query: 'mixed' }, { version: '2022-06-28' }))).toEqual([pageId, databaseId]);
  });

  it('takes the relevance sort of 2026-03-11 as the default order', async () => {
    const [a, b, c] = await threePages();
    expect(idsOf(await results({ query: 'sorted', sort: { property: 'relevance' } }, { version: '2026-03-11' }))).toEqual([c, a, b]);
  });
});

describe('pagination', () => {
  async function manyPages(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await page(`Paged ${i}`));
    return ids;
  }

  it('visits every result exactly once, in order, page_size at a time', async () => {
    const ids = await manyPages(23);
    for (const direction of ['descending', 'ascending'] as const) {
      const pages: number[] = [];
      const all = await everything({ query: 'paged', page_size: 5, sort: { timestamp: 'last_edited_time', direction } }, {}, async () => {
        pages.push(1);
      });
      expect(pages).toHaveLength(4);
      expect(idsOf(all)).toHaveLength(23);
      expect(new Set(idsOf(all))).toEqual(new Set(ids));
      expect(idsOf(all)).toEqual(direction === 'descending' ? [...ids].reverse() : ids);
    }
  });

  it('gives has_more and next_cursor only while results remain', async () => {
    await manyPages(4);
    const first = await search({ query: 'paged', page_size: 2 });
    expect(first.body.results).toHaveLength(2);
    expect(first.body.has_more).toBe(true);
    const second = await search({ query: 'paged', page_size: 2, start_cursor: first.body.next_cursor });
    expect(second.body.results).toHaveLength(2);
    // The last page is full, and nothing comes after it.
    expect(second.body.has_more).toBe(false);
    expect(second.body.next_cursor).toBeNull();
    const exact = await search({ query: 'paged', page_size: 4 });
    expect(exact.body.has_more).toBe(false);
  });

  it('never repeats a result when pages are added between requests', async () => {
    const ids = await manyPages(12);
    const added: string[] = [];
    const descending = await everything({ query: 'paged', page_size: 5 }, {}, async (n) => {
      added.push(await page(`Paged added ${n}`));
    });
    // New pages are newer than the cursor, so a descending walk does not reach them.
    expect(idsOf(descending)).toEqual([...ids].reverse());
    const ascending = await everything({ query: 'paged', page_size: 5, sort: { timestamp: 'last_edited_time', direction: 'ascending' } }, {}, async (n) => {
      added.push(await page(`Paged late ${n}`));
    });
    // An ascending walk finds them at the end, each once.
    expect(new Set(idsOf(ascending)).size).toBe(ascending.length);
    expect(idsOf(ascending).slice(0, 12 + 2)).toEqual([...ids, ...added.slice(0, 2)]);
    expect(new Set(idsOf(ascending))).toEqual(new Set([...ids, ...added]));
  });

  it('reads page_size 0 as the default of 100', async () => {
    await manyPages(102);
    const res = await search({ query: 'paged', page_size: 0 });
    expect(res.body.results).toHaveLength(100);
    expect(res.body.has_more).toBe(true);
    const defaulted = await search({ query: 'paged' });
    expect(idsOf(defaulted.body.results)).toEqual(idsOf(res.body.results));
    const rest = await search({ query: 'paged', start_cursor: res.body.next_cursor });
    expect(rest.body.results).toHaveLength(2);
    expect(rest.body.has_more).toBe(false);
  });

  it('takes a null or empty start_cursor as the first page', async () => {
    const ids = await manyPages(3);
    expect(idsOf(await results({ query: 'paged', start_cursor: null }))).toEqual([...ids].reverse());
    expect(idsOf(await results({ query: 'paged', start_cursor: '' }))).toEqual([...ids].reverse());
  });

  it('refuses a cursor it did not give, or gave for another integration or order', async () => {
    await manyPages(3);
    const invalid = (cursor: string) => `The start_cursor provided is invalid: ${cursor}`;
    for (const cursor of ['bogus', 'eyJhIjoxfQ', '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11']) {
      expectError(await search({ start_cursor: cursor }), 400, 'validation_error', invalid(cursor));
    }
    const cursor = (await search({ query: 'paged', page_size: 1 })).body.next_cursor as string;
    expectError(
      await search({ query: 'paged', start_cursor: cursor, sort: { timestamp: 'last_edited_time', direction: 'ascending' } }),
      400,
      'validation_error',
      invalid(cursor),
    );
    const other = await secondIntegration(server, { name: 'Second' });
    await other.share(server.info.rootPageId);
    expectError(await search({ start_cursor: cursor }, { token: other.token }), 400, 'validation_error', invalid(cursor));
    expectError(await search({ start_cursor: `${cursor}x` }), 400, 'validation_error', invalid(`${cursor}x`));
  });
});

describe('access', () => {
  it('returns only what was shared with the integration, and what is below it', async () => {
    const team = await page('Team space');
    const notes = await page('Team notes', team);
    const { dataSourceId } = await createDatabase(server, { Name: { title: {} } }, { title: 'Team tasks', parentId: team });
    const task = await createRow(server, dataSourceId, titled('Team task'));
    const secret = await page('Team secret plans');
    const other = await secondIntegration(server, { name: 'Second' });
    expect(await results({}, { token: other.token })).toEqual([]);
    await other.share(team);
    const visible = new Set([team, notes, dataSourceId, task.id]);
    expect(new Set(idsOf(await results({}, { token: other.token })))).toEqual(visible);
    expect(new Set(idsOf(await results({ query: 'team' }, { token: other.token })))).toEqual(visible);
    expect(await results({ query: 'secret' }, { token: other.token })).toEqual([]);
    expect(idsOf(await results({ query: 'secret' }))).toEqual([secret]);
    // Sharing a page twice over (itself and an ancestor) gives each result once.
    await other.share(notes);
    expect(idsOf(await results({ query: 'team' }, { token: other.token }))).toHaveLength(visible.size);
  });

  it('finds a small share in a large workspace, and every page of a large one', async () => {
    // More pages than the first plan looks at before it turns to walking down from the shares.
    const count = 1050;
    const folder = await page('Big folder');
    for (let i = 0; i < count; i++) await page(`Many ${i}`, folder);
    const corner = await page('Small corner');
    const inside = await page('Many inside the corner', corner);
    const other = await secondIntegration(server, { name: 'Second' });
    await other.share(corner);
    for (const direction of ['descending', 'ascending'] as const) {
      const sort = { timestamp: 'last_edited_time', direction };
      expect(idsOf(await results({ query: 'many', sort }, { token: other.token }))).toEqual([inside]);
      expect(new Set(idsOf(await results({ sort }, { token: other.token })))).toEqual(new Set([corner, inside]));
    }
    const all = await everything({ query: 'MANY' });
    expect(all).toHaveLength(count + 1);
    expect(new Set(idsOf(all)).size).toBe(count + 1);
  }, 30_000);
});

describe('both plans give the same results', () => {
  // The store answers from its index first (a walk over twice the page, then one over the whole
  // budget) and walks down from the shares when that runs out of budget; a budget of 0 forces the
  // second plan, small ones the second walk or a walk cut short.
  it('for every kind of object, trash state, order and position', async () => {
    const team = await page('Plan team');
    await page('Plan notes', team);
    const { databaseId, dataSourceId } = await createDatabase(server, { Name: { title: {} } }, { title: 'Plan table', parentId: team });
    await createDataSource(server, databaseId, { Name: { title: {} } }, 'Plan second');
    const single = await createDatabase(server, { Name: { title: {} } }, { title: 'Plan single' });
    for (let i = 0; i < 6; i++) await createRow(server, i % 2 ? dataSourceId : single.dataSourceId, titled(`Plan row ${i}`));
    const gone = await page('Plan gone', team);
    await page('Plan below gone', gone);
    await trash('pages', gone);
    await page('Unmatched');
    const other = await secondIntegration(server, { name: 'Second' });
    await other.share(team);

    const actors = [await authenticate(server.ctx, server.info.token), await authenticate(server.ctx, other.token)];
    const objectSets: SearchParams['objects'][] = [['page', 'data_source'], ['page', 'database'], ['page'], ['data_source'], ['database']];
    let compared = 0;
    for (const actor of actors) {
      for (const objects of objectSets) {
        for (const trashed of [false, true]) {
          for (const direction of ['descending', 'ascending'] as const) {
            for (const query of ['', 'plan', 'PLAN T', 'nothing']) {
              const params: SearchParams = { workspaceId: actor.workspaceId, reach: actor.reach, objects, query, trashed, direction, limit: 4 };
              const fromIndex = await searchBlocks(server.ctx.store.db, params);
              const fromGrants = await searchBlocks(server.ctx.store.db, { ...params, scanBudget: 0 });
              expect(idsOf(fromGrants as unknown as Json[])).toEqual(idsOf(fromIndex as unknown as Json[]));
              for (const scanBudget of [3, 5, 9]) {
                expect(idsOf((await searchBlocks(server.ctx.store.db, { ...params, scanBudget })) as unknown as Json[])).toEqual(
                  idsOf(fromIndex as unknown as Json[]),
                );
              }
              const last = fromIndex[1];
              if (last) {
                const after = { time: last.last_edited_time, id: last.id };
                const nextFromIndex = await searchBlocks(server.ctx.store.db, { ...params, after });
                const nextFromGrants = await searchBlocks(server.ctx.store.db, { ...params, after, scanBudget: 0 });
                expect(idsOf(nextFromGrants as unknown as Json[])).toEqual(idsOf(nextFromIndex as unknown as Json[]));
              }
              compared += fromIndex.length;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});

describe('validation', () => {
  const failed = (message: string) => `body failed validation: ${message}`;

  it('names the objects each version can filter by', async () => {
    const cases = [
      ['2022-06-28', 'data_source', '`"page"` or `"database"`'],
      ['2025-09-03', 'database', '`"page"` or `"data_source"`'],
      ['2026-03-11', 'database', '`"page"` or `"data_source"`'],
    ] as const;
    for (const [version, value, expected] of cases) {
      const res = await search({ filter: { property: 'object', value } }, { version });
      expectError(res, 400, 'validation_error', failed(`body.filter.value should be ${expected}, instead was \`"${value}"\`.`));
    }
  });

  it('reports malformed bodies in the message grammar', async () => {
    const cases: Array<[unknown, string, string?]> = [
      [{ query: 42 }, 'body.query should be a string or `undefined`, instead was `42`.'],
      [{ filter: 'page' }, 'body.filter should be an object or `undefined`, instead was `"page"`.'],
      [{ filter: 'page' }, 'body.filter should be an object or `undefined`, instead was `"page"`.', '2026-03-11'],
      [{ filter: { property: 'title', value: 'page' } }, 'body.filter.property should be `"object"`, instead was `"title"`.'],
      [{ filter: { property: 'object' } }, 'body.filter.value should be defined, instead was `undefined`.'],
      [{ filter: { property: 'object', value: 'page', in_trash: true } }, 'body.filter.in_trash should be not present, instead was `true`.'],
      [{ filter: { in_trash: 'yes' } }, 'body.filter.in_trash should be a boolean, instead was `"yes"`.', '2026-03-11'],
      [{ sort: { timestamp: 'created_time', direction: 'ascending' } }, 'body.sort.timestamp should be `"last_edited_time"`, instead was `"created_time"`.'],
      [{ sort: { timestamp: 'created_time' } }, 'body.sort.timestamp should be `"last_edited_time"`, instead was `"created_time"`.', '2026-03-11'],
      [
        { sort: { timestamp: 'last_edited_time', direction: 'up' } },
        'body.sort.direction should be `"ascending"`, `"descending"`, or `undefined`, instead was `"up"`.',
      ],
      [{ sort: { property: 'relevance' } }, 'body.sort.timestamp should be defined, instead was `undefined`.'],
      [{ sort: { property: 'title' } }, 'body.sort.property should be `"relevance"`, instead was `"title"`.', '2026-03-11'],
      [{ page_size: 'ten' }, 'body.page_size should be a number or `undefined`, instead was `"ten"`.'],
      [{ page_size: 101 }, 'body.page_size should be ≤ `100` or `undefined`, instead was `101`.'],
      [{ page_size: -1 }, 'body.page_size should be ≥ `0` or `undefined`, instead was `-1`.'],
      [{ start_cursor: 5 }, 'body.start_cursor should be a string, `null`, or `undefined`, instead was `5`.'],
      [{ limit: 5 }, 'body.limit should be not present, instead was `5`.'],
    ];
    for (const [body, message, version] of cases) {
      expectError(await search(body, { version }), 400, 'validation_error', failed(message));
    }
  });

  it('answers invalid JSON with invalid_json', async () => {
    const res = await server.request('POST', '/v1/search', { rawBody: '{"query":', headers: { 'content-type': 'application/json' } });
    expectError(res, 400, 'invalid_json', 'Error parsing JSON body.');
  });

  it('accepts an empty body', async () => {
    const res = await server.request('POST', '/v1/search', {});
    expect(res.status).toBe(200);
    expect(idsOf(res.body.results)).toEqual([server.info.rootPageId]);
  });
});
