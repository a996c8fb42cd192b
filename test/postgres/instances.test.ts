// Several server instances on one PostgreSQL database behave as one Notion: what one writes the
// other reads at once, and concurrent writes split across both keep Notion's invariants (child
// order, unique_id sequences, schemas and the values of pages).
import type { Client } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { sdkClient } from '../helpers/listening.js';
import { text } from '../helpers/sdk.js';
import { dropPostgresSchema } from '../../src/store/dialect.js';
import { testDatabaseUrl, testSchemaName } from '../helpers/store.js';

const url = testDatabaseUrl();
const schema = testSchemaName();
let a: RunningServer;
let b: RunningServer;
let na: Client;
let nb: Client;

const start = () => startServer(defaultConfig({ host: '127.0.0.1', port: 0, logLevel: 'silent', databaseUrl: url, databaseSchema: schema, poolSize: 8 }));

beforeAll(async () => {
  // Both start on the empty database at once: one creates the workspace, the other finds it.
  [a, b] = await Promise.all([start(), start()]);
  na = sdkClient(a);
  nb = sdkClient(b);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await dropPostgresSchema(url, schema);
});

/** A response seen through the fields a test reads. */
const as = <T>(value: unknown): T => value as T;

/** Every child of a block, following next_cursor. */
async function childrenOf(notion: Client, id: string): Promise<{ id: string; text: string }[]> {
  const out: { id: string; text: string }[] = [];
  let cursor: string | undefined;
  do {
    const res = await notion.blocks.children.list({ block_id: id, start_cursor: cursor, page_size: 100 });
    for (const block of res.results as { id: string; type: string; paragraph?: { rich_text: { plain_text: string }[] } }[]) {
      out.push({ id: block.id, text: block.paragraph?.rich_text.map((t) => t.plain_text).join('') ?? '' });
    }
    cursor = res.next_cursor ?? undefined;
  } while (cursor);
  return out;
}

async function newPage(notion: Client, title: string): Promise<string> {
  const page = await notion.pages.create({ parent: { page_id: a.info.rootPageId }, properties: { title: { title: text(title) } } });
  return page.id;
}

