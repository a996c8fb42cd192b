// Every object of the source read through the API, and the same request answered by the clone.
// What Notion itself would answer differently for a copy is normalized away, and said here:
// - a Notion-hosted file's URL is signed by the server that holds the file and expires an hour
//   after the read, so the URL and expiry_time differ (the bytes are compared instead);
// - request ids differ per request;
// - the order of a data source query among rows made in the same minute: the API gives times to
//   the minute, which is all the clone can keep, and the default order (and the cursors, which
//   carry the times) ties them otherwise; a query is compared as all its results, ordered by id.
import type { LocalNotion } from '../../src/emulator/start.js';

type Json = Record<string, any>;

export interface Api {
  get(path: string): Promise<Json>;
  post(path: string, body: unknown): Promise<Json>;
}

export function apiOf(ln: LocalNotion, token: string): Api {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await ln.fetch(`${ln.url}/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'notion-version': '2025-09-03', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, ...((await response.json()) as Json) };
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}

/** The answer without what differs between two servers holding the same objects. */
export function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    if (k === 'request_id') continue;
    if (k === 'file' && typeof (v as Json)?.url === 'string') out[k] = { url: '(signed)', expiry_time: '(an hour after the read)' };
    else out[k] = normalized(v);
  }
  return out;
}

async function all(fetchPage: (cursor: string | undefined) => Promise<Json>): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(page);
    cursor = page.has_more ? (page.next_cursor as string) : undefined;
  } while (cursor);
  return items;
}

export interface Compared {
  /** QUERY: every page of a data source query, its results ordered by id. */
  method: 'GET' | 'QUERY';
  path: string;
  /** The source's answer, when the walk read it already. */
  answer?: Json;
}

/** Every result of a data source query, ordered by id, with how many pages they came in. */
export async function queryAll(api: Api, dataSourceId: string): Promise<Json> {
  const pages = await all((c) => api.post(`/data_sources/${dataSourceId}/query`, { page_size: 100, ...(c ? { start_cursor: c } : {}) }));
  const results = pages.flatMap((p) => p.results as Json[]).sort((a, b) => String(a.id).localeCompare(String(b.id)));
  return { pages: pages.length, statuses: pages.map((p) => p.status as number), results };
}

// A value shows at most 25 items in a page object; a longer one is read from the property item endpoint.
const longValue = (value: Json): boolean =>
  value.type === 'relation' ? value.has_more === true : Array.isArray(value[value.type as string]) && (value[value.type as string] as unknown[]).length >= 25;

/** The requests whose answers are compared, found by walking the source from its top pages. */
export async function walkRequests(api: Api, rootIds: string[]): Promise<Compared[]> {
  const requests: Compared[] = [{ method: 'GET', path: '/users?page_size=100' }];
  // A row is compared as its data source's query shows it; other pages by GET.
  const pages: Array<{ id: string; page?: Json }> = rootIds.map((id) => ({ id }));
  const seen = new Set<string>();
  while (pages.length > 0) {
    const { id, page: given } = pages.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const page = given ?? (await api.get(`/pages/${id}`));
    if (!given) requests.push({ method: 'GET', path: `/pages/${id}`, answer: page });
    requests.push({ method: 'GET', path: `/comments?block_id=${id}&page_size=100` });
    for (const value of Object.values((page.properties ?? {}) as Record<string, Json>)) {
      if (longValue(value)) requests.push({ method: 'GET', path: `/pages/${id}/properties/${value.id}?page_size=100` });
    }
    const parents = [id];
    while (parents.length > 0) {
      const parent = parents.shift()!;
      const list = await api.get(`/blocks/${parent}/children?page_size=100`);
      requests.push({ method: 'GET', path: `/blocks/${parent}/children?page_size=100`, answer: list });
      for (const block of list.results as Json[]) {
        if (block.type === 'child_page') pages.push({ id: block.id as string });
        else if (block.type === 'child_database') {
          const database = await api.get(`/databases/${block.id}`);
          requests.push({ method: 'GET', path: `/databases/${block.id}`, answer: database }, { method: 'GET', path: `/views?database_id=${block.id}` });
          for (const ds of database.data_sources as Json[]) {
            requests.push({ method: 'GET', path: `/data_sources/${ds.id}` }, { method: 'GET', path: `/data_sources/${ds.id}/templates` });
            const rows = await queryAll(api, ds.id as string);
            requests.push({ method: 'QUERY', path: ds.id as string, answer: rows });
            for (const row of rows.results as Json[]) pages.push({ id: row.id as string, page: row });
          }
        } else if (block.has_children) {
          parents.push(block.id as string);
          requests.push({ method: 'GET', path: `/blocks/${block.id}` });
        }
      }
    }
  }
  return requests;
}

/** Where two answers first differ: the path and both values, or undefined when they are the same. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return a === b ? undefined : `${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const k of keys) {
    const found = firstDifference((a as Json)[k], (b as Json)[k], `${path}.${k}`);
    if (found) return found;
  }
  if (JSON.stringify(Object.keys(a)) !== JSON.stringify(Object.keys(b))) return `${path}: keys ${Object.keys(a).join()} != ${Object.keys(b).join()}`;
  return undefined;
}
