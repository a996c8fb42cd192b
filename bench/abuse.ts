// The abuse run (`npm run bench:abuse`): a server in a worker thread of this process, on a
// file-backed SQLite store on 127.0.0.1, serves a steady stream of normal requests (retrieve a
// page, create a page) while it is sent, for a bounded time: slow clients (trickled bodies, idle
// connections), formula bombs, a large import through a real socket, and reads by a second
// integration of ids it was not given. It measures the normal requests' latency before and
// during, counts what each kind sent and how it was answered, and survives a server that stalls
// or dies (a timeout per request, a bounded duration, a watchdog). It prints the report and
// appends it to bench/RESULTS.md.
import { request as httpRequest, Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const BEFORE_S = Number(process.env.ABUSE_BEFORE_SECONDS ?? 5);
const DURING_S = Number(process.env.ABUSE_SECONDS ?? 15);
const SLOW_CLIENTS = Number(process.env.ABUSE_SLOW_CLIENTS ?? 300);
const IMPORT_PAGES = Number(process.env.ABUSE_IMPORT_PAGES ?? 150);
/** Which abuse to send: any of slow, formula, import, cross (all by default). */
const KINDS = new Set((process.env.ABUSE_KINDS ?? 'slow,formula,import,cross').split(',').map((k) => k.trim()));
const REQUEST_TIMEOUT_MS = 5000;
const RESULTS = new URL('./RESULTS.md', import.meta.url);
const VERSION = '2025-09-03';

type Phase = 'before' | 'during';

interface Tally {
  sent: number;
  statuses: Map<string, number>;
}

const tallies = new Map<string, Tally>();
const latencies: Record<Phase, number[]> = { before: [], during: [] };
const notes: string[] = [];
let phase: Phase = 'before';
let running = true;
let lastNormalAnswer = Date.now();
let longestSilenceMs = 0;
const startedAt = Date.now();
const seconds = () => ((Date.now() - startedAt) / 1000).toFixed(1);

function count(kind: string, outcome: string): void {
  const tally = tallies.get(kind) ?? { sent: 0, statuses: new Map() };
  tallies.set(kind, tally);
  tally.statuses.set(outcome, (tally.statuses.get(outcome) ?? 0) + 1);
}
function sent(kind: string): void {
  const tally = tallies.get(kind) ?? { sent: 0, statuses: new Map() };
  tallies.set(kind, tally);
  tally.sent += 1;
}

interface Target {
  host: string;
  port: number;
}
interface Answer {
  status: number | undefined;
  body: string;
  error?: string;
  ms: number;
}

/** One HTTP request from `localAddress`, ended after `timeoutMs` whatever happens. */
function call(
  target: Target,
  agent: Agent,
  method: string,
  path: string,
  options: { token?: string; body?: string; timeoutMs?: number; control?: boolean } = {},
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Omit<Answer, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...answer, ms: performance.now() - started });
    };
    const headers: Record<string, string | number> = {};
    if (!options.control) {
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      headers['notion-version'] = VERSION;
    }
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    const req = httpRequest({ host: target.host, port: target.port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => finish({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      res.on('error', (error) => finish({ status: res.statusCode, body: '', error: error.message }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish({ status: undefined, body: '', error: 'timeout' });
    }, options.timeoutMs ?? REQUEST_TIMEOUT_MS);
    req.on('error', (error: Error & { code?: string }) => finish({ status: undefined, body: '', error: error.code ?? error.message }));
    req.end(options.body);
  });
}

const outcomeOf = (a: Answer): string => (a.status === undefined ? (a.error ?? 'error') : String(a.status));
const agentFrom = (localAddress: string, maxSockets = 16) => new Agent({ keepAlive: true, maxSockets, localAddress } as ConstructorParameters<typeof Agent>[0]);

function percentile(values: number[], p: number): string {
  if (values.length === 0) return '–';
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1);
}

