// Request conventions shared by every endpoint (spec 1, 2.1, 9): routing, credentials, the
// Notion-Version header and the order of those checks, bodies, ids, request ids and the error
// envelope.
import { describe, expect, it } from 'vitest';
import { dashless } from '../helpers/builders.js';
import { sharedTestServer, type TestResponse } from '../helpers/server.js';

const server = sharedTestServer();

const FORMAT_MESSAGE = 'Authorization header must use the format "Bearer <token>".';
const MISSING_VERSION_MESSAGE = 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.';
const versionEnumMessage = (value: string): string =>
  'Notion-Version header failed validation: Notion-Version header should be `"2021-05-11"`, `"2021-05-13"`, ' +
  '`"2021-08-16"`, `"2022-02-22"`, `"2022-06-28"`, `"2025-09-03"`, `"2026-03-11"`, or `"2026-12-01"`, ' +
  `instead was \`${JSON.stringify(value)}\`.`;
const ACCEPTED_VERSIONS = ['2021-05-11', '2021-05-13', '2021-08-16', '2022-02-22', '2022-06-28', '2025-09-03', '2026-03-11', '2026-12-01'];
const UUID_DASHED_LOWER = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectError(res: TestResponse, status: number, code: string, message: string): void {
  expect(res.status).toBe(status);
  // A 404 naming the integration carries its id too, as Notion's do.
  const additional = message.includes('shared with your integration "') ? { additional_data: { integration_id: server.info.botId } } : {};
  expect(res.body).toEqual({ object: 'error', status, code, message, ...additional, request_id: expect.any(String) });
  expect(res.headers['x-notion-request-id']).toBe(res.body.request_id);
}

async function createPage(title: string): Promise<TestResponse['body']> {
  const res = await server.request('POST', '/v1/pages', {
    body: { parent: { page_id: server.info.rootPageId }, properties: { title: [{ text: { content: title } }] } },
  });
  expect(res.status).toBe(200);
  return res.body;
}

