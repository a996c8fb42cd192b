// The main endpoints under every Notion-Version localnotion serves, so that no version regresses
// unnoticed: pages, blocks, databases and data sources, queries, search, comments, users and
// markdown, each asserting what that version's answer looks like. A version added to
// SERVED_VERSIONS must be given its row in EXPECTED below, or this file fails.
import { describe, expect, it } from 'vitest';
import { SERVED_VERSIONS } from '../../src/api-version.js';
import { ok, text, type Json } from '../helpers/builders.js';
import { sharedTestServer } from '../helpers/server.js';

interface Expected {
  /** Databases are split into data sources. */
  dataSources: boolean;
  /** Where `archived` stands in page and block answers, if anywhere. */
  archived: 'before in_trash' | 'last' | 'absent';
  /** Pages carry `is_archived`. */
  isArchived: boolean;
  /** Pages listed by search and queries carry only their title. */
  titleOnly: boolean;
  /** Markdown answers separate blocks with a blank line (v2). */
  markdownV2: boolean;
}

const EXPECTED: Record<string, Expected> = {
  '2022-06-28': { dataSources: false, archived: 'before in_trash', isArchived: false, titleOnly: false, markdownV2: false },
  '2025-09-03': { dataSources: true, archived: 'last', isArchived: true, titleOnly: false, markdownV2: false },
  '2026-03-11': { dataSources: true, archived: 'absent', isArchived: true, titleOnly: false, markdownV2: false },
  '2026-12-01': { dataSources: true, archived: 'absent', isArchived: true, titleOnly: true, markdownV2: true },
};

const server = sharedTestServer();

function expectArchived(object: Json, where: Expected['archived'], version: string): void {
  const keys = Object.keys(object).filter((k) => k !== 'request_id');
  if (where === 'absent') return expect(keys, version).not.toContain('archived');
  expect(object.archived, version).toBe(false);
  if (where === 'last') expect(keys[keys.length - 1], version).toBe('archived');
  else expect(keys.indexOf('archived'), version).toBe(keys.indexOf('in_trash') - 1);
}

it('has a row of expectations for every served version', () => {
  expect(Object.keys(EXPECTED)).toEqual([...SERVED_VERSIONS]);
});

