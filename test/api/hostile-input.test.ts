// Bad input of any kind gets Notion's error envelope with a 4xx status, never a 500: valid request
// bodies of every writing endpoint with one part replaced by a hostile value (seeded, so every run
// sends the same requests), hostile ids in paths, hostile query strings and raw bodies. Afterwards
// the workspace still answers, and nothing reached Object.prototype.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, text } from '../helpers/builders.js';
import { startTestServer, type TestResponse, type TestServer } from '../helpers/server.js';

let server: TestServer;
let pageId: string;
let blockId: string;
let databaseId: string;
let dataSourceId: string;

beforeAll(async () => {
  server = await startTestServer();
  const db = await createDatabase(server, {
    Name: { title: {} },
    N: { number: {} },
    S: { select: { options: [{ name: 'a' }] } },
    When: { date: {} },
    Doubled: { formula: { expression: 'prop("N") * 2' } },
  });
  databaseId = db.databaseId;
  dataSourceId = db.dataSourceId;
  const page = await server.request('POST', '/v1/pages', {
    body: { parent: { page_id: server.info.rootPageId }, properties: { title: { title: [text('Target')] } }, children: [paragraph('first')] },
  });
  pageId = page.body.id;
  blockId = (await server.request('GET', `/v1/blocks/${pageId}/children`)).body.results[0].id;
});

afterAll(async () => {
  await server.close();
});

function paragraph(content: string) {
  return { object: 'block', type: 'paragraph', paragraph: { rich_text: [text(content)] } };
}

/** A request of the API and whether its answer is well-formed: 2xx, or Notion's error envelope with a 4xx. */
function expectHandled(res: TestResponse, what: string): void {
  if (res.status >= 200 && res.status < 300) return;
  const envelope = { object: res.body.object, status: res.body.status, code: typeof res.body.code, message: typeof res.body.message };
  expect({ what, status: res.status < 500 ? '4xx' : res.status, envelope }).toEqual({
    what,
    status: '4xx',
    envelope: { object: 'error', status: res.status, code: 'string', message: 'string' },
  });
}

// A small seeded generator (mulberry32): the same mutations every run.
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const nested = (depth: number): unknown => (depth === 0 ? {} : { a: nested(depth - 1) });

const HOSTILE: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 64,
  '',
  ' ',
  'x'.repeat(2001),
  'x'.repeat(100_000),
  "'; drop table blocks; --",
  '" or 1=1 --',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '\ud800',
  '💥'.repeat(50),
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000000000000000000000000000',
  [],
  [null],
  Array.from({ length: 101 }, () => ({})),
  {},
  { __proto__: { polluted: 1 } },
  JSON.parse('{"__proto__": {"polluted": 1}}'),
  { constructor: { prototype: { polluted: 1 } } },
  nested(60),
  Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])),
];

/** Every place in a JSON value, as a path of keys and indexes. */
function paths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  return out;
}

/** `body` with the value at `path` replaced, removed, or given an unknown sibling. */
function mutate(body: unknown, path: Array<string | number>, next: () => number): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  if (path.length === 0) return HOSTILE[Math.floor(next() * HOSTILE.length)];
  let parent: any = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path.at(-1)!;
  const roll = next();
  if (roll < 0.1 && !Array.isArray(parent)) delete parent[last];
  else if (roll < 0.2 && !Array.isArray(parent)) parent[`${String(last)}_unknown`] = 1;
  else parent[last] = HOSTILE[Math.floor(next() * HOSTILE.length)];
  return copy;
}

