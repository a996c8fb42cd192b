// `localnotion clone` end to end: a second localnotion server stands in for Notion (the same public
// API); the clone is imported into a fresh server, and every object is compared through the API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalNotion, type LocalNotion } from '../../src/emulator/start.js';
import { CloneInterrupted, runClone, type CloneOptions, type CloneResult } from '../../src/clone/clone.js';
import { addUploadsAndComments, ROWS, sourceFixture } from './source-workspace.js';
import { defaultConfig } from '../../src/config.js';
import { createContext } from '../../src/context.js';
import { blobsOf } from '../../src/files/blobs.js';
import { durableStore, freshStore, type TestStore } from '../helpers/store.js';
import { apiOf, firstDifference, normalized, queryAll, walkRequests } from './compare.js';

const LOCAL_TOKEN = 'ntn_clone_test_token';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'localnotion-clone-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sourceOf(rows: number): Promise<LocalNotion> {
  const source = await startLocalNotion({ listen: true });
  await source.seed(sourceFixture(rows));
  await addUploadsAndComments(source);
  return source;
}

const cloneOf = (source: LocalNotion, options: Partial<CloneOptions> = {}) =>
  runClone({
    baseUrl: source.url,
    token: source.token,
    ids: [source.id('home')],
    localToken: LOCAL_TOKEN,
    clonedAt: '2026-01-01T00:00:00.000Z',
    rate: 10_000,
    backoffMs: 5,
    ...options,
  });

/** Options of a server over a store of the engine under test. */
function onStore(store: TestStore): { db?: string; database?: string; databaseSchema?: string } {
  const c = store.config;
  return c.databaseUrl
    ? { database: c.databaseUrl, ...(c.databaseSchema ? { databaseSchema: c.databaseSchema } : {}) }
    : { ...(c.sqlite ? { db: c.sqlite } : {}) };
}

const stores: TestStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.drop();
});

/** The clone as an export file, imported into a fresh server (what --out and then --seed do). */
async function imported(result: CloneResult, name: string): Promise<LocalNotion> {
  const file = join(dir, `${name}.ndjson`);
  await result.write({ file });
  const store = freshStore();
  stores.push(store);
  const clone = await startLocalNotion({ listen: false, ...onStore(store) });
  await clone.importFrom(file);
  return clone;
}

/** The clone written into a store that no server serves (what `localnotion clone --db` does), then served. */
async function intoStore(result: CloneResult): Promise<LocalNotion> {
  const store = durableStore();
  stores.push(store);
  const ctx = await createContext(defaultConfig({ logLevel: 'silent', ...store.config }));
  try {
    await result.write({ store: ctx.store, blobs: blobsOf(ctx) });
  } finally {
    await ctx.store.close();
  }
  return startLocalNotion({ listen: false, ...onStore(store) });
}

/** Every request of the walk, answered by both; what differs, by request. */
async function differences(source: LocalNotion, clone: LocalNotion, rows: number): Promise<string[]> {
  const from = apiOf(source, source.token);
  const to = apiOf(clone, LOCAL_TOKEN);
  const requests = await walkRequests(from, [source.id('home')]);
  expect(requests.length).toBeGreaterThan(rows);
  const found: string[] = [];
  for (const r of requests) {
    const [a, b] =
      r.method === 'GET'
        ? await Promise.all([r.answer ?? from.get(r.path), to.get(r.path)])
        : await Promise.all([r.answer ?? queryAll(from, r.path), queryAll(to, r.path)]);
    const difference = firstDifference(normalized(a), normalized(b));
    if (difference) found.push(`${r.method} ${r.path} ${difference}`);
  }
  return found;
}

describe('localnotion clone of 1,000 rows', () => {
  let source: LocalNotion;
  let result: CloneResult;
  let clone: LocalNotion;

  beforeAll(async () => {
    source = await sourceOf(ROWS);
    // In process rather than over a socket: the same API, in less time.
    result = await cloneOf(source, { fetch: source.fetch as typeof fetch });
    clone = await imported(result, 'full');
  }, 120_000);
  afterAll(async () => {
    await clone?.close();
    await source?.close();
  });

  it('brings every page, block, data source, row, comment and file over', () => {
    expect(result.counts).toMatchObject({ databases: 1, data_sources: 2, files: 4, comments: 3, templates: 0 });
    expect(result.counts.pages).toBe(2 + 30 + ROWS);
    expect(result.notes).toEqual([]);
  });

  it('answers every request as the source does', async () => {
    expect(await differences(source, clone, ROWS)).toEqual([]);
  }, 120_000);

  it('keeps the bytes of Notion-hosted files', async () => {
    const api = apiOf(clone, LOCAL_TOKEN);
    const children = await api.get(`/blocks/${source.id('home')}/children?page_size=100`);
    const file = (children.results as Array<Record<string, any>>).find((b) => b.type === 'file' && b.file.type === 'file')!;
    const bytes = await clone.fetch(file.file.file.url as string);
    expect(await bytes.text()).toBe('hello from the source');
  });
});

describe('localnotion clone over a socket, under limits and faults', () => {
  const rows = 20;
  let source: LocalNotion;
  beforeAll(async () => {
    source = await sourceOf(rows);
  }, 60_000);
  afterAll(() => source?.close());

  it('a dry run reads as many answers as the clone and downloads nothing', async () => {
    const [dry, real] = [await cloneOf(source, { dryRun: true }), await cloneOf(source)];
    expect(dry.counts).toEqual({ ...real.counts, files: 0 });
    expect(real.counts.files).toBe(4);
    expect(dry.stats.sent).toBe(real.stats.sent - 4);
    expect(dry.stats.downloaded).toBe(0);
    expect(dry.rows).toBeUndefined();
  }, 60_000);

  it('obeys the rate limiter (429 and Retry-After) and retries failed requests', async () => {
    // 10 requests a second after a burst of 20: a clone unpaced goes faster than that, even on a
    // loaded machine, and is answered 429 with the Retry-After the limiter computes.
    source.rateLimit.enable({ model: 'bucket', rate: 10, burst: 20, retry_after: null });
    const rule = source.faults.add({ path: '/v1/*', code: 'service_unavailable', probability: 0.05 });
    try {
      const result = await cloneOf(source);
      expect(result.stats.retries).toBeGreaterThan(0);
      expect(result.stats.rateLimited).toBeGreaterThan(0);
      source.rateLimit.disable();
      source.faults.remove(rule.id);
      const clone = await intoStore(result);
      try {
        expect(await differences(source, clone, rows)).toEqual([]);
      } finally {
        await clone.close();
      }
    } finally {
      source.faults.remove(rule.id);
      source.rateLimit.disable();
    }
  }, 120_000);

  it('resumes an interrupted clone from its state and ends with the same result', async () => {
    const state = join(dir, 'state-resume');
    await expect(cloneOf(source, { stateDir: state, maxRequests: 40 })).rejects.toBeInstanceOf(CloneInterrupted);
    const resumed = await cloneOf(source, { stateDir: state });
    expect(resumed.stats.replayed).toBeGreaterThanOrEqual(39);
    const whole = await cloneOf(source);
    expect(resumed.stats.sent + resumed.stats.replayed).toBe(whole.stats.sent);
    expect(JSON.stringify([...resumed.rows!.tables])).toBe(JSON.stringify([...whole.rows!.tables]));
  }, 60_000);
});
