// The scale run of `npm run bench`: latency of data source queries and search over one data
// source of 100,000 pages (bench/scale-data.ts writes them), against the compiled server on
// 127.0.0.1, one request at a time with `fetch` from this process. A request's latency runs from
// sending it to having read the whole response body; parsing and checking come after.
//
// Scenarios, and the query plans that answer them (the plans are described where the SQL is
// built: src/store/query.ts and src/store/search.ts):
//
// 1. first page: `{and: [Price > X, Done = false]}` sorted by Due ascending, page_size 100, the
//    same request again and again. queryPages reads page_values_date in Due order and joins each
//    entry to its page by primary key, probing the two conditions with one primary-key lookup of
//    page_values each (`SEARCH s0 USING INDEX page_values_date (data_source_id=? AND
//    property_id=?)`, `SEARCH b USING INDEX sqlite_autoindex_blocks_1 (id=?)`, `SEARCH pv EXISTS
//    USING INDEX sqlite_autoindex_page_values_1 (page_id=? AND property_id=?)`), bounded to a
//    window of the index first (src/store/query.ts, queryPages). Its cost is the entries read
//    before 101 pass: about 100 / (share of pages that pass), ~1,400 here at 7.4%.
// 2. all matches of that query through `next_cursor`: the same plan started at the cursor
//    (`date_start>?`); once the window holds too few matches, the pages passing the rarest
//    required condition are read and sorted instead; the pages without a Due date come last,
//    read in blocks_created order.
// 3. no filter through `next_cursor`: blocks_created order (`SEARCH b USING INDEX blocks_created
//    (parent_id=?)`, then `(parent_id=? AND created_time>?)` after a cursor) until the 10,000
//    result cap of a query (docs/decisions.md), which the last page reports in `request_status`.
// 4. all pages: the cap means one query never returns more than 10,000 pages, so every page is
//    read with one query per range of Price (each range under the cap), sorted by Price, each
//    paged through with `next_cursor`, two ranges at a time; together they give every page once.
//    Plan: `SEARCH s0 USING INDEX page_values_num (data_source_id=? AND property_id=? AND num>?
//    AND num<?)` from the cursor, the page joined by primary key: the range alone is the filter,
//    so every entry read is a result and no window or read of pages without a Price is needed.
// 5. search for a title word: `blocks_search` read newest first, the title matched on the index
//    entry, each candidate's ancestors walked by primary key to the shared root
//    (src/store/search.ts, fromIndex).
// 6. first page of a formula filter: `Doubled > X` where Doubled is `prop("Price") * 2` (added to
//    the schema with a data source update right before, after 1-5 ran), computed when read. The candidates (every page: the filter has no other condition) are read in
//    blocks_created order a batch of 1,000 at a time and the formula evaluated on each until 101
//    pass (src/properties/query-formulas.ts).
// 7. all matches of a rare formula filter through `next_cursor`: every one of the 100,000 pages
//    has its formula evaluated once over the whole run of requests.
import { readFileSync } from 'node:fs';
import type { BenchServer } from './server.js';
import { NOUNS, PRICE_RANGE, type GeneratedPage, type ScaleData } from './scale-data.js';

/** Every scenario of a result, in the order they run. */
export const scenariosOf = (r: ScaleResult): ScaleScenario[] => [
  r.firstPage,
  r.viewFirstPage,
  r.matches,
  r.capped,
  r.allPages,
  r.search,
  r.editedFirstPage,
  r.editedRange,
  r.formulaFirstPage,
  r.formulaScan,
];
import { NOTION_VERSION } from './load.js';

export const SCALE_TARGETS = {
  firstPageP50Ms: 25,
  firstPageP99Ms: 100,
  allPagesSeconds: 10,
  allPagesSecondsAtMillion: 60,
  searchP50Ms: 50,
  editedP50Ms: 25,
} as const;

/** The target for reading every page: 10 s at 100,000 pages, 60 s at 1,000,000. */
export const allPagesTarget = (pages: number): number => (pages >= 1_000_000 ? SCALE_TARGETS.allPagesSecondsAtMillion : SCALE_TARGETS.allPagesSeconds);