const endpoints = (): Array<{ method: string; url: () => string; body: () => unknown }> => [
  {
    method: 'POST',
    url: () => '/v1/pages',
    body: () => ({
      parent: { page_id: server.info.rootPageId },
      icon: { type: 'emoji', emoji: '🚀' },
      cover: { type: 'external', external: { url: 'https://example.com/c.png' } },
      properties: {
        title: { title: [{ type: 'text', text: { content: 'x', link: { url: 'https://example.com' } }, annotations: { bold: true, color: 'red' } }] },
      },
      children: [
        paragraph('a'),
        { type: 'to_do', to_do: { rich_text: [text('b')], checked: false } },
        { type: 'toggle', toggle: { rich_text: [text('c')], children: [paragraph('d')] } },
      ],
    }),
  },
  {
    method: 'POST',
    url: () => '/v1/pages',
    body: () => ({
      parent: { data_source_id: dataSourceId },
      properties: {
        Name: { title: [text('row')] },
        N: { number: 3 },
        S: { select: { name: 'a' } },
        When: { date: { start: '2024-05-01', end: '2024-05-03' } },
      },
    }),
  },
  {
    method: 'PATCH',
    url: () => `/v1/pages/${pageId}`,
    body: () => ({ properties: { title: { title: [text('renamed')] } }, icon: { type: 'emoji', emoji: '📘' }, in_trash: false }),
  },
  {
    method: 'PATCH',
    url: () => `/v1/blocks/${pageId}/children`,
    body: () => ({ children: [paragraph('appended'), { type: 'divider', divider: {} }], after: blockId }),
  },
  { method: 'PATCH', url: () => `/v1/blocks/${blockId}`, body: () => ({ paragraph: { rich_text: [text('edited')], color: 'blue' } }) },
  {
    method: 'POST',
    url: () => '/v1/databases',
    body: () => ({
      parent: { type: 'page_id', page_id: server.info.rootPageId },
      title: [text('Fuzzed')],
      initial_data_source: {
        properties: {
          Name: { title: {} },
          N: { number: { format: 'dollar' } },
          F: { formula: { expression: 'prop("N") + 1' } },
          M: { multi_select: { options: [{ name: 'x', color: 'red' }] } },
        },
      },
    }),
  },
  { method: 'PATCH', url: () => `/v1/databases/${databaseId}`, body: () => ({ title: [text('Renamed')], is_inline: false }) },
  {
    method: 'PATCH',
    url: () => `/v1/data_sources/${dataSourceId}`,
    body: () => ({ properties: { N: { number: { format: 'euro' } }, Extra: { rich_text: {} } } }),
  },
  {
    method: 'POST',
    url: () => `/v1/data_sources/${dataSourceId}/query`,
    body: () => ({
      filter: {
        and: [
          { property: 'N', number: { greater_than: 1 } },
          {
            or: [
              { property: 'S', select: { equals: 'a' } },
              { property: 'Doubled', formula: { number: { equals: 6 } } },
            ],
          },
          { timestamp: 'created_time', created_time: { past_week: {} } },
        ],
      },
      sorts: [
        { property: 'N', direction: 'ascending' },
        { timestamp: 'last_edited_time', direction: 'descending' },
      ],
      page_size: 10,
    }),
  },
  {
    method: 'POST',
    url: () => '/v1/search',
    body: () => ({
      query: 'Target',
      filter: { property: 'object', value: 'page' },
      sort: { direction: 'descending', timestamp: 'last_edited_time' },
      page_size: 5,
    }),
  },
  {
    method: 'POST',
    url: () => '/v1/comments',
    body: () => ({
      parent: { page_id: pageId },
      rich_text: [{ type: 'text', text: { content: 'x' }, annotations: { italic: true } }],
      display_name: { type: 'custom', custom: { name: 'Bot' } },
    }),
  },
  { method: 'POST', url: () => '/v1/comments', body: () => ({ parent: { block_id: blockId }, markdown: '**a** _b_ [c](https://example.com)' }) },
  {
    method: 'POST',
    url: () => '/v1/data_sources',
    body: () => ({ parent: { type: 'database_id', database_id: databaseId }, title: [text('Second')], properties: { Name: { title: {} } } }),
  },
];

