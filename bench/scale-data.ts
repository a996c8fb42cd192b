// The data of the scale run: one database under the root page whose data source holds N pages of
// mixed property types, written in this process through the same service functions the HTTP
// routes call (createDatabase, createPage), on the store the server is started on afterwards (a
// SQLite file, or a PostgreSQL schema). Each body is checked against the route's request schema first, and each page goes
// through createPage whole: access checks, value conversion, position, the block row and the
// value index (`page_values`) are written exactly as for `POST /v1/pages`. Only the commits are
// grouped: SCALE_BATCH pages share one transaction instead of one each (see `batchedContext`).
//
// The values come from a seeded generator, so every run writes the same data, and the run knows
// which pages each scenario must return.
import type { TSchema } from '@sinclair/typebox';
import { sql } from 'kysely';
import pg from 'pg';
import { defaultConfig } from '../src/config.js';
import { createContext, type AppContext } from '../src/context.js';
import { CreateDatabaseBody } from '../src/schemas/databases.js';
import { CreatePageBody } from '../src/schemas/pages.js';
import { authenticate } from '../src/services/access.js';
import { createDatabase } from '../src/services/databases.js';
import { createPage } from '../src/services/pages.js';
import { ensureWorkspace } from '../src/services/workspace.js';
import type { Store, Tx } from '../src/store/store.js';
import { validate } from '../src/validation/validate.js';

/** Title words: the second word of every title is one of these, so each is in about 1 title in 20. */
export const NOUNS = [
  'falcon',
  'harbor',
  'meadow',
  'lantern',
  'quartz',
  'summit',
  'willow',
  'ember',
  'glacier',
  'orchid',
  'canyon',
  'beacon',
  'thistle',
  'cobalt',
  'prairie',
  'juniper',
  'nebula',
  'saffron',
  'tundra',
  'zephyr',
] as const;
const ADJECTIVES = ['quiet', 'rapid', 'golden', 'hidden', 'bright', 'silver', 'ancient', 'northern'] as const;
const STATUSES = ['Backlog', 'Planned', 'In progress', 'Review', 'Shipped'] as const;
const TAGS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'] as const;

/** Due dates fall on one of this many days from DUE_FROM; one page in DUE_EMPTY has none. */
const DUE_DAYS = 730;
const DUE_FROM = Date.UTC(2025, 0, 1);
const DUE_EMPTY = 20;
/** Prices are whole numbers in [0, PRICE_RANGE). */
export const PRICE_RANGE = 1000;

/** Pages per transaction while generating. */
export const SCALE_BATCH = 500;

/** One page's values, as the run needs them to check results. */
export interface GeneratedPage {
  id: string;
  title: string;
  price: number;
  done: boolean;
  /** YYYY-MM-DD, or null for a page without a due date. */
  due: string | null;
  /** The page's last_edited_time as stored (to the millisecond). */
  edited: string;
}

export interface ScaleData {
  token: string;
  rootPageId: string;
  databaseId: string;
  dataSourceId: string;
  /** In creation order. */
  pages: GeneratedPage[];
  seconds: number;
}

/** mulberry32: a small seeded generator, so every run writes the same values. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
const text = (content: string) => [{ type: 'text', text: { content } }];

/** The body checked as the route checks it (defaults filled in, unknown keys refused). */
function checked<T>(schema: TSchema, body: unknown): T {
  const result = validate(schema, body, 'body');
  if (!result.ok) throw new Error(`scale data: a request body failed validation: ${JSON.stringify(result.issue)}`);
  return result.value as T;
}

/**
 * The context, with its store's transactions joined to `tx`: a service's own transaction becomes
 * part of the one the caller opened, so a batch of createPage calls commits once.
 */
function batchedContext(ctx: AppContext, tx: Tx): AppContext {
  const store = Object.create(ctx.store) as Store;
  Object.defineProperty(store, 'db', { value: tx });
  Object.defineProperty(store, 'transaction', { value: <T>(fn: (t: Tx) => Promise<T>) => fn(tx) });
  return { ...ctx, store };
}

const databaseBody = (rootPageId: string) => ({
  parent: { type: 'page_id', page_id: rootPageId },
  title: text('Scale run'),
  initial_data_source: {
    properties: {
      Name: { title: {} },
      Price: { number: { format: 'dollar' } },
      Status: { select: { options: STATUSES.map((name) => ({ name })) } },
      Tags: { multi_select: { options: TAGS.map((name) => ({ name })) } },
      Due: { date: {} },
      Done: { checkbox: {} },
    },
  },
});