/** Results a data source query returns at most (src/services/query.ts). */
const QUERY_RESULT_CAP = 10_000;
/** A Price range holds at most this many pages, leaving room under the cap. */
const PARTITION_MAX = 9_000;
/** Price ranges paged through at the same time when reading every page. */
export const RANGES_AT_ONCE = 2;

export interface ScaleOptions {
  /** Timed repetitions of the first-page query and of the search. */
  runs: number;
  /** Untimed requests before each repeated scenario. */
  warmup: number;
  /** The first-page filter's `Price > priceAbove`. */
  priceAbove: number;
  /** The searched title word. */
  word: string;
}

/** How long the server is left without requests before its memory is read again. */
const IDLE_MS = 10_000;

export const DEFAULT_SCALE_OPTIONS: ScaleOptions = { runs: 200, warmup: 10, priceAbove: 850, word: NOUNS[0] };

export interface Latency {
  runs: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface ScaleScenario {
  name: string;
  /** How the requests went through the results, in words. */
  detail: string;
  requests: number;
  /** Results returned over all requests (for a repeated request: per request). */
  results: number;
  /** Per-request latency. */
  latency: Latency;
  /** Wall time of the whole scenario, in seconds. */
  seconds: number;
  /** Server CPU per request in ms, when known. */
  serverCpuMs?: number;
  /** What did not match the generated data; empty when every check passed. */
  problems: string[];
}

export interface ScaleResult {
  firstPage: ScaleScenario;
  viewFirstPage: ScaleScenario;
  matches: ScaleScenario;
  capped: ScaleScenario;
  allPages: ScaleScenario & { partitions: number };
  search: ScaleScenario;
  editedFirstPage: ScaleScenario;
  editedRange: ScaleScenario;
  /** Resident memory of the server (MB) once started on the data, and after every scenario. */
  /** Once started on the data, after every scenario, and after IDLE_MS more without a request. */
  serverRssMb: { start?: number; end?: number; idle?: number };
  formulaFirstPage: ScaleScenario;
  formulaScan: ScaleScenario;
  /** Pages passing the formula filters. */
  formulaMatchCount: number;
  formulaScanCount: number;
  /** Pages passing the first-page filter, and pages whose title holds the word. */
  matchCount: number;
  searchMatchCount: number;
}

interface Page {
  id: string;
  properties?: { Name?: { title?: Array<{ plain_text: string }> } };
}

interface ListResponse {
  object: string;
  results: Page[];
  next_cursor: string | null;
  has_more: boolean;
  request_status?: { type: string; incomplete_reason?: string };
}

export function latencyOf(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest rank: the smallest sample with at least p of the samples at or below it.
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(sorted.length, 1);
  return { runs: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN, mean };
}

class Client {
  private readonly headers: Record<string, string>;
  constructor(private readonly server: BenchServer) {
    this.headers = { Authorization: `Bearer ${server.token}`, 'Notion-Version': NOTION_VERSION, 'Content-Type': 'application/json' };
  }

  /** POST `body` to `path`: the parsed list and the latency up to the last byte of the body. */
  async post(path: string, body: unknown): Promise<{ ms: number; list: ListResponse }> {
    const payload = JSON.stringify(body);
    let started = performance.now();
    const send = () => fetch(`${this.server.baseUrl}${path}`, { method: 'POST', headers: this.headers, body: payload });
    // At a million pages working out the next scenario's expected results keeps this process busy
    // for longer than the server keeps an idle connection (5 s): the first request after it can
    // go out on a connection the server has closed meanwhile. Such a request, refused before any
    // answer, is sent once more on a new connection and timed from there.
    const res = await send().catch((error: unknown) => {
      if (!(error instanceof TypeError) || error.message !== 'fetch failed') throw error;
      started = performance.now();
      return send();
    });
    const text = await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`POST ${path} ${payload}: HTTP ${res.status} ${text.slice(0, 500)}`);
    return { ms, list: JSON.parse(text) as ListResponse };
  }