describe.each(SERVED_VERSIONS.map((version) => ({ version, expected: EXPECTED[version]! })))('Notion-Version $version', ({ version, expected }) => {
  const send = (method: string, url: string, body?: unknown) => server.request(method, url, { body, version });
  const call = async (method: string, url: string, body?: unknown): Promise<Json> => ok(await send(method, url, body));

  it('pages and blocks: create, retrieve, update, append, list, update a block, delete it', async () => {
    const page = await call('POST', '/v1/pages', {
      parent: { page_id: server.info.rootPageId },
      properties: { title: [text(`Page ${version}`)] },
      children: [{ paragraph: { rich_text: [text('first')] } }],
    });
    expect(page.object).toBe('page');
    expectArchived(page, expected.archived, version);
    expect('is_archived' in page, version).toBe(expected.isArchived);
    expect((await call('GET', `/v1/pages/${page.id}`)).properties.title.title[0].plain_text).toBe(`Page ${version}`);
    const updated = await call('PATCH', `/v1/pages/${page.id}`, { properties: { title: [text(`Renamed ${version}`)] } });
    expect(updated.properties.title.title[0].plain_text).toBe(`Renamed ${version}`);

    const appended = await call('PATCH', `/v1/blocks/${page.id}/children`, { children: [{ paragraph: { rich_text: [text('second')] } }] });
    const block = appended.results[0];
    expectArchived(block, expected.archived, version);
    // Every paragraph carries `icon` from 2025-09-03 on; before, only one that has an icon.
    expect('icon' in block.paragraph, version).toBe(expected.dataSources);
    const children = await call('GET', `/v1/blocks/${page.id}/children`);
    expect(children.results.map((b: Json) => b.paragraph.rich_text[0].plain_text)).toEqual(['first', 'second']);
    const changed = await call('PATCH', `/v1/blocks/${block.id}`, { paragraph: { rich_text: [text('changed')] } });
    expect(changed.paragraph.rich_text[0].plain_text).toBe('changed');
    expect((await call('DELETE', `/v1/blocks/${block.id}`)).in_trash).toBe(true);
  });

  it('databases, data sources and queries', async () => {
    const properties = { Name: { title: {} }, Hours: { number: {} } };
    const parent = { type: 'page_id', page_id: server.info.rootPageId };
    const database = await call(
      'POST',
      '/v1/databases',
      expected.dataSources ? { parent, title: [text('Db')], initial_data_source: { properties } } : { parent, title: [text('Db')], properties },
    );
    expect('data_sources' in database, version).toBe(expected.dataSources);
    expect('properties' in database, version).toBe(!expected.dataSources);
    const sourceId = expected.dataSources ? database.data_sources[0].id : database.id;
    const row = await call('POST', '/v1/pages', {
      parent: expected.dataSources ? { data_source_id: sourceId } : { database_id: database.id },
      properties: { Name: { title: [text('Row')] }, Hours: { number: 2 } },
    });
    expect(row.parent.type).toBe(expected.dataSources ? 'data_source_id' : 'database_id');

    const queryUrl = expected.dataSources ? `/v1/data_sources/${sourceId}/query` : `/v1/databases/${database.id}/query`;
    const result = await call('POST', queryUrl, { filter: { property: 'Hours', number: { equals: 2 } } });
    expect(result.type).toBe(expected.dataSources ? 'page_or_data_source' : 'page_or_database');
    expect(result.results.map((p: Json) => p.id)).toEqual([row.id]);
    expect(Object.keys(result.results[0].properties).sort(), version).toEqual(expected.titleOnly ? ['Name'] : ['Hours', 'Name']);
    // The other query route is an unknown URL in this version.
    const other = expected.dataSources ? `/v1/databases/${database.id}/query` : `/v1/data_sources/${sourceId}/query`;
    expect((await send('POST', other, {})).body.code).toBe('invalid_request_url');
    if (expected.dataSources) expect((await call('GET', `/v1/data_sources/${sourceId}`)).properties.Hours.type).toBe('number');
  });

  it('search', async () => {
    const title = `Searched ${version}`;
    await call('POST', '/v1/pages', { parent: { page_id: server.info.rootPageId }, properties: { title: [text(title)] } });
    const found = await call('POST', '/v1/search', { query: title, filter: { property: 'object', value: 'page' } });
    expect(found.type).toBe(expected.dataSources ? 'page_or_data_source' : 'page_or_database');
    expect(found.results.map((p: Json) => p.properties.title.title[0].plain_text)).toEqual([title]);
    const databases = await send('POST', '/v1/search', { filter: { property: 'object', value: expected.dataSources ? 'database' : 'data_source' } });
    expect(databases.body.code, version).toBe('validation_error');
  });

  it('comments', async () => {
    const page = await call('POST', '/v1/pages', { parent: { page_id: server.info.rootPageId }, properties: { title: [text('Discussed')] } });
    const comment = await call('POST', '/v1/comments', { parent: { page_id: page.id }, rich_text: [text(`said under ${version}`)] });
    expect(comment.object).toBe('comment');
    const listed = await call('GET', `/v1/comments?block_id=${page.id}`);
    expect(listed.results.map((c: Json) => c.id)).toEqual([comment.id]);
    expect((await call('GET', `/v1/comments/${comment.id}`)).rich_text[0].plain_text).toBe(`said under ${version}`);
  });

  it('users', async () => {
    expect((await call('GET', '/v1/users/me')).id).toBe(server.info.botId);
    const users = await call('GET', '/v1/users');
    expect(users.results.map((u: Json) => u.id)).toContain(server.info.ownerId);
    expect((await call('GET', `/v1/users/${server.info.ownerId}`)).type).toBe('person');
  });

  it('markdown', async () => {
    const page = await call('POST', '/v1/pages', {
      parent: { page_id: server.info.rootPageId },
      properties: { title: [text('Md')] },
      children: [{ heading_2: { rich_text: [text('Head')] } }, { paragraph: { rich_text: [text('Body')] } }],
    });
    const markdown = await call('GET', `/v1/pages/${page.id}/markdown`);
    expect(markdown.markdown, version).toBe(expected.markdownV2 ? '## Head\n\nBody' : '## Head\nBody');
    const edited = await call('PATCH', `/v1/pages/${page.id}/markdown`, {
      type: 'update_content',
      update_content: { content_updates: [{ old_str: 'Body', new_str: 'Text' }] },
    });
    expect(edited.markdown.endsWith('Text')).toBe(true);
  });
});
