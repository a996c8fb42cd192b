// Notion-Version 2026-12-01: each of its breaking changes, shown by the same request under
// 2026-03-11 and under 2026-12-01 (https://developers.notion.com/guides/data-apis/upgrade-guide-2026-12-01).
import { beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from '../../src/services/workspace.js';
import { createDatabase, createRow, expectError, ok, text, titled, type Json } from '../helpers/builders.js';
import { sharedTestServer } from '../helpers/server.js';

const OLD = '2026-03-11';
const NEW = '2026-12-01';
const BETA = { 'notion-beta': 'status-group-filters-2026-10-06' };

const server = sharedTestServer();

const names = (list: Json): string[] => list.results.map((p: Json) => p.properties.Name.title[0].plain_text).sort();

describe('Notion-Version 2026-12-01 is accepted', () => {
  it('answers under 2026-12-01 as under any other version', async () => {
    const me = ok(await server.request('GET', '/v1/users/me', { version: NEW }));
    expect(me.id).toBe(server.info.botId);
  });
});

describe('pages in lists carry only their title unless filter_properties names more', () => {
  let dataSourceId: string;
  let hoursId: string;
  beforeAll(async () => {
    const db = await createDatabase(server, { Name: { title: {} }, Hours: { number: {} }, Notes: { rich_text: {} } }, { title: 'Listed' });
    dataSourceId = db.dataSourceId;
    await createRow(server, dataSourceId, { ...titled('Listed row'), Hours: { number: 3 }, Notes: { rich_text: [text('n')] } });
    hoursId = db.database.id && (ok(await server.request('GET', `/v1/data_sources/${dataSourceId}`)).properties.Hours.id as string);
  });

  it('query: every property under 2026-03-11, the title alone under 2026-12-01', async () => {
    const before = ok(await server.request('POST', `/v1/data_sources/${dataSourceId}/query`, { version: OLD }));
    expect(Object.keys(before.results[0].properties).sort()).toEqual(['Hours', 'Name', 'Notes']);
    const after = ok(await server.request('POST', `/v1/data_sources/${dataSourceId}/query`, { version: NEW }));
    expect(Object.keys(after.results[0].properties)).toEqual(['Name']);
    expect(after.results[0].properties.Name.title[0].plain_text).toBe('Listed row');
  });

  it('query: filter_properties names the same properties in both versions', async () => {
    const url = `/v1/data_sources/${dataSourceId}/query?filter_properties=title&filter_properties=${encodeURIComponent(hoursId)}`;
    for (const version of [OLD, NEW]) {
      const list = ok(await server.request('POST', url, { version }));
      expect(Object.keys(list.results[0].properties).sort(), version).toEqual(['Hours', 'Name']);
    }
  });

  it('search: every property under 2026-03-11, the title alone under 2026-12-01, filter_properties in both', async () => {
    const body = { query: 'Listed row', filter: { property: 'object', value: 'page' } };
    const before = ok(await server.request('POST', '/v1/search', { body, version: OLD }));
    expect(Object.keys(before.results[0].properties).sort()).toEqual(['Hours', 'Name', 'Notes']);
    const after = ok(await server.request('POST', '/v1/search', { body, version: NEW }));
    expect(Object.keys(after.results[0].properties)).toEqual(['Name']);
    const url = `/v1/search?filter_properties=${encodeURIComponent(hoursId)}`;
    const hours = ok(await server.request('POST', url, { body, version: NEW }));
    expect(Object.keys(hours.results[0].properties)).toEqual(['Hours']);
  });

  it('retrieving a page still answers every property', async () => {
    const list = ok(await server.request('POST', `/v1/data_sources/${dataSourceId}/query`, { version: NEW }));
    const page = ok(await server.request('GET', `/v1/pages/${list.results[0].id}`, { version: NEW }));
    expect(Object.keys(page.properties).sort()).toEqual(['Hours', 'Name', 'Notes']);
  });
});

describe('status filters by group', () => {
  let dataSourceId: string;
  const query = (filter: Json, version: string, headers?: Record<string, string>) =>
    server.request('POST', `/v1/data_sources/${dataSourceId}/query`, { body: { filter }, version, headers });

  beforeAll(async () => {
    // The default status property: options Not started, In progress, Done in groups To-do, In progress, Complete.
    dataSourceId = (await createDatabase(server, { Name: { title: {} }, Status: { status: {} } }, { title: 'Statuses' })).dataSourceId;
    for (const [name, status] of [
      ['A', 'Not started'],
      ['B', 'In progress'],
      ['C', 'Done'],
    ] as const) {
      await createRow(server, dataSourceId, { ...titled(name), Status: { status: { name: status } } });
    }
  });

  it('equals the name of a group: its options under 2026-03-11, nothing under 2026-12-01', async () => {
    const filter = { property: 'Status', status: { equals: 'Complete' } };
    expect(names(ok(await query(filter, OLD)))).toEqual(['C']);
    expect(names(ok(await query(filter, NEW)))).toEqual([]);
    // An option's own name means the option in both.
    const option = { property: 'Status', status: { equals: 'Done' } };
    expect(names(ok(await query(option, OLD)))).toEqual(['C']);
    expect(names(ok(await query(option, NEW)))).toEqual(['C']);
  });

  it('group conditions: refused under 2026-03-11 without the beta, served with it and under 2026-12-01', async () => {
    const filter = { property: 'Status', status: { group: { equals: 'Complete' } } };
    const refused = await query(filter, OLD);
    expectError(
      refused,
      400,
      'validation_error',
      'Status group filters need Notion-Version 2026-12-01, or the Notion-Beta header status-group-filters-2026-10-06 before it.',
    );
    expect(names(ok(await query(filter, OLD, BETA)))).toEqual(['C']);
    expect(names(ok(await query(filter, NEW)))).toEqual(['C']);
    const not = { property: 'Status', status: { group: { does_not_equal: 'Complete' } } };
    expect(names(ok(await query(not, NEW)))).toEqual(['A', 'B']);
  });

  it('an unknown beta is refused in any version', async () => {
    for (const version of [OLD, NEW]) {
      const res = await server.request('GET', '/v1/users/me', { version, headers: { 'notion-beta': 'no-such-beta' } });
      expectError(res, 400, 'invalid_beta', 'Notion-Beta header failed validation: "no-such-beta" is not a known beta.');
    }
  });
});

describe('markdown: v2 by default, v1 refused', () => {
  let pageId: string;
  const page = async (markdown: string): Promise<string> =>
    ok(await server.request('POST', '/v1/pages', { body: { parent: { page_id: server.info.rootPageId }, properties: { title: [text('Md')] }, markdown } }))
      .id as string;

  beforeAll(async () => {
    pageId = await page('# Intro\nfirst paragraph.\nsecond paragraph.');
  });

  it('reads as v1 under 2026-03-11 and as v2 under 2026-12-01', async () => {
    const before = ok(await server.request('GET', `/v1/pages/${pageId}/markdown`, { version: OLD }));
    expect(before.markdown).toBe('# Intro\nfirst paragraph.\nsecond paragraph.');
    const after = ok(await server.request('GET', `/v1/pages/${pageId}/markdown`, { version: NEW }));
    expect(after.markdown).toBe('# Intro\n\nfirst paragraph.\n\nsecond paragraph.');
    // v2 may still be asked for by name before 2026-12-01.
    const asked = ok(await server.request('GET', `/v1/pages/${pageId}/markdown?markdown_version=v2`, { version: OLD }));
    expect(asked.markdown).toBe(after.markdown);
  });

  it('refuses markdown_version v1 under 2026-12-01 only', async () => {
    ok(await server.request('GET', `/v1/pages/${pageId}/markdown?markdown_version=v1`, { version: OLD }));
    const res = await server.request('GET', `/v1/pages/${pageId}/markdown?markdown_version=v1`, { version: NEW });
    expectError(res, 400, 'validation_error', 'query failed validation: query.markdown_version should be `"v2"` or `undefined`, instead was `"v1"`.');
  });

  it('reads new content as v1 under 2026-03-11 and as v2 under 2026-12-01', async () => {
    const body = (version: string) => ({
      body: { parent: { page_id: server.info.rootPageId }, properties: { title: [text('Colors')] }, markdown: 'Hello {color="red"}' },
      version,
    });
    const v1 = ok(await server.request('POST', '/v1/pages', body(OLD)));
    const v2 = ok(await server.request('POST', '/v1/pages', body(NEW)));
    const first = async (id: string) => ok(await server.request('GET', `/v1/blocks/${id}/children`)).results[0].paragraph;
    expect(await first(v1.id)).toMatchObject({ color: 'red', rich_text: [{ plain_text: 'Hello' }] });
    // v2 keeps a trailing attribute list as text; its colours are tag attributes.
    expect(await first(v2.id)).toMatchObject({ color: 'default', rich_text: [{ plain_text: 'Hello {color="red"}' }] });
  });

  it('refuses replace_content_range under 2026-12-01 only', async () => {
    const id = await page('one\ntwo');
    const edit = { type: 'replace_content_range', replace_content_range: { content: 'three', content_range: 'two' } };
    expect(ok(await server.request('PATCH', `/v1/pages/${id}/markdown`, { body: edit, version: OLD })).markdown).toBe('one\nthree');
    const res = await server.request('PATCH', `/v1/pages/${id}/markdown`, { body: edit, version: NEW });
    expectError(
      res,
      400,
      'validation_error',
      'body failed validation: body.type should be `"insert_content"`, `"update_content"`, `"replace_content"`, or `undefined`, instead was `"replace_content_range"`.',
    );
  });

  it('insert_content.after: a range under 2026-03-11, the start of exactly one block under 2026-12-01', async () => {
    const edit = (after: string) => ({ type: 'insert_content', insert_content: { content: 'New para', after } });
    const legacy = await page('# Intro\nfirst paragraph.\nsecond');
    const before = ok(await server.request('PATCH', `/v1/pages/${legacy}/markdown`, { body: edit('# Intro...first paragraph.'), version: OLD }));
    expect(before.markdown).toBe('# Intro\nfirst paragraph.\nNew para\nsecond');

    const anchored = await page('# Intro\nfirst paragraph.\nsecond');
    const range = await server.request('PATCH', `/v1/pages/${anchored}/markdown`, { body: edit('# Intro...first paragraph.'), version: NEW });
    expectError(range, 400, 'validation_error', 'No block starts with after: "# Intro...first paragraph.".');
    const after = ok(await server.request('PATCH', `/v1/pages/${anchored}/markdown`, { body: edit('# Intro'), version: NEW }));
    expect(after.markdown).toBe('# Intro\n\nNew para\n\nfirst paragraph.\n\nsecond');
  });

  it('position after_content anchors the same way in both versions', async () => {
    const id = await page('alpha\nbeta\nalpha two');
    const edit = (anchor: string) => ({ type: 'insert_content', insert_content: { content: 'inserted', position: { type: 'after_content', anchor } } });
    const done = ok(await server.request('PATCH', `/v1/pages/${id}/markdown`, { body: edit('beta'), version: OLD }));
    expect(done.markdown).toBe('alpha\nbeta\ninserted\nalpha two');
    for (const version of [OLD, NEW]) {
      const several = await server.request('PATCH', `/v1/pages/${id}/markdown`, { body: edit('alpha'), version });
      expectError(several, 400, 'validation_error', 'Found 2 blocks that start with position.anchor: "alpha". It must match the start of exactly one block.');
    }
  });
});

describe('markdown_version on comments', () => {
  it('takes "v1" under 2026-03-11 and refuses it under 2026-12-01; only beside markdown', async () => {
    const parent = { page_id: server.info.rootPageId };
    const v1 = { parent, markdown: '**said**', markdown_version: 'v1' };
    expect(ok(await server.request('POST', '/v1/comments', { body: v1, version: OLD })).rich_text[0].annotations.bold).toBe(true);
    expectError(
      await server.request('POST', '/v1/comments', { body: v1, version: NEW }),
      400,
      'validation_error',
      'body failed validation: body.markdown_version should be `"v2"` or `undefined`, instead was `"v1"`.',
    );
    ok(await server.request('POST', '/v1/comments', { body: { ...v1, markdown_version: 'v2' }, version: NEW }));
    const withRichText = { parent, rich_text: [text('plain')], markdown_version: 'v2' };
    for (const version of [OLD, NEW]) {
      expectError(
        await server.request('POST', '/v1/comments', { body: withRichText, version }),
        400,
        'validation_error',
        'body failed validation: body.markdown_version should be not present unless body.markdown is present.',
      );
    }
  });
});

describe('a person without a name', () => {
  let userId: string;
  beforeAll(async () => {
    userId = await createPerson(server.ctx, server.info.workspaceId, null, 'nameless@localnotion.test');
  });

  it('is named "" under 2026-03-11 and null under 2026-12-01', async () => {
    expect(ok(await server.request('GET', `/v1/users/${userId}`, { version: OLD })).name).toBe('');
    expect(ok(await server.request('GET', `/v1/users/${userId}`, { version: NEW })).name).toBeNull();
    const listed = (version: string) => server.request('GET', '/v1/users', { version });
    expect(ok(await listed(OLD)).results.find((u: Json) => u.id === userId).name).toBe('');
    expect(ok(await listed(NEW)).results.find((u: Json) => u.id === userId).name).toBeNull();
  });
});