describe('routing', () => {
  it('answers an unknown route with invalid_request_url, before looking at credentials', async () => {
    for (const url of ['/v1/nothing-here', '/v2/pages', '/', '/v1/search', '/v1/pages/abc/unknown']) {
      expectError(await server.request('GET', url, { token: null, version: null }), 400, 'invalid_request_url', 'Invalid request URL.');
    }
    expectError(await server.request('GET', '/v1/nothing-here', { token: 'wrong' }), 400, 'invalid_request_url', 'Invalid request URL.');
  });

  it('answers a known path with the wrong method with invalid_request_url, even without auth', async () => {
    const page = await createPage('Wrong method');
    const cases: Array<[string, string]> = [
      ['PUT', `/v1/pages/${page.id}`],
      ['DELETE', `/v1/pages/${page.id}`],
      ['DELETE', '/v1/users/me'],
      ['POST', '/v1/users'],
      ['GET', '/v1/pages'],
      ['POST', `/v1/blocks/${page.id}/children`],
    ];
    for (const [method, url] of cases) {
      expectError(await server.request(method, url), 400, 'invalid_request_url', 'Invalid request URL.');
      expectError(await server.request(method, url, { token: null, version: null }), 400, 'invalid_request_url', 'Invalid request URL.');
    }
  });

  it('checks the route before reading the body', async () => {
    const headers = { 'content-type': 'application/json' };
    for (const rawBody of ['{oops', JSON.stringify({ padding: 'x'.repeat(510_000) })]) {
      for (const [method, url] of [
        ['POST', '/v1/nothing-here'],
        ['PUT', '/v1/pages'],
      ] as const) {
        const res = await server.request(method, url, { rawBody, headers, token: null, version: null });
        expectError(res, 400, 'invalid_request_url', 'Invalid request URL.');
      }
    }
  });

  it('tolerates a trailing slash', async () => {
    const me = await server.request('GET', '/v1/users/me/');
    expect(me.status).toBe(200);
    expect(me.body.object).toBe('user');
    const page = await createPage('Trailing slash');
    const res = await server.request('GET', `/v1/pages/${page.id}/`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(page.id);
  });

  it('matches paths case-insensitively, keeping the id as sent', async () => {
    const me = await server.request('GET', '/V1/USERS/ME');
    expect(me.status).toBe(200);
    expect(me.body.type).toBe('bot');
    const page = await createPage('Case insensitive');
    const res = await server.request('GET', `/V1/Pages/${page.id}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(page.id);
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await server.request('HEAD', '/v1/users/me');
    expect(res.status).toBe(200);
    expect(res.raw.body).toBe('');
    expect(res.headers['x-notion-request-id']).toMatch(UUID_DASHED_LOWER);
  });
});

describe('credentials', () => {
  it('refuses a missing Authorization header with the format message', async () => {
    expectError(await server.request('GET', '/v1/users/me', { token: null }), 401, 'unauthorized', FORMAT_MESSAGE);
  });

  it('refuses malformed Authorization headers with the format message', async () => {
    const values = [`Basic ${server.info.token}`, 'Bearer', 'Bearer ', `Bearer ${server.info.token} extra`, 'Bearer a b', server.info.token, ''];
    for (const authorization of values) {
      const res = await server.request('GET', '/v1/users/me', { token: null, headers: { authorization } });
      expectError(res, 401, 'unauthorized', FORMAT_MESSAGE);
    }
  });

  it('refuses a well-formed but unknown token', async () => {
    expectError(await server.request('GET', '/v1/users/me', { token: 'ntn_unknown' }), 401, 'unauthorized', 'API token is invalid.');
    expectError(await server.request('GET', '/v1/users/me', { token: `${server.info.token}x` }), 401, 'unauthorized', 'API token is invalid.');
  });

  it('reads the scheme case-insensitively and splits on any whitespace', async () => {
    for (const authorization of [
      `bearer ${server.info.token}`,
      `BEARER ${server.info.token}`,
      `Bearer  ${server.info.token}`,
      `Bearer\t${server.info.token}`,
    ]) {
      const res = await server.request('GET', '/v1/users/me', { token: null, headers: { authorization } });
      expect(res.status).toBe(200);
      expect(res.body.object).toBe('user');
    }
  });
});

describe('Notion-Version', () => {
  it('requires the header', async () => {
    expectError(await server.request('GET', '/v1/users/me', { version: null }), 400, 'missing_version', MISSING_VERSION_MESSAGE);
  });

  it('refuses an unknown value with the enumeration, still as missing_version', async () => {
    expectError(await server.request('GET', '/v1/users/me', { version: 'banana' }), 400, 'missing_version', versionEnumMessage('banana'));
    expectError(await server.request('GET', '/v1/users/me', { version: '2024-01-01' }), 400, 'missing_version', versionEnumMessage('2024-01-01'));
  });

  it('refuses an empty value like an unknown one', async () => {
    expectError(await server.request('GET', '/v1/users/me', { version: '' }), 400, 'missing_version', versionEnumMessage(''));
  });

  it('accepts every version the live API enumerates', async () => {
    const page = await createPage('Every version');
    for (const version of ACCEPTED_VERSIONS) {
      const me = await server.request('GET', '/v1/users/me', { version });
      expect(me.status, version).toBe(200);
      expect(me.body.id).toBe(server.info.botId);
      const res = await server.request('GET', `/v1/pages/${page.id}`, { version });
      expect(res.status, version).toBe(200);
      expect(res.body.id).toBe(page.id);
      // `archived` is gone from 2026-03-11 on.
      expect('archived' in res.body, version).toBe(version < '2026-03-11');
    }
  });
});

describe('order of checks', () => {
  it('reports credentials before the version, and the version before validation', async () => {
    const bad = '/v1/pages/not-an-id';
    expectError(await server.request('GET', bad, { token: null, version: null }), 401, 'unauthorized', FORMAT_MESSAGE);
    expectError(await server.request('GET', bad, { token: 'ntn_unknown', version: 'banana' }), 401, 'unauthorized', 'API token is invalid.');
    expectError(await server.request('GET', bad, { version: null }), 400, 'missing_version', MISSING_VERSION_MESSAGE);
    expectError(await server.request('POST', '/v1/pages', { rawBody: '{oops', version: 'banana' }), 400, 'missing_version', versionEnumMessage('banana'));
    expectError(
      await server.request('GET', bad),
      400,
      'validation_error',
      'path failed validation: path.page_id should be a valid uuid, instead was `"not-an-id"`.',
    );
  });

  it('checks the path before the body, and the body JSON before its shape', async () => {
    const broken = { rawBody: '{oops', headers: { 'content-type': 'application/json' } };
    expectError(
      await server.request('PATCH', '/v1/pages/not-an-id', broken),
      400,
      'validation_error',
      'path failed validation: path.page_id should be a valid uuid, instead was `"not-an-id"`.',
    );
    expectError(await server.request('PATCH', `/v1/pages/${server.info.rootPageId}`, broken), 400, 'invalid_json', 'Error parsing JSON body.');
  });

  it('checks the route before credentials and version', async () => {
    expectError(await server.request('PATCH', '/v1/users/me', { token: 'ntn_unknown', version: 'banana' }), 400, 'invalid_request_url', 'Invalid request URL.');
  });
});

describe('bodies', () => {
  it('answers invalid_json for a body that is not JSON', async () => {
    for (const rawBody of ['{oops', '{"parent":', 'not json at all', '{"a":1}}']) {
      const res = await server.request('POST', '/v1/pages', { rawBody, headers: { 'content-type': 'application/json' } });
      expectError(res, 400, 'invalid_json', 'Error parsing JSON body.');
    }
  });

  it('reads a missing body on PATCH as {}', async () => {
    const page = await createPage('No body');
    const res = await server.request('PATCH', `/v1/pages/${page.id}`);
    expect(res.status).toBe(200);
    expect(res.body.object).toBe('page');
    expect(res.body.id).toBe(page.id);
    expect(res.body.properties.title.title[0].plain_text).toBe('No body');
  });

  it('reads a missing body on POST as {} and validates that', async () => {
    const res = await server.request('POST', '/v1/pages');
    expectError(res, 400, 'validation_error', 'body failed validation: body.parent should be defined, instead was `undefined`.');
    const empty = await server.request('POST', '/v1/pages', { rawBody: '', headers: { 'content-type': 'application/json' } });
    expectError(empty, 400, 'validation_error', 'body failed validation: body.parent should be defined, instead was `undefined`.');
  });

  it('refuses a body over 500 KB with a validation_error', async () => {
    const rawBody = JSON.stringify({ parent: { page_id: server.info.rootPageId }, padding: 'x'.repeat(510_000) });
    const res = await server.request('POST', '/v1/pages', { rawBody, headers: { 'content-type': 'application/json' } });
    expectError(res, 400, 'validation_error', `Request body too large: ${Buffer.byteLength(rawBody)} bytes, more than the 500000 bytes allowed.`);
  });

  it('answers an unknown URL with an oversized body as an unknown URL', async () => {
    const rawBody = JSON.stringify({ padding: 'x'.repeat(510_000) });
    for (const url of ['/v1/pages/abc/unknown', '/v1/nothing-here']) {
      const res = await server.request('POST', url, { rawBody, headers: { 'content-type': 'application/json' } });
      expectError(res, 400, 'invalid_request_url', 'Invalid request URL.');
    }
  });

  it('refuses an unknown top-level key', async () => {
    const res = await server.request('POST', '/v1/pages', { body: { parent: { page_id: server.info.rootPageId }, colour: 'red' } });
    expectError(res, 400, 'validation_error', 'body failed validation: body.colour should be not present, instead was `"red"`.');
  });
});

describe('ids', () => {
  it('accepts dashless ids and answers with the dashed lower-case form', async () => {
    const page = await createPage('Dashless');
    const res = await server.request('GET', `/v1/pages/${dashless(page.id)}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(page.id);
    expect(res.body.id).toMatch(UUID_DASHED_LOWER);

    const child = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: dashless(page.id) }, properties: { title: [{ text: { content: 'Child' } }] } },
    });
    expect(child.status).toBe(200);
    expect(child.body.parent).toEqual({ type: 'page_id', page_id: page.id });

    const block = await server.request('GET', `/v1/blocks/${dashless(page.id)}`);
    expect(block.status).toBe(200);
    expect(block.body.id).toBe(page.id);

    const user = await server.request('GET', `/v1/users/${dashless(server.info.botId)}`);
    expect(user.status).toBe(200);
    expect(user.body.id).toBe(server.info.botId);
  });

  it('does not fold upper-case ids: dashed ones are not found, dashless ones are not ids', async () => {
    const page = await createPage('Upper case');
    const upper = page.id.toUpperCase();
    expectError(
      await server.request('GET', `/v1/pages/${upper}`),
      404,
      'object_not_found',
      `Could not find page with ID: ${upper}. Make sure the relevant pages and databases are shared with your integration "localnotion".`,
    );
    const upperDashless = dashless(upper);
    expectError(
      await server.request('GET', `/v1/pages/${upperDashless}`),
      400,
      'validation_error',
      `path failed validation: path.page_id should be a valid uuid, instead was \`"${upperDashless}"\`.`,
    );
  });

  it('names the path parameter of a malformed id', async () => {
    const cases: Array<[string, string, string]> = [
      ['GET', '/v1/pages/not-an-id', 'page_id'],
      ['PATCH', '/v1/pages/not-an-id', 'page_id'],
      ['GET', '/v1/pages/not-an-id/properties/title', 'page_id'],
      ['GET', '/v1/blocks/not-an-id', 'block_id'],
      ['PATCH', '/v1/blocks/not-an-id', 'block_id'],
      ['DELETE', '/v1/blocks/not-an-id', 'block_id'],
      ['GET', '/v1/blocks/not-an-id/children', 'block_id'],
      ['PATCH', '/v1/blocks/not-an-id/children', 'block_id'],
      ['GET', '/v1/users/not-an-id', 'user_id'],
    ];
    for (const [method, url, param] of cases) {
      expectError(
        await server.request(method, url),
        400,
        'validation_error',
        `path failed validation: path.${param} should be a valid uuid, instead was \`"not-an-id"\`.`,
      );
    }
  });
});