describe('hostile input', () => {
  it('bodies with one part replaced by a hostile value are answered with 2xx or a 4xx error envelope', async () => {
    const next = random(20261205);
    for (const endpoint of endpoints()) {
      const valid = endpoint.body();
      const places = paths(valid);
      for (let i = 0; i < 40; i++) {
        const path = places[Math.floor(next() * places.length)]!;
        const body = mutate(valid, path, next);
        const res = await server.request(endpoint.method, endpoint.url(), { rawBody: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        expectHandled(res, `${endpoint.method} ${endpoint.url()} with ${JSON.stringify(path)} changed`);
      }
    }
  });

  it('hostile ids in paths are validation errors or not found, never anything else', async () => {
    const ids = [
      'not-an-id',
      "';drop table blocks;--",
      '..%2F..%2Fetc%2Fpasswd',
      '%00',
      '%E2%98%83',
      'a'.repeat(5000),
      '12345678-1234-1234-1234-1234567890ab',
      pageId.toUpperCase(),
      pageId.replace(/-/g, ''),
      `${pageId}x`,
      '%E0%A4%A',
      '%',
      'abc%ZZ',
    ];
    const templates = [
      ['GET', '/v1/pages/{id}'],
      ['PATCH', '/v1/pages/{id}'],
      ['GET', '/v1/pages/{id}/properties/{id}'],
      ['GET', '/v1/blocks/{id}'],
      ['PATCH', '/v1/blocks/{id}'],
      ['DELETE', '/v1/blocks/{id}'],
      ['GET', '/v1/blocks/{id}/children'],
      ['PATCH', '/v1/blocks/{id}/children'],
      ['GET', '/v1/databases/{id}'],
      ['PATCH', '/v1/databases/{id}'],
      ['POST', '/v1/databases/{id}/query'],
      ['GET', '/v1/data_sources/{id}'],
      ['PATCH', '/v1/data_sources/{id}'],
      ['POST', '/v1/data_sources/{id}/query'],
      ['GET', '/v1/users/{id}'],
      ['GET', '/v1/comments?block_id={id}'],
    ] as const;
    for (const [method, template] of templates) {
      for (const id of ids) {
        const url = template.replaceAll('{id}', id);
        const res = await server.request(method, url, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
        expectHandled(res, `${method} ${url.slice(0, 120)}`);
        if (res.status >= 400) expect([400, 404]).toContain(res.status);
      }
    }
  });

  it('a path that is not valid percent-encoding is an invalid request URL; an overlong id, an invalid id', async () => {
    for (const url of ['/v1/pages/%E0%A4%A', '/v1/pag%ZZes/abc', `/v1/blocks/${pageId}/children%`]) {
      const res = await server.request('GET', url);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ object: 'error', status: 400, code: 'invalid_request_url', message: 'Invalid request URL.', request_id: expect.any(String) });
      expect(res.headers['x-notion-request-id']).toBe(res.body.request_id);
    }
    const long = 'a'.repeat(5000);
    const res = await server.request('GET', `/v1/pages/${long}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    // The value quoted as every validation message quotes one: its first 100 characters of JSON.
    expect(res.body.message).toBe(`path failed validation: path.page_id should be a valid uuid, instead was \`"${long.slice(0, 99)}...\`.`);
  });

  it('hostile query strings are answered with 2xx or a 4xx error envelope', async () => {
    const queries = [
      'page_size=-1',
      'page_size=abc',
      'page_size=1e3',
      'page_size=101',
      'page_size=1&page_size=2',
      'start_cursor=garbage',
      `start_cursor=${'x'.repeat(3000)}`,
      'start_cursor=%00',
      "filter_properties=';drop",
      'filter_properties[]=title',
      'unknown=1',
      '__proto__[polluted]=1',
      'constructor[prototype][polluted]=1',
    ];
    for (const url of [
      `/v1/blocks/${pageId}/children`,
      '/v1/users',
      `/v1/pages/${pageId}`,
      `/v1/pages/${pageId}/properties/title`,
      `/v1/data_sources/${dataSourceId}/query`,
    ]) {
      for (const query of queries) {
        const method = url.endsWith('/query') ? 'POST' : 'GET';
        const res = await server.request(method, `${url}?${query}`, method === 'POST' ? { body: {} } : {});
        expectHandled(res, `${method} ${url}?${query.slice(0, 60)}`);
      }
    }
  });

  it('raw bodies that are not a JSON object are answered with a 4xx error envelope', async () => {
    const raws = ['{', '[]', '"text"', '123', 'null', 'true', '{"a":1}{"b":2}', '\u0000', `{"parent": ${'['.repeat(5000)}`, `{"x":"${'y'.repeat(3_000_000)}"}`];
    for (const [method, url] of [
      ['POST', '/v1/pages'],
      ['PATCH', `/v1/pages/${pageId}`],
      ['PATCH', `/v1/blocks/${pageId}/children`],
      ['POST', '/v1/search'],
      ['POST', `/v1/data_sources/${dataSourceId}/query`],
    ] as const) {
      for (const raw of raws) {
        const res = await server.request(method, url, { rawBody: raw, headers: { 'content-type': 'application/json' } });
        expectHandled(res, `${method} ${url} with ${JSON.stringify(raw.slice(0, 40))}`);
        expect(res.status).toBeGreaterThanOrEqual(400);
      }
    }
  });

  it('takes NUL characters out of what it stores', async () => {
    const raw =
      '{"parent":{"page_id":"ROOT"},"properties":{"title":{"title":[{"text":{"content":"a\\u0000b"}}]}},"children":[{"paragraph":{"rich_text":[{"text":{"content":"\\u0000c"}}]}}]}';
    const created = await server.request('POST', '/v1/pages', {
      rawBody: raw.replace('ROOT', server.info.rootPageId),
      headers: { 'content-type': 'application/json' },
    });
    expect(created.status).toBe(200);
    expect(created.body.properties.title.title[0].plain_text).toBe('ab');
    const children = await server.request('GET', `/v1/blocks/${created.body.id}/children`);
    expect(children.body.results[0].paragraph.rich_text[0].plain_text).toBe('c');
    const found = await server.request('POST', '/v1/search', { rawBody: '{"query":"a\\u0000b"}', headers: { 'content-type': 'application/json' } });
    expect(found.body.results.map((r: { id: string }) => r.id)).toContain(created.body.id);
  });

  it('leaves the workspace answering, and nothing on Object.prototype', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await server.request('GET', `/v1/pages/${pageId}`)).status).toBe(200);
    expect((await server.request('GET', `/v1/blocks/${pageId}/children`)).status).toBe(200);
    expect((await server.request('POST', `/v1/data_sources/${dataSourceId}/query`, { body: {} })).status).toBe(200);
  });
});