function pageValues(rnd: () => number, n: number): { body: Record<string, unknown>; page: Omit<GeneratedPage, 'id' | 'edited'> } {
  const title = `${pick(rnd, ADJECTIVES)} ${pick(rnd, NOUNS)} ${n}`;
  const price = Math.floor(rnd() * PRICE_RANGE);
  const done = rnd() < 0.5;
  const dueDay = Math.floor(rnd() * DUE_DAYS);
  const due = rnd() < 1 / DUE_EMPTY ? null : new Date(DUE_FROM + dueDay * 86_400_000).toISOString().slice(0, 10);
  const tags = TAGS.filter(() => rnd() < 0.2);
  const properties = {
    Name: { title: text(title) },
    Price: { number: price },
    Status: { select: { name: pick(rnd, STATUSES) } },
    Tags: { multi_select: tags.map((name) => ({ name })) },
    Due: { date: due && { start: due } },
    Done: { checkbox: done },
  };
  return { body: { properties }, page: { title, price, done, due } };
}

/** Where the pages are written: a SQLite file, or a schema of a PostgreSQL database. */
export type ScaleStore = { sqlite: string } | { postgres: { url: string; schema: string } };

/** Page cache of the writing connection (KiB): the indexes of a million pages, keyed by random ids. */
const GENERATION_CACHE_KIB = 1_048_576;

/**
 * Batches written at once. SQLite has one writer, so one. On PostgreSQL each statement is a round
 * trip, and one connection leaves both the server and PostgreSQL waiting on each other most of
 * the time; several connections keep them busy (creates under one parent take no lock on it).
 */
const writersFor = (store: ScaleStore): number => ('sqlite' in store ? 1 : 4);

/**
 * Create the workspace, the database and `count` pages in `store`, then close it. `progress` is
 * called after each batch.
 */
export async function generateScaleData(
  store: ScaleStore,
  token: string,
  count: number,
  progress: (done: number, seconds: number) => void,
): Promise<ScaleData> {
  const started = performance.now();
  const config =
    'sqlite' in store
      ? defaultConfig({ sqlite: store.sqlite, token, logLevel: 'silent' })
      : defaultConfig({ databaseUrl: store.postgres.url, databaseSchema: store.postgres.schema, token, logLevel: 'silent' });
  const ctx = await createContext(config);
  // Page ids are random, so every insert lands somewhere else in the primary keys: with the
  // server's 64 MiB cache a million pages would be written at the speed of the disk. This
  // connection only writes, once; the server opens the file with its own settings.
  if (ctx.store.engine === 'sqlite') await sql`pragma cache_size = ${sql.raw(String(-GENERATION_CACHE_KIB))}`.execute(ctx.store.db);
  try {
    const info = await ensureWorkspace(ctx, { token });
    const actor = await authenticate(ctx, token);
    const database = await createDatabase(ctx, actor, checked(CreateDatabaseBody, databaseBody(info.rootPageId)), '2025-09-03');
    const dataSourceId = database.dataSources[0]!.id;
    const parent = { type: 'data_source_id', data_source_id: dataSourceId };
    const rnd = random(20_251_122);
    const written: (GeneratedPage & { created: string })[] = [];
    let next = 0;
    const writer = async (): Promise<void> => {
      while (next < count) {
        // A batch's values are drawn when it is claimed, in page order, so every run writes the
        // same data however the batches interleave.
        const batch = Array.from({ length: Math.min(SCALE_BATCH, count - next) }, () => pageValues(rnd, ++next));
        await ctx.store.transaction(async (tx) => {
          const batched = batchedContext(ctx, tx);
          for (const { body, page } of batch) {
            const record = await createPage(batched, actor, checked(CreatePageBody, { parent, ...body }));
            written.push({ id: record.row.id, ...page, edited: record.row.last_edited_time, created: record.row.created_time });
          }
        });
        progress(written.length, (performance.now() - started) / 1000);
        // The writes are synchronous underneath on SQLite: let timers (the run's watchdog) have their turn.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all(Array.from({ length: writersFor(store) }, writer));
    // Creation order as a query without sorts gives it: created_time, then id.
    written.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const pages: GeneratedPage[] = written.map(({ created: _, ...page }) => page);
    return { token, rootPageId: info.rootPageId, databaseId: database.database.id, dataSourceId, pages, seconds: (performance.now() - started) / 1000 };
  } finally {
    await ctx.store.close();
  }
}

/** Bytes on disk of a schema's tables, their indexes and TOAST included (pg_total_relation_size). */
export async function postgresStoreBytes(url: string, schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: string | null }>(
      `select sum(pg_total_relation_size(c.oid)) as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = $1 and c.relkind in ('r', 'm')`,
      [schema],
    );
    return Number(result.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}
