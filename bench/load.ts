// The two scenarios, driven by autocannon's programmatic API: create a page, retrieve a page.
import autocannon, { type Result } from 'autocannon';
import type { BenchServer } from './server.js';

export const NOTION_VERSION = '2025-09-03';

export interface LoadOptions {
  connections: number;
  /** Seconds per scenario. */
  duration: number;
}

export interface ScenarioResult {
  name: string;
  requestsPerSecond: number;
  total: number;
  durationSeconds: number;
  latency: { p50: number; p97_5: number; p99: number; max: number; mean: number };
  /** Non-2xx responses, connection errors and timeouts. */
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** Share of one core the server process used during the run, when known. */
  serverCpu?: number;
}

function headers(server: BenchServer, json: boolean): Record<string, string> {
  return {
    Authorization: `Bearer ${server.token}`,
    'Notion-Version': NOTION_VERSION,
    ...(json ? { 'Content-Type': 'application/json' } : {}),
  };
}

const text = (content: string) => [{ type: 'text', text: { content } }];

/** A page under `parentId` with a title, an emoji icon and three child blocks. */
export function createPageBody(parentId: string): string {
  return JSON.stringify({
    parent: { page_id: parentId },
    icon: { type: 'emoji', emoji: '🚀' },
    properties: { title: { title: text('Benchmark page') } },
    children: [
      { object: 'block', type: 'paragraph', paragraph: { rich_text: text('A paragraph of benchmark text.') } },
      { object: 'block', type: 'heading_2', heading_2: { rich_text: text('A heading') } },
      { object: 'block', type: 'to_do', to_do: { rich_text: text('Something to do'), checked: false } },
    ],
  });
}

/** Create `count` pages up front (a few at a time), returning their ids. */
export async function seedPages(server: BenchServer, count: number, concurrency = 16): Promise<string[]> {
  const ids: string[] = [];
  const body = createPageBody(server.rootPageId);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const res = await fetch(`${server.baseUrl}/v1/pages`, { method: 'POST', headers: headers(server, true), body });
      const json = (await res.json()) as { id?: string; object?: string };
      if (res.status !== 200 || json.object !== 'page' || !json.id) throw new Error(`seeding a page failed: HTTP ${res.status} ${JSON.stringify(json)}`);
      ids.push(json.id);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

function summarize(name: string, r: Result, serverCpuSeconds: number | undefined): ScenarioResult {
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = Number(count);
  return {
    name,
    requestsPerSecond: r.requests.average,
    total: r['2xx'] + r.non2xx,
    durationSeconds: r.duration,
    latency: { p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max, mean: r.latency.average },
    errors: r.non2xx + r.errors + r.timeouts,
    non2xx: r.non2xx,
    statusCodes,
    ...(serverCpuSeconds === undefined ? {} : { serverCpu: serverCpuSeconds / r.duration }),
  };
}

async function run(server: BenchServer, name: string, options: Parameters<typeof autocannon>[0]): Promise<ScenarioResult> {
  const cpuBefore = server.cpuSeconds();
  const instance = autocannon(options);
  // Stop cleanly on Ctrl-C rather than leaving the run half done.
  const onSigint = () => instance.stop();
  process.once('SIGINT', onSigint);
  try {
    const result = await instance;
    const cpuAfter = server.cpuSeconds();
    return summarize(name, result, cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** POST /v1/pages under the root page. */
export async function createScenario(server: BenchServer, load: LoadOptions): Promise<ScenarioResult> {
  return run(server, 'create page (POST /v1/pages)', {
    url: server.baseUrl,
    title: 'create page',
    connections: load.connections,
    duration: load.duration,
    method: 'POST',
    headers: headers(server, true),
    requests: [{ method: 'POST', path: '/v1/pages', body: createPageBody(server.rootPageId) }],
  });
}

/** GET /v1/pages/{id}, cycling over `ids`. */
export async function retrieveScenario(server: BenchServer, load: LoadOptions, ids: string[]): Promise<ScenarioResult> {
  let i = 0;
  return run(server, 'retrieve page (GET /v1/pages/{id})', {
    url: server.baseUrl,
    title: 'retrieve page',
    connections: load.connections,
    duration: load.duration,
    method: 'GET',
    headers: headers(server, false),
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: `/v1/pages/${ids[i++ % ids.length]}` }),
      },
    ],
  });
}
