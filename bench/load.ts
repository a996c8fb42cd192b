// The two scenarios (create a page, retrieve a page), described once and driven by either load
// generator: autocannon's programmatic API (here) or wrk (bench/wrk.ts).
import autocannon, { type Result } from 'autocannon';
import type { BenchServer } from './server.js';

export const NOTION_VERSION = '2025-09-03';

export interface LoadOptions {
  connections: number;
  /** Seconds per scenario. */
  duration: number;
}

/** What one scenario sends: the same method, headers and body each time, over `paths` in turn. */
export interface Scenario {
  name: string;
  title: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Request paths, used in turn (one path: every request goes to it). */
  paths: string[];
}

export interface ScenarioResult {
  name: string;
  /** The load generator that produced the figures. */
  tool: string;
  requestsPerSecond: number;
  total: number;
  durationSeconds: number;
  /** Milliseconds; NaN where the load generator does not report a figure. */
  latency: { p50: number; p75: number; p90: number; p97_5: number; p99: number; max: number; mean: number };
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

/** POST /v1/pages under the root page. */
export function createScenario(server: BenchServer): Scenario {
  return {
    name: 'create page (POST /v1/pages)',
    title: 'create page',
    method: 'POST',
    headers: headers(server, true),
    body: createPageBody(server.rootPageId),
    paths: ['/v1/pages'],
  };
}

/** GET /v1/pages/{id}, cycling over `ids`. */
export function retrieveScenario(server: BenchServer, ids: string[]): Scenario {
  if (ids.length === 0) throw new Error('retrieve scenario: no page ids');
  return {
    name: 'retrieve page (GET /v1/pages/{id})',
    title: 'retrieve page',
    method: 'GET',
    headers: headers(server, false),
    paths: ids.map((id) => `/v1/pages/${id}`),
  };
}

function summarize(name: string, r: Result, serverCpuSeconds: number | undefined): ScenarioResult {
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = Number(count);
  const l = r.latency;
  return {
    name,
    tool: 'autocannon',
    requestsPerSecond: r.requests.average,
    total: r['2xx'] + r.non2xx,
    durationSeconds: r.duration,
    latency: { p50: l.p50, p75: l.p75, p90: l.p90, p97_5: l.p97_5, p99: l.p99, max: l.max, mean: l.average },
    errors: r.non2xx + r.errors + r.timeouts,
    non2xx: r.non2xx,
    statusCodes,
    ...(serverCpuSeconds === undefined ? {} : { serverCpu: serverCpuSeconds / r.duration }),
  };
}

/** Drive `scenario` with autocannon, in this process. */
export async function runAutocannon(server: BenchServer, scenario: Scenario, load: LoadOptions): Promise<ScenarioResult> {
  const { paths } = scenario;
  let i = 0;
  const request =
    paths.length === 1
      ? { method: scenario.method, path: paths[0]!, ...(scenario.body === undefined ? {} : { body: scenario.body }) }
      : {
          method: scenario.method,
          ...(scenario.body === undefined ? {} : { body: scenario.body }),
          setupRequest: (req: { path?: string }) => ({ ...req, path: paths[i++ % paths.length] }),
        };
  const cpuBefore = server.cpuSeconds();
  const instance = autocannon({
    url: server.baseUrl,
    title: scenario.title,
    connections: load.connections,
    duration: load.duration,
    method: scenario.method,
    headers: scenario.headers,
    requests: [request],
  });
  // Stop cleanly on Ctrl-C rather than leaving the run half done.
  const onSigint = () => instance.stop();
  process.once('SIGINT', onSigint);
  try {
    const result = await instance;
    const cpuAfter = server.cpuSeconds();
    return summarize(scenario.name, result, cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