  /** PATCH `body` to `path`, failing on anything but 200. */
  async patch(path: string, body: unknown): Promise<void> {
    const res = await fetch(`${this.server.baseUrl}${path}`, { method: 'PATCH', headers: this.headers, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`PATCH ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);
  }
}

/** Where `actual` first differs from `expected`, or undefined when they are the same list. */
function difference(actual: string[], expected: string[]): string | undefined {
  if (actual.length !== expected.length) return `${actual.length} results, expected ${expected.length}`;
  const i = actual.findIndex((id, k) => id !== expected[k]);
  return i < 0 ? undefined : `result ${i} is ${actual[i]}, expected ${expected[i]}`;
}

const duplicates = (ids: string[]): number => ids.length - new Set(ids).size;

/** The pages of a query in its order: Due ascending with empty dates last, then creation order. */
function byDue(pages: GeneratedPage[]): GeneratedPage[] {
  const dated = pages.filter((p) => p.due !== null);
  // Array.prototype.sort is stable: equal dates keep creation order.
  dated.sort((a, b) => (a.due! < b.due! ? -1 : a.due! > b.due! ? 1 : 0));
  return [...dated, ...pages.filter((p) => p.due === null)];
}

/** Price ranges [from, to) of at most PARTITION_MAX pages each, covering every price. */
function pricePartitions(pages: GeneratedPage[]): Array<[number, number]> {
  const perPrice = new Array<number>(PRICE_RANGE).fill(0);
  for (const p of pages) perPrice[p.price]! += 1;
  const ranges: Array<[number, number]> = [];
  let from = 0;
  let count = 0;
  for (let price = 0; price < PRICE_RANGE; price++) {
    if (count > 0 && count + perPrice[price]! > PARTITION_MAX) {
      ranges.push([from, price]);
      from = price;
      count = 0;
    }
    count += perPrice[price]!;
  }
  ranges.push([from, PRICE_RANGE]);
  return ranges;
}

function cpuMs(server: BenchServer, before: number | undefined, requests: number): number | undefined {
  const after = server.cpuSeconds();
  return before === undefined || after === undefined ? undefined : ((after - before) * 1000) / Math.max(requests, 1);
}

/** The same request `runs` times after `warmup` untimed ones; `check` looks at each response. */
async function repeated(
  server: BenchServer,
  client: Client,
  path: string,
  body: unknown,
  options: ScaleOptions,
  check: (list: ListResponse) => string | undefined,
): Promise<{ latency: Latency; seconds: number; serverCpuMs?: number; problems: string[]; results: number }> {
  const problems = new Set<string>();
  for (let i = 0; i < options.warmup; i++) await client.post(path, body);
  const samples: number[] = [];
  let results = 0;
  const cpuBefore = server.cpuSeconds();
  const started = performance.now();
  for (let i = 0; i < options.runs; i++) {
    const { ms, list } = await client.post(path, body);
    samples.push(ms);
    results = list.results.length;
    const problem = check(list);
    if (problem) problems.add(problem);
  }
  const seconds = (performance.now() - started) / 1000;
  return { latency: latencyOf(samples), seconds, serverCpuMs: cpuMs(server, cpuBefore, options.runs), problems: [...problems], results };
}

/** Every result of the query `body`, one `next_cursor` after another. */
async function pageThrough(client: Client, path: string, body: Record<string, unknown>) {
  const ids: string[] = [];
  const samples: number[] = [];
  let cursor: string | undefined;
  let last: ListResponse;
  do {
    const { ms, list } = await client.post(path, cursor ? { ...body, start_cursor: cursor } : body);
    samples.push(ms);
    for (const page of list.results) ids.push(page.id);
    last = list;
    cursor = list.next_cursor ?? undefined;
  } while (cursor);
  return { ids, samples, last };
}

export async function runScale(server: BenchServer, data: ScaleData, options: ScaleOptions = DEFAULT_SCALE_OPTIONS): Promise<ScaleResult> {
  const client = new Client(server);
  const rssAtStart = rssMb(server.pid);
  const queryPath = `/v1/data_sources/${data.dataSourceId}/query`;
  const all = data.pages;

  // 1. The first page of a filtered, sorted query.
  const filter = {
    and: [
      { property: 'Price', number: { greater_than: options.priceAbove } },
      { property: 'Done', checkbox: { equals: false } },
    ],
  };
  const sorts = [{ property: 'Due', direction: 'ascending' }];
  const query = { filter, sorts, page_size: 100 };
  const matching = byDue(all.filter((p) => p.price > options.priceAbove && !p.done)).map((p) => p.id);
  // Past 10,000 matches a query returns the first 10,000 and says so (docs/decisions.md).
  const returned = matching.slice(0, QUERY_RESULT_CAP);
  const overCap = matching.length > QUERY_RESULT_CAP;
  const firstExpected = matching.slice(0, 100);
  const first = await repeated(server, client, queryPath, query, options, (list) => {
    const d = difference(
      list.results.map((p) => p.id),
      firstExpected,
    );
    if (d) return `first page: ${d}`;
    if (list.has_more !== matching.length > 100) return `first page: has_more is ${list.has_more}`;
    return undefined;
  });
  const firstPage: ScaleScenario = {
    name: 'first page of a filtered, sorted query',
    detail: `\`{and: [Price > ${options.priceAbove}, Done = false]}\`, sorted by Due ascending, page_size 100; ${options.runs} requests one after another (${options.warmup} untimed first)`,
    requests: options.runs,
    ...first,
  };

  // 1b. The same filter and sorts saved in a view, queried through it: a view query runs them once
  // and keeps the ids of every match (up to 10,000) for its later pages (src/services/view-queries.ts),
  // so its first page costs reading all the matches, not 100 of them. Fewer runs: each reads them all.
  const view = (
    await client.post('/v1/views', { data_source_id: data.dataSourceId, database_id: data.databaseId, name: 'Bench', type: 'table', filter, sorts })
  ).list as unknown as { id: string };
  // Fewer still past 100,000 pages (5 at a million), so that the scale run stays bounded in time.
  const viewRuns = Math.max(5, Math.min(options.runs, 50, Math.round((50 * 100_000) / all.length)));
  const viewWarmup = Math.min(options.warmup, Math.ceil(viewRuns / 5));
  const viewFirst = await repeated(
    server,
    client,
    `/v1/views/${view.id}/queries`,
    { page_size: 100 },
    { ...options, runs: viewRuns, warmup: viewWarmup },
    (list) => {
      const d = difference(
        list.results.map((p) => p.id),
        firstExpected,
      );
      if (d) return `view query first page: ${d}`;
      if (list.has_more !== matching.length > 100) return `view query first page: has_more is ${list.has_more}`;
      return undefined;
    },
  );
  const viewFirstPage: ScaleScenario = {
    name: 'first page of the same query through a view',
    detail: `a table view saving that filter and those sorts, \`POST /v1/views/{id}/queries\` with page_size 100: each query fixes its whole result set (${matching.length.toLocaleString('en-US')} ids); ${viewRuns} requests one after another (${viewWarmup} untimed first)`,
    requests: viewRuns,
    ...viewFirst,
  };

  // 2. Every match of that query.
  let cpuBefore = server.cpuSeconds();
  let started = performance.now();
  const paged = await pageThrough(client, queryPath, query);
  let seconds = (performance.now() - started) / 1000;
  const matchProblems: string[] = [];
  const d2 = difference(paged.ids, returned);
  if (d2) matchProblems.push(`all matches: ${d2}; ${duplicates(paged.ids)} seen twice`);
  if (overCap !== (paged.last.request_status?.incomplete_reason === 'query_result_limit_reached')) {
    matchProblems.push(`all matches: request_status ${JSON.stringify(paged.last.request_status)}`);
  }
  const matches: ScaleScenario = {
    name: 'all matches of that query',
    detail: `the same query, then \`next_cursor\` until \`has_more\` is false${overCap ? ` (${matching.length.toLocaleString('en-US')} match: the first ${QUERY_RESULT_CAP.toLocaleString('en-US')}, then \`request_status\`)` : ''}; checked: every match once, in order`,
    requests: paged.samples.length,
    results: paged.ids.length,
    latency: latencyOf(paged.samples),
    seconds,
    serverCpuMs: cpuMs(server, cpuBefore, paged.samples.length),
    problems: matchProblems,
  };

  // 3. No filter, up to the result cap.
  cpuBefore = server.cpuSeconds();
  started = performance.now();
  const unfiltered = await pageThrough(client, queryPath, { page_size: 100 });
  seconds = (performance.now() - started) / 1000;
  const cappedProblems: string[] = [];
  const d3 = difference(
    unfiltered.ids,
    all.slice(0, Math.min(all.length, QUERY_RESULT_CAP)).map((p) => p.id),
  );
  if (d3) cappedProblems.push(`no filter: ${d3}; ${duplicates(unfiltered.ids)} seen twice`);
  const reachesCap = all.length > QUERY_RESULT_CAP;
  if (reachesCap !== (unfiltered.last.request_status?.incomplete_reason === 'query_result_limit_reached')) {
    cappedProblems.push(`no filter: request_status ${JSON.stringify(unfiltered.last.request_status)} after ${unfiltered.ids.length} results`);
  }
  const capped: ScaleScenario = {
    name: 'no filter, up to the result cap',
    detail: `no filter or sort (creation order), page_size 100, \`next_cursor\` until \`has_more\` is false: a query stops at ${QUERY_RESULT_CAP.toLocaleString('en-US')} results and says so in \`request_status\`; checked: the first pages created, once each, in order`,
    requests: unfiltered.samples.length,
    results: unfiltered.ids.length,
    latency: latencyOf(unfiltered.samples),
    seconds,
    serverCpuMs: cpuMs(server, cpuBefore, unfiltered.samples.length),
    problems: cappedProblems,
  };

  // 4. Every page, one query per Price range.
  const partitions = pricePartitions(all);
  const allProblems: string[] = [];
  const seen: string[] = [];
  const samples: number[] = [];
  const parts: Array<Awaited<ReturnType<typeof pageThrough>>> = [];
  cpuBefore = server.cpuSeconds();
  started = performance.now();
  // Ranges are independent: a client reading everything pages through RANGES_AT_ONCE of them at
  // a time, so that its own reading of one response overlaps the server's work on the next.
  let nextRange = 0;
  const reader = async () => {
    for (let i = nextRange++; i < partitions.length; i = nextRange++) {
      const [from, to] = partitions[i]!;
      const range = {
        and: [
          { property: 'Price', number: { greater_than_or_equal_to: from } },
          { property: 'Price', number: { less_than: to } },
        ],
      };
      parts[i] = await pageThrough(client, queryPath, { filter: range, sorts: [{ property: 'Price', direction: 'ascending' }], page_size: 100 });
    }
  };
  await Promise.all(Array.from({ length: RANGES_AT_ONCE }, reader));
  seconds = (performance.now() - started) / 1000;
  const allCpuMs = cpuMs(
    server,
    cpuBefore,
    parts.reduce((n, part) => n + part.samples.length, 0),
  );
  partitions.forEach(([from, to], i) => {
    const part = parts[i]!;
    samples.push(...part.samples);
    seen.push(...part.ids);
    const d = difference(
      part.ids,
      all
        .filter((p) => p.price >= from && p.price < to)
        // Stable: ties keep creation order (created_time, then id), as the query breaks them.
        .sort((a, b) => a.price - b.price)
        .map((p) => p.id),
    );
    if (d) allProblems.push(`Price in [${from}, ${to}): ${d}`);
    if (part.last.request_status) allProblems.push(`Price in [${from}, ${to}): request_status ${JSON.stringify(part.last.request_status)}`);
  });
  const unseen = new Set(all.map((p) => p.id));
  for (const id of seen) unseen.delete(id);
  if (unseen.size > 0 || duplicates(seen) > 0) allProblems.push(`all pages: ${unseen.size} never seen, ${duplicates(seen)} seen twice`);
  const allPages: ScaleResult['allPages'] = {
    name: `all ${all.length.toLocaleString('en-US')} pages`,
    detail: `${partitions.length} ${partitions.length === 1 ? 'query' : 'queries'}, one per range of Price (\`{and: [Price ≥ a, Price < b]}\`, at most ${PARTITION_MAX.toLocaleString('en-US')} pages each, so under the cap), sorted by Price (ties in creation order), page_size 100, each through \`next_cursor\`, ${RANGES_AT_ONCE} ranges at a time; checked: every page once, in order`,
    requests: samples.length,
    results: seen.length,
    latency: latencyOf(samples),
    seconds,
    serverCpuMs: allCpuMs,
    problems: allProblems,
    partitions: partitions.length,
  };

  // 5. Search by a title word: newest first.
  const word = options.word.toLowerCase();
  const titled = all.filter((p) => p.title.toLowerCase().includes(word));
  const searchExpected = titled
    .slice(-100)
    .reverse()
    .map((p) => p.id);
  const searchBody = { query: options.word, page_size: 100 };
  const found = await repeated(server, client, '/v1/search', searchBody, options, (list) => {
    const d = difference(
      list.results.map((p) => p.id),
      searchExpected,
    );
    if (d) return `search: ${d}`;
    if (list.has_more !== titled.length > 100) return `search: has_more is ${list.has_more}`;
    return undefined;
  });
  const search: ScaleScenario = {
    name: 'search by a title word',
    detail: `\`{query: "${options.word}", page_size: 100}\` (the word is in ${((100 * titled.length) / all.length).toFixed(1)}% of titles; newest first); ${options.runs} requests one after another (${options.warmup} untimed first)`,
    requests: options.runs,
    ...found,
  };

  const { editedFirstPage, editedRange } = await editedScenarios(server, client, queryPath, all, options);

  // 6. The first page of a query filtering on a formula. The formula joins the schema only now, so
  // that scenarios 1-5 measure the same data source as before formulas existed (every page read
  // computes every formula of its data source).
  await client.patch(`/v1/data_sources/${data.dataSourceId}`, { properties: { Doubled: { formula: { expression: 'prop("Price") * 2' } } } });
  const doubledAbove = 2 * options.priceAbove;
  const formulaQuery = { filter: { property: 'Doubled', formula: { number: { greater_than: doubledAbove } } }, page_size: 100 };
  const formulaMatching = all.filter((p) => p.price * 2 > doubledAbove).map((p) => p.id);
  const formulaRuns = Math.max(5, Math.round(options.runs / 4));
  const formulaFirst = await repeated(server, client, queryPath, formulaQuery, { ...options, runs: formulaRuns }, (list) => {
    const d = difference(
      list.results.map((p) => p.id),
      formulaMatching.slice(0, 100),
    );
    if (d) return `formula first page: ${d}`;
    if (list.has_more !== formulaMatching.length > 100) return `formula first page: has_more is ${list.has_more}`;
    return undefined;
  });
  const formulaFirstPage: ScaleScenario = {
    name: 'first page of a formula filter',
    detail: `\`{property: "Doubled", formula: {number: {greater_than: ${doubledAbove}}}}\` where Doubled is \`prop("Price") * 2\`, no sort, page_size 100; ${formulaRuns} requests one after another (${options.warmup} untimed first)`,
    requests: formulaRuns,
    ...formulaFirst,
  };

  // 7. Every match of a rare formula filter: each page's formula is evaluated once over the run.
  const rareAbove = 2 * (PRICE_RANGE - 4);
  const rare = all.filter((p) => p.price * 2 > rareAbove).map((p) => p.id);
  cpuBefore = server.cpuSeconds();
  started = performance.now();
  const scanned = await pageThrough(client, queryPath, { filter: { property: 'Doubled', formula: { number: { greater_than: rareAbove } } }, page_size: 100 });
  seconds = (performance.now() - started) / 1000;
  const scanProblems: string[] = [];
  const d7 = difference(scanned.ids, rare);
  if (d7) scanProblems.push(`rare formula filter: ${d7}; ${duplicates(scanned.ids)} seen twice`);
  const formulaScan: ScaleScenario = {
    name: 'all matches of a rare formula filter',
    detail: `\`Doubled > ${rareAbove}\` (${((100 * rare.length) / all.length).toFixed(1)}% of pages), page_size 100, \`next_cursor\` until \`has_more\` is false: the formula of every page is evaluated once; checked: every match once, in order`,
    requests: scanned.samples.length,
    results: scanned.ids.length,
    latency: latencyOf(scanned.samples),
    seconds,
    serverCpuMs: cpuMs(server, cpuBefore, scanned.samples.length),
    problems: scanProblems,
  };

  // What V8 gives back once the server has been left alone a while (its heap holds garbage at the
  // end of the scenarios, collected when V8 chooses: bench/RESULTS.md).
  const rssAtEnd = rssMb(server.pid);
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const rssIdle = rssMb(server.pid);
  return {
    firstPage,
    viewFirstPage,
    editedFirstPage,
    editedRange,
    serverRssMb: { start: rssAtStart, end: rssAtEnd, idle: rssIdle },
    matches,
    capped,
    allPages,
    search,
    formulaFirstPage,
    formulaScan,
    matchCount: matching.length,
    searchMatchCount: titled.length,
    formulaMatchCount: formulaMatching.length,
    formulaScanCount: rare.length,
  };
}

/** Resident memory of a process in MB (VmRSS of /proc/<pid>/status); undefined where there is none. */
function rssMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

const byEdited = (a: GeneratedPage, b: GeneratedPage): number => (a.edited < b.edited ? -1 : a.edited > b.edited ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * 8. The first page sorted by last_edited_time, newest first; 9. the first page of a range of
 * last_edited_time (two minutes from the minute of the middle page) sorted by it. Both read
 * blocks_edited from where they start (src/store/query.ts).
 */
async function editedScenarios(server: BenchServer, client: Client, path: string, all: GeneratedPage[], options: ScaleOptions) {
  const newest = [...all].sort(byEdited).reverse();
  const sorts = [{ timestamp: 'last_edited_time', direction: 'descending' }];
  const first = await repeated(server, client, path, { sorts, page_size: 100 }, options, (list) => {
    const d = difference(
      list.results.map((p) => p.id),
      newest.slice(0, 100).map((p) => p.id),
    );
    return d && `last edited first: ${d}`;
  });
  const editedFirstPage: ScaleScenario = {
    name: 'first page sorted by last_edited_time',
    detail: `no filter, sorted by \`last_edited_time\` descending, page_size 100; ${options.runs} requests one after another (${options.warmup} untimed first)`,
    requests: options.runs,
    ...first,
  };
  const middle = all[Math.floor(all.length / 2)]!.edited;
  const from = new Date(Math.floor(Date.parse(middle) / 60_000) * 60_000);
  const to = new Date(from.getTime() + 120_000);
  const inRange = newest.filter((p) => p.edited >= from.toISOString() && p.edited < to.toISOString()).reverse();
  const filter = {
    and: [
      { timestamp: 'last_edited_time', last_edited_time: { on_or_after: from.toISOString() } },
      { timestamp: 'last_edited_time', last_edited_time: { before: to.toISOString() } },
    ],
  };
  const body = { filter, sorts: [{ timestamp: 'last_edited_time', direction: 'ascending' }], page_size: 100 };
  const ranged = await repeated(server, client, path, body, options, (list) => {
    const d = difference(
      list.results.map((p) => p.id),
      inRange.slice(0, 100).map((p) => p.id),
    );
    return d && `last edited range: ${d}`;
  });
  const editedRange: ScaleScenario = {
    name: 'first page of a last_edited_time range sorted by it',
    detail: `\`{and: [last_edited_time on_or_after ${from.toISOString()}, before ${to.toISOString()}]}\` (${inRange.length.toLocaleString('en-US')} pages), sorted by \`last_edited_time\` ascending, page_size 100; ${options.runs} requests one after another (${options.warmup} untimed first)`,
    requests: options.runs,
    ...ranged,
  };
  return { editedFirstPage, editedRange };
}
