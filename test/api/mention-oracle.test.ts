// Text matching cannot be used as an oracle on what an integration was not given: a title or
// rich text value holding a mention of a page B cannot reach reads "Untitled" to B
// (https://developers.notion.com/reference/rich-text#mention), and search, filters, sorts,
// formulas, page URLs and type conversions see that same text, never the mentioned page's
// real title (docs/decisions.md, "Searchable text of mentions").
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { buildValueIndexIfMissing } from '../../src/properties/value-index.js';
import { up as migration0007 } from '../../src/store/migrations/0007-mention-text-custom-emojis.js';
import { createIntegration, sharePage } from '../../src/services/workspace.js';
import { addSelfRelation, createDatabase, createRow, getPage, ok, text, type Json } from '../helpers/builders.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SECRET_TITLE = 'Secret plans';

let server: TestServer;
let asB: { token: string };
let secret: string;
let shared: string;
/** Data source D under the shared page: Name (title), Plain (rich text), Echo = prop("Name"). */
let d: string;
/** Pages of D: one titled with a mention of the secret page, two plain ones either side of it. */
let mentioning: string;
let before: string;
let after: string;

const mentionPage = (id: string) => ({ mention: { page: { id } } });

async function page(parentId: string, title: unknown[]): Promise<string> {
  return ok(await server.request('POST', '/v1/pages', { body: { parent: { page_id: parentId }, properties: { title: { title } } } })).id as string;
}

const searchIds = async (query: string, options: { token?: string } = asB): Promise<string[]> =>
  ok(await server.request('POST', '/v1/search', { ...options, body: { query } })).results.map((r: Json) => r.id as string);

const queryIds = async (body: Json, options: { token?: string } = asB): Promise<string[]> =>
  ok(await server.request('POST', `/v1/data_sources/${d}/query`, { ...options, body })).results.map((r: Json) => r.id as string);

beforeEach(async () => {
  server = await startTestServer();
  const root = server.info.rootPageId;
  secret = await page(root, [text(SECRET_TITLE)]);
  shared = await page(root, [text('Shared')]);
  d = (
    await createDatabase(
      server,
      { Name: { title: {} }, Plain: { rich_text: {} }, Echo: { formula: { expression: 'prop("Name")' } } },
      { parentId: shared, title: 'Tasks' },
    )
  ).dataSourceId;
  // "Rz" < "Secret plans notes" < "Tz" < "Untitled notes": the mention's place in a sort tells which
  // it was sorted as.
  before = (await createRow(server, d, { Name: { title: [text('Rz')] } })).id;
  mentioning = (await createRow(server, d, { Name: { title: [mentionPage(secret), text(' notes')] }, Plain: { rich_text: [mentionPage(secret)] } })).id;
  after = (await createRow(server, d, { Name: { title: [text('Tz')] } })).id;
  const b = await createIntegration(server.ctx, { workspaceId: server.info.workspaceId, name: 'Outsider' });
  asB = { token: b.token };
  await sharePage(server.ctx, b.integrationId, shared);
});

afterEach(async () => {
  await server.close();
});

describe('search', () => {
  it('matches a mention as the "Untitled" B reads, never the title of the page it names', async () => {
    for (const guess of ['Secret', 'secret plans', 'Secret plans notes']) expect(await searchIds(guess)).not.toContain(mentioning);
    expect(await searchIds('Untitled notes')).toContain(mentioning);
    expect(await searchIds('notes')).toContain(mentioning);
  });

  it('matches the same text for every integration, the owner included', async () => {
    expect(await searchIds('Untitled notes', {})).toContain(mentioning);
    expect(await searchIds('Secret', {})).not.toContain(mentioning);
  });

  it('matches a database title holding a mention as "Untitled" too', async () => {
    const database = ok(
      await server.request('POST', '/v1/databases', {
        body: {
          parent: { type: 'page_id', page_id: shared },
          title: [text('About '), mentionPage(secret)],
          initial_data_source: { properties: { Name: { title: {} } } },
        },
      }),
    );
    expect(await searchIds('About Secret')).toEqual([]);
    expect(await searchIds('About Untitled')).toContain(database.data_sources[0].id);
  });
});

describe('data source queries', () => {
  it('filters on title and rich text match "Untitled", not the mentioned title', async () => {
    for (const guess of ['Secret', 'Secret plans notes', 'plans']) {
      expect(await queryIds({ filter: { property: 'Name', title: { contains: guess } } })).toEqual([]);
      expect(await queryIds({ filter: { property: 'Plain', rich_text: { contains: guess } } })).toEqual([]);
      expect(await queryIds({ filter: { property: 'Echo', formula: { string: { contains: guess } } } })).toEqual([]);
    }
    expect(await queryIds({ filter: { property: 'Name', title: { equals: 'Untitled notes' } } })).toEqual([mentioning]);
    expect(await queryIds({ filter: { property: 'Plain', rich_text: { equals: 'Untitled' } } })).toEqual([mentioning]);
    expect(await queryIds({ filter: { property: 'Echo', formula: { string: { equals: 'Untitled notes' } } } })).toEqual([mentioning]);
  });

  it('sorts a title holding a mention as "Untitled", on the title and on a formula reading it', async () => {
    const order = [before, after, mentioning];
    expect(await queryIds({ sorts: [{ property: 'Name', direction: 'ascending' }] })).toEqual(order);
    expect(await queryIds({ sorts: [{ property: 'Echo', direction: 'ascending' }] })).toEqual(order);
    expect(
      await queryIds({
        sorts: [
          { property: 'Plain', direction: 'descending' },
          { property: 'Name', direction: 'ascending' },
        ],
      }),
    ).toEqual([mentioning, before, after]);
  });
});

