// Webhook delivery figures: pages written through a listening in-process server (SQLite in
// memory) while one subscription delivers their page.created events to a node:http receiver on
// 127.0.0.1; events delivered per second, and the delay from each write's answer to its event's
// arrival (aggregation off). `npm run bench` runs it last (BENCH_WEBHOOKS=0 leaves it out,
// BENCH_WEBHOOKS=only runs it alone); `npx tsx bench/webhooks.ts` runs it alone too. Its section
// of bench/RESULTS.md is rewritten.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalNotion } from '../src/emulator/start.js';

const START = '<!-- bench:webhooks:start -->';
const END = '<!-- bench:webhooks:end -->';

export interface WebhookBenchResult {
  events: number;
  writers: number;
  seconds: number;
  eventsPerSecond: number;
  /** Pages written per second meanwhile: deliveries cannot outrun them. */
  writesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export async function runWebhookBench(events = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 2000), writers = 8): Promise<WebhookBenchResult> {
  const arrived = new Map<string, number>();
  let done: () => void = () => {};
  const all = new Promise<void>((r) => (done = r));
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type?: string; entity?: { id: string } };
      if (body.type === 'page.created' && body.entity) arrived.set(body.entity.id, performance.now());
      if (arrived.size >= events) done();
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const ln = await startLocalNotion({ webhooks: [{ url, event_types: ['page.created'] }] });
  await ln.flushWebhooks();
  const acked = new Map<string, number>();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < events) {
        next += 1;
        const res = await fetch(`${ln.url}/v1/pages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ln.token}`, 'notion-version': '2025-09-03', 'content-type': 'application/json' },
          body: JSON.stringify({ parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content: `Event ${next}` } }] } }),
        });
        const page = (await res.json()) as { id: string };
        acked.set(page.id, performance.now());
      }
    }),
  );
  const writeSeconds = (performance.now() - started) / 1000;
  await all;
  const seconds = (Math.max(...arrived.values()) - started) / 1000;
  const delays = [...arrived].map(([id, at]) => Math.max(0, at - (acked.get(id) ?? at))).sort((a, b) => a - b);
  await ln.close();
  await new Promise<void>((r) => receiver.close(() => r()));
  return {
    events: arrived.size,
    writers,
    seconds,
    eventsPerSecond: arrived.size / seconds,
    writesPerSecond: events / writeSeconds,
    p50Ms: quantile(delays, 0.5),
    p99Ms: quantile(delays, 0.99),
    maxMs: delays[delays.length - 1] ?? 0,
  };
}

export function writeWebhookResults(file: string, runs: WebhookBenchResult[]): void {
  const section = [
    START,
    '## Latest webhook run',
    '',
    `${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os.loadavg()[0]!.toFixed(1)} at the end, SQLite in memory, aggregation off.`,
    'Pages created over HTTP by concurrent writers (8: deliveries at their fastest, behind a backlog; 1: paced writes, the delay of one event); one subscription receives each page.created on a node:http receiver on 127.0.0.1.',
    '',
    '| writers | events | seconds | pages written / s | events delivered / s | delay p50 (ms) | delay p99 (ms) | delay max (ms) |',
    '|---|---|---|---|---|---|---|---|',
    ...runs.map(
      (r) =>
        `| ${r.writers} | ${r.events} | ${r.seconds.toFixed(2)} | ${r.writesPerSecond.toFixed(0)} | ${r.eventsPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(1)} | ${r.p99Ms.toFixed(1)} | ${r.maxMs.toFixed(1)} |`,
    ),
    '',
    "Delay: from the write's answer to the event's arrival at the receiver. One subscription delivers in order, one request at a time.",
    END,
  ].join('\n');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = text.indexOf(START);
  const end = text.indexOf(END);
  text = at >= 0 && end > at ? text.slice(0, at) + section + text.slice(end + END.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text);
}

export async function webhookBench(): Promise<void> {
  console.log('\nbench: webhook run');
  const events = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 2000);
  const runs = [await runWebhookBench(events, 8), await runWebhookBench(Math.max(1, Math.round(events / 5)), 1)];
  const file = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'bench', 'RESULTS.md');
  writeWebhookResults(file, runs);
  for (const r of runs) {
    console.log(
      `bench: webhooks, ${r.writers} writer(s) — ${r.events} events, ${r.writesPerSecond.toFixed(0)} written/s, ${r.eventsPerSecond.toFixed(0)} delivered/s, delay p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms`,
    );
  }
  console.log(`bench: wrote ${file}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  webhookBench().catch((error: unknown) => {
    console.error('bench failed:', error);
    process.exit(1);
  });
}