const title = (content: string) => ({ title: [{ text: { content } }] });
const paragraph = (content: string) => ({ type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content } }] } });

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'localnotion-abuse-'));
  const dbFile = join(dir, 'abuse.db');
  // The worker loads TypeScript through tsx's loader, registered in the worker itself.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(new URL('./abuse-server.ts', import.meta.url).href)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { dbFile } });
  let serverState = 'alive';
  worker.on('error', (error) => {
    serverState = `crashed at ${seconds()} s: ${error.message}`;
    notes.push(`server error at ${seconds()} s: ${error.stack?.split('\n').slice(0, 3).join(' | ')}`);
  });
  worker.on('exit', (code) => {
    if (running) serverState = `exited at ${seconds()} s with code ${code}`;
  });
  const info = await new Promise<{ baseUrl: string; token: string; rootPageId: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    setTimeout(() => reject(new Error('the server did not start within 60 s')), 60_000).unref();
  });
  const url = new URL(info.baseUrl);
  const target: Target = { host: url.hostname, port: Number(url.port) };
  const setupAgent = agentFrom('127.0.0.9');
  const must = async (
    method: string,
    path: string,
    body?: unknown,
    control = false,
  ): Promise<{ id?: string; token?: string; results?: Array<{ id: string }> }> => {
    const a = await call(target, setupAgent, method, path, {
      token: info.token,
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: 60_000,
      control,
    });
    if (a.status !== 200) throw new Error(`setup ${method} ${path}: ${outcomeOf(a)} ${a.body.slice(0, 300)}`);
    return JSON.parse(a.body) as { id?: string; token?: string; results?: Array<{ id: string }> };
  };

  // Setup: a page given to a second integration, and enough pages with text that the
  // workspace's export is many MB, and the formula bombs (on a server that evaluates them without
  // bound, making them already stalls it: each call has its timeout).
  const given = (await must('POST', '/v1/pages', { parent: { page_id: info.rootPageId }, properties: { title: title('Given') } })).id as string;
  const second = await must('POST', '/__localnotion/integrations', { name: 'Second', pages: [given] }, true);
  const secondToken = second.token as string;
  const notGiven = [info.rootPageId];
  for (let i = 0; i < IMPORT_PAGES; i++) {
    await must('POST', '/v1/pages', {
      parent: { page_id: info.rootPageId },
      properties: { title: title(`Bulk ${i}`) },
      children: Array.from({ length: 20 }, (_, j) => paragraph(`${i}.${j} ${'lorem ipsum '.repeat(150)}`)),
    });
  }
  const bulk = (await must('POST', '/v1/search', { query: 'Bulk 1', page_size: 5 })).results ?? [];
  notGiven.push(...bulk.map((p) => p.id));
  const formulaAgent = agentFrom('127.0.0.4', 4);
  let formulaDataSource: string | undefined;
  const formulaPages: string[] = [];
  // The bombs are in the export, so that the imports keep them; should they be gone, they are made again.
  const makeBombs = async (): Promise<boolean> => {
    formulaPages.length = 0;
    sent('formula: create data source');
    const database = await call(target, formulaAgent, 'POST', '/v1/databases', {
      token: info.token,
      timeoutMs: 10_000,
      body: JSON.stringify({
        parent: { page_id: info.rootPageId },
        title: [{ text: { content: 'Bombs' } }],
        initial_data_source: {
          properties: {
            Name: { title: {} },
            Huge: { formula: { expression: 'repeat("x", 1e8).length()' } },
            Backtrack: { formula: { expression: 'test(prop("Name"), "(a+)+$")' } },
          },
        },
      }),
    });
    count('formula: create data source', outcomeOf(database));
    if (database.status !== 200) return false;
    formulaDataSource = (JSON.parse(database.body) as { data_sources: Array<{ id: string }> }).data_sources[0]!.id;
    for (let i = 0; i < 3 && running; i++) {
      sent('formula: create page');
      const page = await call(target, formulaAgent, 'POST', '/v1/pages', {
        token: info.token,
        timeoutMs: 10_000,
        body: JSON.stringify({ parent: { data_source_id: formulaDataSource }, properties: { Name: title(`${'a'.repeat(28 + i)}!`) } }),
      });
      count('formula: create page', outcomeOf(page));
      if (page.status === 200) formulaPages.push((JSON.parse(page.body) as { id: string }).id);
    }
    return true;
  };
  if (KINDS.has('formula')) await makeBombs();
  const exported = (await call(target, setupAgent, 'GET', '/__localnotion/export', { control: true, timeoutMs: 60_000 })).body;
  const importMb = Buffer.byteLength(exported) / 1e6;
  notes.push(
    `setup: ${IMPORT_PAGES} pages of 20 paragraphs; export ${importMb.toFixed(1)} MB; store ${(statSync(dbFile).size / 1e6).toFixed(1)} MB; ${seconds()} s`,
  );
  setupAgent.destroy();

  // The normal stream, from its own address so that the per-client cap on the slow clients'
  // address does not apply to it.
  const normalAgent = agentFrom('127.0.0.2', 4);
  const normal = async (worker: number) => {
    for (let i = 0; running; i++) {
      const create = (i + worker) % 2 === 1;
      const kind = create ? 'normal: create page' : 'normal: retrieve page';
      const body = create ? JSON.stringify({ parent: { page_id: info.rootPageId }, properties: { title: title(`n${worker}.${i}`) } }) : undefined;
      const at = phase;
      sent(kind);
      const a = await call(target, normalAgent, create ? 'POST' : 'GET', create ? '/v1/pages' : `/v1/pages/${info.rootPageId}`, { token: info.token, body });
      count(kind, outcomeOf(a));
      if (a.status === 200) {
        latencies[at].push(a.ms);
        const now = Date.now();
        if (at === 'during') longestSilenceMs = Math.max(longestSilenceMs, now - lastNormalAnswer);
        lastNormalAnswer = now;
      }
    }
  };
  const normalLoops = [0, 1, 2, 3].map(normal);
  await new Promise((resolve) => setTimeout(resolve, BEFORE_S * 1000));

  // The abuse.
  phase = 'during';
  lastNormalAnswer = Date.now();
  const abuseEnds = Date.now() + DURING_S * 1000;
  const sockets = new Set<Socket>();
  const slowClient = (trickle: boolean): Promise<void> =>
    new Promise((resolve) => {
      const kind = trickle ? 'slow: trickled body' : 'slow: idle connection';
      sent(kind);
      let text = '';
      let timer: NodeJS.Timeout | undefined;
      const socket = connect({ host: target.host, port: target.port, localAddress: '127.0.0.1' });
      sockets.add(socket);
      socket.on('connect', () => {
        if (!trickle) return;
        socket.write(
          `POST /v1/pages HTTP/1.1\r\nHost: ${target.host}\r\nAuthorization: Bearer ${info.token}\r\nNotion-Version: ${VERSION}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`,
        );
        timer = setInterval(() => socket.writable && socket.write(' '), 500);
      });
      socket.on('data', (d) => (text += d.toString()));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        sockets.delete(socket);
        const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
        count(kind, running ? (status ? `${status}` : 'closed without answer') : 'open at the end');
        resolve();
      });
    });
  const slowLoop = async (trickle: boolean) => {
    while (running && Date.now() < abuseEnds) {
      await slowClient(trickle);
    }
  };
  const slowLoops = Array.from({ length: SLOW_CLIENTS }, (_, i) => () => slowLoop(i % 3 !== 0));

  const formulaLoop = async () => {
    let ready = formulaPages.length > 0;
    while (running && Date.now() < abuseEnds) {
      if (!ready) ready = await makeBombs();
      for (const id of formulaPages) {
        sent('formula: read page');
        const read = await call(target, formulaAgent, 'GET', `/v1/pages/${id}`, { token: info.token, timeoutMs: 10_000 });
        count('formula: read page', outcomeOf(read));
        if (read.status === 404) ready = false;
        if (!running || !ready) break;
      }
      if (!ready || !running) continue;
      sent('formula: query');
      const query = await call(target, formulaAgent, 'POST', `/v1/data_sources/${formulaDataSource}/query`, {
        token: info.token,
        body: '{}',
        timeoutMs: 10_000,
      });
      count('formula: query', outcomeOf(query));
      if (query.status === 404) ready = false;
    }
  };

  const importAgent = agentFrom('127.0.0.5', 1);
  const importLoop = async () => {
    while (running && Date.now() < abuseEnds) {
      sent(`import: ${importMb.toFixed(1)} MB`);
      const a = await call(target, importAgent, 'POST', '/__localnotion/import', { body: exported, control: true, timeoutMs: 60_000 });
      count(`import: ${importMb.toFixed(1)} MB`, outcomeOf(a));
      if (a.status !== 200) notes.push(`import: ${outcomeOf(a)} after ${a.ms.toFixed(0)} ms ${a.body.slice(0, 160)}`);
      else notes.push(`import: 200 in ${a.ms.toFixed(0)} ms`);
    }
  };

  const crossAgent = agentFrom('127.0.0.3', 8);
  let leaks = 0;
  const crossLoop = async (n: number) => {
    for (let i = n; running && Date.now() < abuseEnds; i++) {
      const id = i % 5 === 0 ? given : notGiven[i % notGiven.length]!;
      const path = i % 2 === 0 ? `/v1/pages/${id}` : `/v1/blocks/${id}/children`;
      const kind = id === given ? 'cross: reads of the given page' : 'cross: reads of ids not given';
      sent(kind);
      const a = await call(target, crossAgent, 'GET', path, { token: secondToken });
      count(kind, outcomeOf(a));
      if (id !== given && a.status === 200) leaks += 1;
    }
  };

  const abuse = Promise.all([
    ...(KINDS.has('slow') ? slowLoops.map((start) => start()) : []),
    ...(KINDS.has('formula') ? [formulaLoop()] : []),
    ...(KINDS.has('import') ? [importLoop()] : []),
    ...(KINDS.has('cross') ? [0, 1, 2, 3].map(crossLoop) : []),
  ]);
  await new Promise((resolve) => setTimeout(resolve, DURING_S * 1000));
  running = false;
  for (const socket of sockets) socket.destroy();
  await Promise.race([Promise.all([abuse, ...normalLoops]), new Promise((resolve) => setTimeout(resolve, 15_000))]);
  for (const agent of [normalAgent, formulaAgent, importAgent, crossAgent]) agent.destroy();
  const silence = Math.max(longestSilenceMs, Date.now() - lastNormalAnswer - 15_000);

  // Stop the server: politely, then by force if it is stalled.
  const stopped = await new Promise<boolean>((resolve) => {
    if (serverState !== 'alive') return resolve(false);
    worker.once('message', (m) => m === 'stopped' && resolve(true));
    worker.postMessage('stop');
    setTimeout(() => resolve(false), 10_000).unref();
  });
  if (!stopped && serverState === 'alive') serverState = 'stalled: did not stop within 10 s, terminated';
  await worker.terminate();
  rmSync(dir, { recursive: true, force: true });
  report({ serverState, leaks, silence });
}