describe('request ids and the error envelope', () => {
  it('sends x-notion-request-id on every response, unique per response', async () => {
    const page = await createPage('Request ids');
    const responses = [
      await server.request('GET', '/v1/users/me'),
      await server.request('GET', `/v1/pages/${page.id}`),
      await server.request('GET', `/v1/blocks/${page.id}/children`),
      await server.request('GET', '/v1/unknown', { token: null }),
      await server.request('GET', '/v1/users/me', { token: null }),
      await server.request('GET', '/v1/users/me', { version: null }),
      await server.request('GET', '/v1/pages/nope'),
      await server.request('POST', '/v1/pages', { rawBody: '{', headers: { 'content-type': 'application/json' } }),
    ];
    const ids = responses.map((r) => r.headers['x-notion-request-id']);
    for (const id of ids) expect(id).toMatch(UUID_DASHED_LOWER);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('puts the header id in the body of errors and successes alike', async () => {
    const ok = await server.request('GET', '/v1/users/me');
    expect(ok.body.request_id).toBe(ok.headers['x-notion-request-id']);
    const errors = [
      await server.request('GET', '/v1/unknown'),
      await server.request('GET', '/v1/users/me', { token: 'ntn_unknown' }),
      await server.request('GET', '/v1/users/me', { version: 'banana' }),
      await server.request('GET', '/v1/blocks/not-an-id'),
      await server.request('GET', `/v1/pages/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`),
      await server.request('POST', '/v1/pages', { rawBody: '[', headers: { 'content-type': 'application/json' } }),
    ];
    for (const res of errors) {
      const keys = ['code', 'message', 'object', 'request_id', 'status'];
      // Not-found errors add the integration's id (recorded from api.notion.com).
      expect(Object.keys(res.body).sort()).toEqual(res.status === 404 ? ['additional_data', ...keys] : keys);
      expect(res.body.object).toBe('error');
      expect(res.body.status).toBe(res.status);
      expect(res.body.request_id).toBe(res.headers['x-notion-request-id']);
    }
  });

  it('answers JSON', async () => {
    const ok = await server.request('GET', '/v1/users/me');
    expect(ok.headers['content-type']).toMatch(/^application\/json/);
    const err = await server.request('GET', '/v1/unknown');
    expect(err.headers['content-type']).toMatch(/^application\/json/);
  });

  it('names an object it cannot find with the integration name', async () => {
    const id = '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11';
    expectError(
      await server.request('GET', `/v1/pages/${id}`),
      404,
      'object_not_found',
      `Could not find page with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "localnotion".`,
    );
    expectError(
      await server.request('GET', `/v1/blocks/${id}`),
      404,
      'object_not_found',
      `Could not find block with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "localnotion".`,
    );
  });
});