describe('rollups of titles holding a mention', () => {
  it('read "Untitled" for B in the rollup, in rollup filters, and in formulas reading it', async () => {
    await addSelfRelation(server, d, 'Link');
    ok(
      await server.request('PATCH', `/v1/data_sources/${d}`, {
        body: {
          properties: {
            Names: { rollup: { function: 'show_original', relation_property_name: 'Link', rollup_property_name: 'Name' } },
            Joined: { formula: { expression: 'prop("Names").join(",")' } },
          },
        },
      }),
    );
    ok(await server.request('PATCH', `/v1/pages/${before}`, { body: { properties: { Link: { relation: [{ id: mentioning }] } } } }));
    const read = ok(await server.request('GET', `/v1/pages/${before}`, asB));
    expect(JSON.stringify(read)).not.toContain('Secret');
    expect(read.properties.Joined.formula.string).toBe('Untitled notes');
    expect(await queryIds({ filter: { property: 'Joined', formula: { string: { contains: 'Secret' } } } })).toEqual([]);
    expect(await queryIds({ filter: { property: 'Joined', formula: { string: { contains: 'Untitled' } } } })).toEqual([before]);
    expect(await queryIds({ filter: { property: 'Names', rollup: { any: { rich_text: { contains: 'Secret' } } } } })).toEqual([]);
    expect(await queryIds({ filter: { property: 'Names', rollup: { any: { rich_text: { contains: 'Untitled' } } } } })).toEqual([before]);
    // The owner reaches the page mentioned and reads its title through the rollup.
    expect((await getPage(server, before)).properties.Joined.formula.string).toBe(`${SECRET_TITLE} notes`);
  });
});

describe('text derived from a title', () => {
  it('the page URL, the child page block and mentions of the page carry "Untitled" in place of the mentioned title', async () => {
    const child = await page(shared, [text('Note on '), mentionPage(secret)]);
    for (const options of [asB, {}]) {
      const read = ok(await server.request('GET', `/v1/pages/${child}`, options));
      expect(read.url).not.toContain('Secret');
      const block = ok(await server.request('GET', `/v1/blocks/${child}`, options));
      expect(block.child_page.title).toBe('Note on Untitled');
    }
    const linking = ok(
      await server.request('PATCH', `/v1/blocks/${shared}/children`, { ...asB, body: { children: [{ paragraph: { rich_text: [mentionPage(child)] } }] } }),
    );
    expect(linking.results[0].paragraph.rich_text[0].plain_text).toBe('Note on Untitled');
  });

  it('converting rich text to a select names options after what B reads', async () => {
    const changed = ok(await server.request('PATCH', `/v1/data_sources/${d}`, { ...asB, body: { properties: { Plain: { select: {} } } } }));
    expect(JSON.stringify(changed)).not.toContain('Secret');
    const row = ok(await server.request('GET', `/v1/pages/${mentioning}`, asB));
    expect(row.properties.Plain.select?.name).toBe('Untitled');
  });
});

describe('the owner, who reaches the mentioned page', () => {
  it('still reads its title in the values and in formulas', async () => {
    const read = ok(await server.request('GET', `/v1/pages/${mentioning}`));
    expect(read.properties.Name.title.map((i: Json) => i.plain_text)).toEqual([SECRET_TITLE, ' notes']);
    expect(read.properties.Echo.formula.string).toBe(`${SECRET_TITLE} notes`);
  });
});

describe('a store written before titles held searchable text', () => {
  it('gets its titles and value index rewritten by migration 0007', async () => {
    const { store } = server.ctx;
    // As the store held them before: the mentioned title in the title and in the value index.
    await sql`update blocks set title = ${`${SECRET_TITLE} notes`} where id = ${mentioning}`.execute(store.db);
    await sql`update page_values set txt = ${SECRET_TITLE}, txt_lower = ${SECRET_TITLE.toLowerCase()} where page_id = ${mentioning}`.execute(store.db);
    await sql`drop table custom_emojis`.execute(store.db);
    expect(await searchIds('Secret')).toEqual([mentioning]);

    // Run as the migrator runs it (later migrations exist, so the migrator itself would not rerun it).
    await migration0007(store.db as unknown as Kysely<unknown>);
    expect(await store.transaction((tx) => buildValueIndexIfMissing(tx))).toBe(true);
    expect(await searchIds('Secret')).toEqual([]);
    expect(await queryIds({ filter: { property: 'Plain', rich_text: { contains: 'Secret' } } })).toEqual([]);
    expect(await queryIds({ filter: { property: 'Name', title: { equals: 'Untitled notes' } } })).toEqual([mentioning]);
  });
});
