// Positions of children on PostgreSQL: appends take them from a sequence without waiting for one
// another's COMMIT (creates in one data source share it unless they add to its schema), and inserts at the start, after a sibling or at the end keep one order with
// no ties, whatever else runs at the same time and however the positions were written before.
import type { Client } from '@notionhq/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { dropPostgresSchema } from '../../src/store/dialect.js';
import { sdkClient } from '../helpers/listening.js';
import { text } from '../helpers/sdk.js';
import { testDatabaseUrl, testSchemaName } from '../helpers/store.js';

const url = testDatabaseUrl();
const schema = testSchemaName();
let a: RunningServer;
let b: RunningServer;
let na: Client;
let nb: Client;

const start = () => startServer(defaultConfig({ host: '127.0.0.1', port: 0, logLevel: 'silent', databaseUrl: url, databaseSchema: schema, poolSize: 8 }));

beforeAll(async () => {
  a = await start();
  b = await start();
  na = sdkClient(a);
  nb = sdkClient(b);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await dropPostgresSchema(url, schema);
});

async function newPage(title: string): Promise<string> {
  return (await na.pages.create({ parent: { page_id: a.info.rootPageId }, properties: { title: { title: text(title) } } })).id;
}

/** The text of every child of `id`, in order, and their positions as stored. */
async function children(id: string): Promise<{ texts: string[]; positions: number[] }> {
  const res = await nb.blocks.children.list({ block_id: id, page_size: 100 });
  const texts = (res.results as { paragraph?: { rich_text: { plain_text: string }[] } }[]).map((b) => b.paragraph?.rich_text[0]?.plain_text ?? '');
  const rows = await a.ctx.store.db.selectFrom('blocks').select('position').where('parent_id', '=', id).orderBy('position').execute();
  return { texts, positions: rows.map((r) => r.position) };
}

const paragraph = (content: string) => ({ paragraph: { rich_text: text(content) } });

