// Round trips to PostgreSQL per request: a server in this process on a fresh schema, every query
// the pg client sends on behalf of a request counted (BEGIN and COMMIT included; the webhook
// worker's timed polls are not a request's), one request at a time through fastify's inject for
// each scenario of the load run (create a page with three blocks under the root page, retrieve one:
// each page once, when its answer is computed, then again, when it is kept: src/http/answer-memo.ts).
//
//   BENCH_DATABASE_URL=postgres://... npx tsx bench/round-trips.ts
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { defaultConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { dropPostgresSchema } from '../src/store/dialect.js';
import { createPageBody, NOTION_VERSION } from './load.js';

const REQUESTS = 50;

export interface RoundTrips {
  create: number;
  /** A retrieve whose answer is computed (the first of each page). */
  retrieve: number;
  /** A retrieve whose answer was kept (the same pages again, nothing written since). */
  retrieveKept: number;
  /** The statements of one create, in order (their first words). */
  createStatements: string[];
}

let sent: string[] = [];
let inFlight = false;
// The webhook worker polls its outbox and deliveries on a timer, whatever the requests do.
const WORKER_POLLS = /^select "(seq|id)" from "webhook_(outbox|deliveries)"/;
const inRequest = {
  run: async <T>(fn: () => Promise<T>): Promise<T> => {
    inFlight = true;
    try {
      return await fn();
    } finally {
      inFlight = false;
    }
  },
};
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0];
  const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '');
  const line = text.replace(/\s+/g, ' ').trim().slice(0, 60);
  if (inFlight && !WORKER_POLLS.test(line)) sent.push(line);
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

export async function countRoundTrips(url: string): Promise<RoundTrips> {
  const schema = `bench_trips_${randomBytes(6).toString('hex')}`;
  const token = 'ntn_benchmark_token_0123456789abcdef';
  const server = await startServer(defaultConfig({ databaseUrl: url, databaseSchema: schema, port: 0, logLevel: 'silent', token }));
  try {
    const root = server.info.rootPageId;
    const headers = { Authorization: `Bearer ${token}`, 'Notion-Version': NOTION_VERSION, 'Content-Type': 'application/json' };
    const ids: string[] = [];
    const measure = async (fn: () => Promise<void>) => {
      sent = [];
      for (let i = 0; i < REQUESTS; i++) await fn();
      return sent;
    };
    // Warm up: the token lookup and prepared statements of the first request are not what a busy server sends.
    const create = async () => {
      const res = await inRequest.run(() => server.app.inject({ method: 'POST', url: '/v1/pages', headers, payload: createPageBody(root) }));
      if (res.statusCode !== 200) throw new Error(`create: HTTP ${res.statusCode} ${res.body}`);
      ids.push(res.json<{ id: string }>().id);
    };
    await create();
    const created = await measure(create);
    let next = 0;
    const retrieve = async () => {
      const res = await inRequest.run(() => server.app.inject({ method: 'GET', url: `/v1/pages/${ids[next++ % ids.length]!}`, headers }));
      if (res.statusCode !== 200) throw new Error(`retrieve: HTTP ${res.statusCode} ${res.body}`);
    };
    const retrieved = await measure(retrieve);
    next = 0;
    const kept = await measure(retrieve);
    sent = [];
    await create();
    return { create: created.length / REQUESTS, retrieve: retrieved.length / REQUESTS, retrieveKept: kept.length / REQUESTS, createStatements: sent };
  } finally {
    await server.close();
    await dropPostgresSchema(url, schema);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('BENCH_DATABASE_URL=postgres://... is needed');
  const r = await countRoundTrips(url);
  console.log(`round trips per create: ${r.create.toFixed(2)}, per retrieve: ${r.retrieve.toFixed(2)} computed, ${r.retrieveKept.toFixed(2)} kept`);
  console.log('one create:');
  for (const s of r.createStatements) console.log(`  ${s}`);
}