function report(r: { serverState: string; leaks: number; silence: number }): void {
  const cpu = cpus();
  const lines = [
    '',
    `## Abuse run, ${new Date().toISOString()}`,
    '',
    `- command: \`npm run bench:abuse\` (ABUSE_KINDS=${[...KINDS].join(',')}, ABUSE_BEFORE_SECONDS=${BEFORE_S}, ABUSE_SECONDS=${DURING_S}, ABUSE_SLOW_CLIENTS=${SLOW_CLIENTS}, ABUSE_IMPORT_PAGES=${IMPORT_PAGES})`,
    `- machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, node ${process.version}, ${process.platform}`,
    `- server: in a worker thread, SQLite file, default limits; ${r.serverState}`,
    `- normal stream: 4 loops from 127.0.0.2 alternating retrieve and create, ${REQUEST_TIMEOUT_MS / 1000} s timeout per request`,
    '',
    '| normal requests (200) | count | p50 ms | p99 ms |',
    '|---|---|---|---|',
    `| before (${BEFORE_S} s) | ${latencies.before.length} | ${percentile(latencies.before, 50)} | ${percentile(latencies.before, 99)} |`,
    `| during (${DURING_S} s) | ${latencies.during.length} | ${percentile(latencies.during, 50)} | ${percentile(latencies.during, 99)} |`,
    '',
    `Longest time without a normal answer during the abuse: ${(r.silence / 1000).toFixed(1)} s. Reads of ids not given that answered 200: ${r.leaks}.`,
    '',
    '| kind | sent | answered / ended (by status or error) |',
    '|---|---|---|',
    ...[...tallies.entries()].map(
      ([kind, t]) =>
        `| ${kind} | ${t.sent} | ${[...t.statuses.entries()]
          .sort()
          .map(([s, n]) => `${s}: ${n}`)
          .join(', ')} |`,
    ),
    '',
    'Slow clients come from 127.0.0.1 (the per-client cap is 256): 429 is a connection refused at the cap, 408 one cut by a timeout; "closed without answer" is a refused one that had already sent its headers, whose 429 the reset swallowed; "open at the end" were still held when the run ended. A stalled server shows as timeouts and a long time without a normal answer.',
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ];
  const text = lines.join('\n');
  process.stdout.write(text);
  appendFileSync(RESULTS, text);
}

// A watchdog: whatever happens, the run ends and says so.
const WATCHDOG_MS = (BEFORE_S + DURING_S) * 1000 + 240_000;
setTimeout(() => {
  notes.push(`watchdog: the run did not finish within ${WATCHDOG_MS / 1000} s`);
  running = false;
  report({ serverState: 'stalled (watchdog)', leaks: -1, silence: Date.now() - lastNormalAnswer });
  process.exit(2);
}, WATCHDOG_MS).unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    notes.push(`run failed: ${error instanceof Error ? error.message : String(error)}`);
    report({ serverState: 'unknown (the run failed)', leaks: -1, silence: 0 });
    process.exit(1);
  },
);