describe('positions on PostgreSQL', () => {
  it('a create under a page goes through while another transaction is still appending under it', async () => {
    const parent = await newPage('Busy parent');
    const other = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await other.connect();
    try {
      // What an append holds from its position to its COMMIT.
      await other.query('begin');
      await other.query('select id from blocks where id = $1 for key share', [parent]);
      const page = await nb.pages.create({ parent: { page_id: parent }, properties: { title: { title: text('Not waiting') } } });
      const appended = await na.blocks.children.append({ block_id: parent, children: [paragraph('not waiting either')] });
      expect(page.object).toBe('page');
      expect(appended.results).toHaveLength(1);
    } finally {
      await other.query('rollback');
      await other.end();
    }
  });

  it('a create in a data source goes through while another create in it is still open; one adding a select option waits for it', async () => {
    const database = await na.databases.create({
      parent: { type: 'page_id', page_id: a.info.rootPageId },
      title: text('Busy rows'),
      initial_data_source: { properties: { Name: { title: {} }, Tag: { select: { options: [{ name: 'known' }] } } } },
    });
    const dataSourceId = (database as { data_sources: { id: string }[] }).data_sources[0]!.id;
    const other = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await other.connect();
    try {
      // What a create in the data source holds from reading its schema to its COMMIT.
      await other.query('begin');
      await other.query('select id from blocks where id = $1 for share', [dataSourceId]);
      const row = (name: string, tag: string) =>
        nb.pages.create({ parent: { data_source_id: dataSourceId }, properties: { Name: { title: text(name) }, Tag: { select: { name: tag } } } });
      expect((await row('Not waiting', 'known')).object).toBe('page');
      // A new option changes the schema: that create waits for every create still reading it.
      let done = false;
      const adding = row('Waiting', 'new').then((page) => ((done = true), page));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(done).toBe(false);
      await other.query('commit');
      const page = (await adding) as unknown as { properties: { Tag: { select: { name: string } } } };
      expect(page.properties.Tag.select.name).toBe('new');
      const source = (await na.dataSources.retrieve({ data_source_id: dataSourceId })) as unknown as {
        properties: { Tag: { select: { options: { name: string }[] } } };
      };
      expect(source.properties.Tag.select.options.map((o) => o.name)).toEqual(['known', 'new']);
    } finally {
      await other.query('rollback').catch(() => undefined);
      await other.end();
    }
  });

  it('keep inserts at the start and after a sibling in place among concurrent appends from two instances', async () => {
    const parent = await newPage('Mixed inserts');
    const first = await na.blocks.children.append({ block_id: parent, children: [paragraph('anchor')] });
    const anchor = first.results[0]!.id;
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const notion = i % 2 === 0 ? na : nb;
        if (i % 10 === 3) return notion.blocks.children.append({ block_id: parent, children: [paragraph(`start ${i}`)], position: { type: 'start' } } as never);
        if (i % 10 === 7) return notion.blocks.children.append({ block_id: parent, children: [paragraph(`after ${i}`)], after: anchor } as never);
        return notion.blocks.children.append({ block_id: parent, children: [paragraph(`end ${i}`)] });
      }),
    );
    const { texts, positions } = await children(parent);
    expect(texts).toHaveLength(41);
    expect(new Set(positions).size).toBe(41);
    const at = texts.indexOf('anchor');
    // Everything put at the start comes before the anchor, everything put after it right after it.
    expect(texts.slice(0, at).every((t) => t.startsWith('start '))).toBe(true);
    expect(texts.slice(0, at)).toHaveLength(4);
    expect(texts.slice(at + 1, at + 5).every((t) => t.startsWith('after '))).toBe(true);
    expect(texts.slice(at + 5).every((t) => t.startsWith('end '))).toBe(true);
    // A later append still lands last.
    await nb.blocks.children.append({ block_id: parent, children: [paragraph('last')] });
    expect((await children(parent)).texts.at(-1)).toBe('last');
  });

  it('append after children whose positions were written past the sequence (a store loaded from elsewhere)', async () => {
    const parent = await newPage('Loaded positions');
    await na.blocks.children.append({ block_id: parent, children: [paragraph('one'), paragraph('two')] });
    const [row] = await a.ctx.store.db
      .selectFrom('blocks')
      .select(['id', 'position'])
      .where('parent_id', '=', parent)
      .orderBy('position', 'desc')
      .limit(1)
      .execute();
    await a.ctx.store.db
      .updateTable('blocks')
      .set({ position: 2 ** 50 })
      .where('id', '=', row!.id)
      .execute();
    await nb.blocks.children.append({ block_id: parent, children: [paragraph('three')] });
    await na.pages.create({ parent: { page_id: parent }, properties: { title: { title: text('four') } } });
    const list = await na.blocks.children.list({ block_id: parent });
    const kinds = list.results.map((r) => (r as { type: string }).type);
    expect(kinds).toEqual(['paragraph', 'paragraph', 'paragraph', 'child_page']);
    expect((await children(parent)).texts.slice(0, 3)).toEqual(['one', 'two', 'three']);
    const { positions } = await children(parent);
    expect(new Set(positions).size).toBe(4);
  });

  it('a page created after children whose positions were written past the sequence comes last, with its content', async () => {
    const parent = await newPage('Loaded, then a page');
    await na.blocks.children.append({ block_id: parent, children: [paragraph('one'), paragraph('two')] });
    await a.ctx.store.db
      .updateTable('blocks')
      .set({ position: 2 ** 51 })
      .where('parent_id', '=', parent)
      .where('position', '=', (eb) =>
        eb
          .selectFrom('blocks as b')
          .select((e) => e.fn.max('b.position').as('m'))
          .where('b.parent_id', '=', parent),
      )
      .execute();
    const page = await nb.pages.create({
      parent: { page_id: parent },
      properties: { title: { title: text('after them') } },
      children: [paragraph('inside 1'), paragraph('inside 2')],
    });
    const kinds = (await na.blocks.children.list({ block_id: parent })).results.map((r) => (r as { type: string }).type);
    expect(kinds).toEqual(['paragraph', 'paragraph', 'child_page']);
    expect((await children(page.id)).texts).toEqual(['inside 1', 'inside 2']);
    // And the sequence is past them now: the next append lands last too.
    await nb.blocks.children.append({ block_id: parent, children: [paragraph('three')] });
    expect((await children(parent)).texts.at(-1)).toBe('three');
  });

  it('pages created at the end from two instances keep one order with inserts after the last child', async () => {
    const parent = await newPage('Pages and inserts');
    const anchor = (await na.blocks.children.append({ block_id: parent, children: [paragraph('anchor')] })).results[0]!.id;
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const notion = i % 2 === 0 ? na : nb;
        if (i % 5 === 2) return notion.blocks.children.append({ block_id: parent, children: [paragraph(`after ${i}`)], after: anchor } as never);
        return notion.pages.create({ parent: { page_id: parent }, properties: { title: { title: text(`page ${i}`) } } });
      }),
    );
    const list = await na.blocks.children.list({ block_id: parent, page_size: 100 });
    const kinds = list.results.map((r) => (r as { type: string }).type);
    expect(kinds).toEqual(['paragraph', ...Array<string>(6).fill('paragraph'), ...Array<string>(24).fill('child_page')]);
    const { positions } = await children(parent);
    expect(new Set(positions).size).toBe(31);
  });

  it('blocks appended at the end, one holding another, keep their order past positions loaded beyond the sequence', async () => {
    const parent = await newPage('Appended in the insert');
    await na.blocks.children.append({ block_id: parent, children: [paragraph('one')] });
    await a.ctx.store.db
      .updateTable('blocks')
      .set({ position: 2 ** 52 })
      .where('parent_id', '=', parent)
      .execute();
    const toggle = { toggle: { rich_text: text('toggle'), children: [paragraph('inside')] } };
    const res = await nb.blocks.children.append({ block_id: parent, children: [paragraph('two'), toggle, paragraph('four')] as never });
    expect(res.results.map((r) => (r as { type: string }).type)).toEqual(['paragraph', 'toggle', 'paragraph']);
    const { texts, positions } = await children(parent);
    expect(texts).toEqual(['one', 'two', '', 'four']);
    expect(new Set(positions).size).toBe(4);
    expect((await children(res.results[1]!.id)).texts).toEqual(['inside']);
  });
});