describe('two instances on one database', () => {
  it('share one workspace, created once', async () => {
    expect(b.info).toEqual(a.info);
    expect(await a.ctx.store.db.selectFrom('workspaces').select('id').execute()).toHaveLength(1);
  });

  it('read back at once through one what the other wrote', async () => {
    const id = await newPage(na, 'Written through A');
    const read = await nb.pages.retrieve({ page_id: id });
    expect(read.id).toBe(id);
    expect(as<{ properties: { title: { title: { plain_text: string }[] } } }>(read).properties.title.title[0]!.plain_text).toBe('Written through A');
    await nb.pages.update({ page_id: id, properties: { title: { title: text('Renamed through B') } } });
    const again = as<{ properties: { title: { title: { plain_text: string }[] } } }>(await na.pages.retrieve({ page_id: id }));
    expect(again.properties.title.title[0]!.plain_text).toBe('Renamed through B');
  });

  it('never send a page answer one kept after the other changed the page', async () => {
    type Titled = { properties: { title: { title: { plain_text: string }[] } } };
    const titleIn = async (notion: Client, id: string) => as<Titled>(await notion.pages.retrieve({ page_id: id })).properties.title.title[0]!.plain_text;
    const id = await newPage(na, 'Kept by A');
    expect(await titleIn(na, id)).toBe('Kept by A');
    const hits = a.app.answerMemo.hits;
    expect(await titleIn(na, id)).toBe('Kept by A');
    expect(a.app.answerMemo.hits).toBe(hits + 1);
    await nb.pages.update({ page_id: id, properties: { title: { title: text('Changed by B') } } });
    expect(await titleIn(na, id)).toBe('Changed by B');
    await nb.pages.update({ page_id: id, in_trash: true });
    expect(as<{ in_trash: boolean }>(await na.pages.retrieve({ page_id: id })).in_trash).toBe(true);
  });

  it('keep one order for 200 concurrent appends to one parent, none lost or doubled', async () => {
    const parent = await newPage(na, 'Appends');
    const answered = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const notion = i % 2 === 0 ? na : nb;
        const res = await notion.blocks.children.append({ block_id: parent, children: [{ paragraph: { rich_text: text(`item ${i}`) } }] });
        return res.results[0]!.id;
      }),
    );
    const throughA = await childrenOf(na, parent);
    const throughB = await childrenOf(nb, parent);
    expect(throughB).toEqual(throughA);
    expect(throughA).toHaveLength(200);
    expect(new Set(throughA.map((c) => c.id))).toEqual(new Set(answered));
    expect(new Set(throughA.map((c) => c.text))).toEqual(new Set(Array.from({ length: 200 }, (_, i) => `item ${i}`)));
    // No two children share a place: the order is one order, not a tie broken by ids.
    const positions = await a.ctx.store.db.selectFrom('blocks').select('position').where('parent_id', '=', parent).execute();
    expect(new Set(positions.map((p) => p.position)).size).toBe(200);
  });

  it('give 200 concurrent page creates in one data source 200 consecutive unique_id numbers', async () => {
    const database = await na.databases.create({
      parent: { type: 'page_id', page_id: a.info.rootPageId },
      title: text('Tickets'),
      initial_data_source: { properties: { Name: { title: {} }, Ticket: { unique_id: { prefix: 'T' } }, Tag: { select: {} } } },
    });
    const dataSourceId = (database as { data_sources: { id: string }[] }).data_sources[0]!.id;
    const created = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const notion = i % 2 === 0 ? na : nb;
        // Every write also names a select option: new options join the schema without a lost update.
        const page = await notion.pages.create({
          parent: { data_source_id: dataSourceId },
          properties: { Name: { title: text(`ticket ${i}`) }, Tag: { select: { name: `tag ${i % 20}` } } },
        });
        return as<{ properties: { Ticket: { unique_id: { number: number; prefix: string } } } }>(page).properties.Ticket.unique_id;
      }),
    );
    expect(created.every((u) => u.prefix === 'T')).toBe(true);
    expect(created.map((u) => u.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const source = as<{ properties: { Tag: { select: { options: { name: string }[] } } } }>(await nb.dataSources.retrieve({ data_source_id: dataSourceId }));
    expect(new Set(source.properties.Tag.select.options.map((o) => o.name))).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `tag ${i}`)));
  });

  it('link 40 concurrent page creates to one page through a two-way relation of a data source with itself', async () => {
    const database = await na.databases.create({
      parent: { type: 'page_id', page_id: a.info.rootPageId },
      title: text('Tree'),
      initial_data_source: { properties: { Name: { title: {} } } },
    });
    const dataSourceId = as<{ data_sources: { id: string }[] }>(database).data_sources[0]!.id;
    await na.dataSources.update({
      data_source_id: dataSourceId,
      properties: { Parent: { relation: { data_source_id: dataSourceId, dual_property: { synced_property_name: 'Children' } } } },
    } as never);
    const root = await na.pages.create({ parent: { data_source_id: dataSourceId }, properties: { Name: { title: text('root') } } });
    const created = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const notion = i % 2 === 0 ? na : nb;
        const page = await notion.pages.create({
          parent: { data_source_id: dataSourceId },
          properties: { Name: { title: text(`child ${i}`) }, Parent: { relation: [{ id: root.id }] } } as never,
        });
        return page.id;
      }),
    );
    const rootRead = as<{ properties: { Children: { id: string } } }>(await nb.pages.retrieve({ page_id: root.id }));
    const children = await nb.pages.properties.retrieve({ page_id: root.id, property_id: rootRead.properties.Children.id, page_size: 100 });
    const linked = as<{ results: { relation: { id: string } }[] }>(children).results.map((r) => r.relation.id);
    expect(new Set(linked)).toEqual(new Set(created));
  });

  it('lose no update when both write different properties of one page at once', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `P${i}`);
    const database = await na.databases.create({
      parent: { type: 'page_id', page_id: a.info.rootPageId },
      title: text('Wide'),
      initial_data_source: { properties: { Name: { title: {} }, ...Object.fromEntries(names.map((n) => [n, { number: {} }])) } },
    });
    const dataSourceId = (database as { data_sources: { id: string }[] }).data_sources[0]!.id;
    const page = await na.pages.create({ parent: { data_source_id: dataSourceId }, properties: { Name: { title: text('one row') } } });
    await Promise.all(names.map((n, i) => (i % 2 === 0 ? na : nb).pages.update({ page_id: page.id, properties: { [n]: { number: i } } })));
    const read = (await na.pages.retrieve({ page_id: page.id })) as { properties: Record<string, { number?: number | null }> };
    expect(names.map((n) => read.properties[n]!.number)).toEqual(names.map((_, i) => i));
  });

  it('never leave a page with a value for a property that no longer exists, under concurrent schema edits and page writes', async () => {
    const database = await na.databases.create({
      parent: { type: 'page_id', page_id: a.info.rootPageId },
      title: text('Churn'),
      initial_data_source: { properties: { Name: { title: {} } } },
    });
    const dataSourceId = (database as { data_sources: { id: string }[] }).data_sources[0]!.id;
    const pages = await Promise.all(
      Array.from(
        { length: 10 },
        async (_, i) => (await na.pages.create({ parent: { data_source_id: dataSourceId }, properties: { Name: { title: text(`row ${i}`) } } })).id,
      ),
    );
    // Rounds of: add a property through one instance, then write it on every page through both
    // while the other instance deletes it again.
    for (let round = 0; round < 5; round++) {
      const name = `Score ${round}`;
      await na.dataSources.update({ data_source_id: dataSourceId, properties: { [name]: { number: {} } } });
      await Promise.all([
        ...pages.map(async (page, i) => {
          const notion = i % 2 === 0 ? na : nb;
          try {
            await notion.pages.update({ page_id: page, properties: { [name]: { number: round * 100 + i } } });
          } catch (error) {
            // Written after the property was deleted: refused as a property that does not exist.
            expect((error as { code?: string }).code).toBe('validation_error');
          }
        }),
        nb.dataSources.update({ data_source_id: dataSourceId, properties: { [name]: null } }),
      ]);
    }
    const source = (await na.dataSources.retrieve({ data_source_id: dataSourceId })) as { properties: Record<string, { id: string }> };
    expect(Object.keys(source.properties)).toEqual(['Name']);
    const schemaIds = new Set(Object.values(source.properties).map((p) => decodeURIComponent(p.id)));
    const rows = await a.ctx.store.db.selectFrom('blocks').select(['id', 'properties']).where('parent_id', '=', dataSourceId).execute();
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      for (const key of Object.keys(JSON.parse(row.properties ?? '{}') as object)) expect(schemaIds).toContain(key);
    }
    const indexed = await a.ctx.store.db.selectFrom('page_values').select('property_id').distinct().where('data_source_id', '=', dataSourceId).execute();
    for (const { property_id } of indexed) expect(schemaIds).toContain(property_id);
    for (const page of pages) {
      const read = (await nb.pages.retrieve({ page_id: page })) as { properties: Record<string, unknown> };
      expect(Object.keys(read.properties)).toEqual(['Name']);
    }
  });
});
