// The control API under /__localnotion: every route, its answers and its errors.
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalNotion, LocalNotionOptions } from '../../src/emulator/start.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';
import { TEST_ENGINE } from '../helpers/store.js';

const start = (options: LocalNotionOptions = {}): Promise<LocalNotion> => startEmulator({ listen: false, ...options });
afterEach(closeEmulators);

const error = (status: number, code: string, message: string) => ({ object: 'error', status, code, message });

describe('control API', () => {
  it('answers health without any token, and /v1 still needs an integration token', async () => {
    const ln = await start();
    const health = await call(ln, 'GET', '/__localnotion/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      store: TEST_ENGINE === 'postgres' ? 'postgres' : 'memory',
      root_page_id: ln.rootPageId,
      can_reset: true,
      fault_rules: 0,
    });
    expect(health.body.rate_limit).toEqual({
      enabled: false,
      model: 'windows',
      rate: 3,
      burst: 10,
      window_seconds: 60,
      connection_limit: 180,
      workspace_limit: 900,
      retry_after: null,
    });
    expect(health.headers.get('x-notion-request-id')).toBeNull();
    const v1 = await call(ln, 'GET', '/v1/users/me', { token: null });
    expect(v1.status).toBe(401);
  });

  it('answers unknown control paths clearly, and unknown /v1 paths as Notion does', async () => {
    const ln = await start();
    expect((await call(ln, 'POST', '/__localnotion/nothing?x=1')).body).toEqual(
      error(404, 'invalid_request_url', 'No control endpoint POST /__localnotion/nothing. The control API is described in the README (Control API).'),
    );
    const v1 = await call(ln, 'GET', '/v1/nothing');
    expect(v1.status).toBe(400);
    expect(v1.body).toMatchObject({ object: 'error', code: 'invalid_request_url', message: 'Invalid request URL.' });
    // Only the /v1 request is in the request log.
    expect(ln.requests().map((r) => [r.path, r.status])).toEqual([['/v1/nothing', 400]]);
  });

  it('requires the admin token on every route when the server has one', async () => {
    const ln = await start({ adminToken: 'admin-secret' });
    const refused = await call(ln, 'GET', '/__localnotion/health');
    expect(refused.body).toEqual(error(401, 'unauthorized', 'The control API needs the admin token: send "Authorization: Bearer <admin token>".'));
    expect((await call(ln, 'POST', '/__localnotion/reset', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await call(ln, 'POST', '/__localnotion/reset', { headers: { authorization: 'Bearer admin-secret' } })).status).toBe(200);
    // The admin token is no integration token.
    expect((await call(ln, 'GET', '/v1/users/me', { token: 'admin-secret' })).status).toBe(401);
  });

  it('answers bad input with a clear JSON error, never a 500', async () => {
    const ln = await start();
    const cases: [string, string, string | undefined, unknown][] = [
      ['POST', '/__localnotion/faults', '{', error(400, 'invalid_json', 'The body is not valid JSON.')],
      [
        'POST',
        '/__localnotion/faults',
        '{"times":0,"code":"rate_limited"}',
        error(400, 'validation_error', 'body failed validation: body.times should be ≥ `1` or `undefined`, instead was `0`.'),
      ],
      [
        'POST',
        '/__localnotion/faults',
        '{"code":"teapot"}',
        error(400, 'validation_error', 'body failed validation: body.code should be a Notion error code, instead was "teapot".'),
      ],
      [
        'POST',
        '/__localnotion/faults',
        '{}',
        error(400, 'validation_error', 'A fault rule needs a `code` (the error to answer with), a `latency_ms`, or both.'),
      ],
      [
        'POST',
        '/__localnotion/faults',
        '{"colour":1}',
        error(400, 'validation_error', 'body failed validation: body.colour should be not present, instead was `1`.'),
      ],
      [
        'PATCH',
        '/__localnotion/rate-limit',
        '{"rate":0}',
        error(400, 'validation_error', 'body failed validation: body.rate should be ≥ `0.001` or `undefined`, instead was `0`.'),
      ],
      [
        'POST',
        '/__localnotion/clock/set',
        '{"time":"tomorrow"}',
        error(400, 'validation_error', 'body failed validation: body.time should be an ISO 8601 date-time, instead was "tomorrow".'),
      ],
      [
        'POST',
        '/__localnotion/clock/advance',
        '{}',
        error(400, 'validation_error', 'body failed validation: body.ms or body.seconds should be defined, instead was `undefined`.'),
      ],
      ['GET', '/__localnotion/requests?status=abc', undefined, error(400, 'validation_error', 'status should be a whole number, instead was "abc".')],
      [
        'GET',
        '/__localnotion/requests?colour=red',
        undefined,
        error(400, 'validation_error', 'Unknown filter "colour": filter by method, path, status, integration or limit.'),
      ],
      ['GET', '/__localnotion/integrations/not-an-id', undefined, error(400, 'validation_error', 'id should be a valid uuid, instead was "not-an-id".')],
      [
        'GET',
        '/__localnotion/integrations/00000000-0000-4000-8000-000000000000',
        undefined,
        error(404, 'object_not_found', 'No integration with id 00000000-0000-4000-8000-000000000000.'),
      ],
      ['DELETE', '/__localnotion/faults/fault_9', undefined, error(404, 'object_not_found', 'No fault rule "fault_9".')],
      [
        'POST',
        '/__localnotion/seed',
        '{"pages":[{"title":5}]}',
        error(400, 'validation_error', 'body: fixture failed validation: pages[0].title should be a string, an array, or `undefined`, instead was `5`.'),
      ],
    ];
    for (const [method, path, text, expected] of cases) {
      const res = await call(ln, method, path, { text });
      expect(res.body, `${method} ${path} ${text}`).toEqual(expected);
    }
  });

  it('creates integrations with capabilities, shares and unshares pages, renames and rotates tokens', async () => {
    const ln = await start();
    const made = await call(ln, 'POST', '/__localnotion/integrations', {
      body: { name: 'Reader', token: 'ntn_reader', capabilities: { insert_content: false }, pages: [ln.rootPageId] },
    });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ object: 'integration', name: 'Reader', kind: 'internal', token: 'ntn_reader', pages: [ln.rootPageId] });
    expect(made.body.capabilities).toMatchObject({ read_content: true, insert_content: false });
    const id = made.body.id;

    const root = await call(ln, 'GET', `/v1/pages/${ln.rootPageId}`, { token: 'ntn_reader' });
    expect(root.status).toBe(200);
    const insert = await call(ln, 'POST', '/v1/pages', { token: 'ntn_reader', body: { parent: { page_id: ln.rootPageId }, properties: { title: [] } } });
    expect(insert.body.code).toBe('restricted_resource');

    expect((await call(ln, 'POST', '/__localnotion/integrations', { body: { name: 'Twin', token: 'ntn_reader' } })).body).toEqual(
      error(409, 'conflict_error', 'Another integration already has this token.'),
    );

    const unshared = await call(ln, 'DELETE', `/__localnotion/integrations/${id}/pages/${ln.rootPageId}`);
    expect(unshared.body.pages).toEqual([]);
    expect((await call(ln, 'GET', `/v1/pages/${ln.rootPageId}`, { token: 'ntn_reader' })).status).toBe(404);
    const shared = await call(ln, 'POST', `/__localnotion/integrations/${id}/pages`, { body: { page_id: ln.rootPageId } });
    expect(shared.body.pages).toEqual([ln.rootPageId]);
    expect((await call(ln, 'POST', `/__localnotion/integrations/${id}/pages`, { body: { page_id: id } })).status).toBe(404);

    const changed = await call(ln, 'PATCH', `/__localnotion/integrations/${id}`, { body: { name: 'Renamed', capabilities: { insert_content: true } } });
    expect(changed.body).toMatchObject({ name: 'Renamed', capabilities: { insert_content: true } });
    const me = await call(ln, 'GET', '/v1/users/me', { token: 'ntn_reader' });
    expect(me.body.name).toBe('Renamed');

    const rotated = await call(ln, 'POST', `/__localnotion/integrations/${id}/rotate-token`);
    expect(rotated.body.token).toMatch(/^ntn_/);
    expect(rotated.body.token).not.toBe('ntn_reader');
    expect((await call(ln, 'GET', '/v1/users/me', { token: 'ntn_reader' })).status).toBe(401);
    expect((await call(ln, 'GET', '/v1/users/me', { token: rotated.body.token })).status).toBe(200);

    const list = await call(ln, 'GET', '/__localnotion/integrations');
    expect(list.body.results.map((i: any) => i.name)).toEqual(['localnotion', 'Renamed']);
  });

  it('rotating the default integration token changes what the handle reports', async () => {
    const ln = await start({ token: 'ntn_default' });
    const rotated = await call(ln, 'POST', `/__localnotion/integrations/${ln.emulator.info.integrationId}/rotate-token`);
    expect(ln.token).toBe(rotated.body.token);
    expect((await call(ln, 'GET', '/v1/users/me')).status).toBe(200);
  });

  it('drives the clock: freeze, advance, unfreeze, back to system time', async () => {
    const ln = await start();
    const frozen = await call(ln, 'POST', '/__localnotion/clock/freeze', { body: { time: '2024-02-29T12:00:00Z' } });
    expect(frozen.body).toEqual({ object: 'clock', now: '2024-02-29T12:00:00.000Z', frozen: true });
    expect((await call(ln, 'POST', '/__localnotion/clock/advance', { body: { seconds: 90, ms: 500 } })).body.now).toBe('2024-02-29T12:01:30.500Z');
    const page = await call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, properties: { title: [] } } });
    expect(page.body.created_time).toBe('2024-02-29T12:01:00.000Z');
    expect((await call(ln, 'GET', '/__localnotion/clock')).body).toEqual({ object: 'clock', now: '2024-02-29T12:01:30.500Z', frozen: true });
    expect((await call(ln, 'POST', '/__localnotion/clock/unfreeze')).body.frozen).toBe(false);
    const system = await call(ln, 'POST', '/__localnotion/clock/system');
    expect(system.body.frozen).toBe(false);
    expect(Math.abs(Date.parse(system.body.now) - Date.now())).toBeLessThan(60_000);
  });

  it('lists the request log with what was sent and answered, filtered, and clears it', async () => {
    const ln = await start();
    const body = { parent: { page_id: ln.rootPageId }, properties: { title: [{ text: { content: 'Logged' } }] } };
    const created = await call(ln, 'POST', '/v1/pages', { body });
    await call(ln, 'GET', `/v1/pages/${created.body.id}`);
    await call(ln, 'GET', '/v1/pages/00000000-0000-4000-8000-000000000000');
    await call(ln, 'GET', '/v1/users/me', { token: 'ntn_nobody' });

    const all = (await call(ln, 'GET', '/__localnotion/requests')).body.results;
    expect(all.map((r: any) => [r.method, r.status])).toEqual([
      ['GET', 401],
      ['GET', 404],
      ['GET', 200],
      ['POST', 200],
    ]);
    const post = all[3];
    expect(post).toMatchObject({
      id: created.headers.get('x-notion-request-id'),
      path: '/v1/pages',
      integration: { name: 'localnotion' },
      notion_version: '2025-09-03',
      request_body: body,
      fault: null,
    });
    expect(post.response_body.id).toBe(created.body.id);
    expect(typeof post.duration_ms).toBe('number');
    expect(all[0].integration).toBeNull();

    const notFound = await call(ln, 'GET', '/__localnotion/requests?status=404&method=get&path=/v1/pages/*');
    expect(notFound.body.results.map((r: any) => r.status)).toEqual([404]);
    expect((await call(ln, 'GET', '/__localnotion/requests?limit=1')).body.results).toHaveLength(1);
    expect((await call(ln, 'GET', '/__localnotion/requests?integration=localnotion')).body.results).toHaveLength(3);
    // The control API itself is not logged.
    expect((await call(ln, 'DELETE', '/__localnotion/requests')).body).toEqual({ cleared: true });
    expect((await call(ln, 'GET', '/__localnotion/requests')).body.results).toEqual([]);
  });

  it('adds fault rules that answer Notion errors N times, lists and removes them', async () => {
    const ln = await start();
    const rule = await call(ln, 'POST', '/__localnotion/faults', { body: { method: 'GET', path: '/v1/users/me', code: 'service_unavailable', times: 2 } });
    expect(rule.body).toEqual({ object: 'fault_rule', id: 'fault_1', method: 'GET', path: '/v1/users/me', code: 'service_unavailable', times: 2, hits: 0 });
    for (let i = 0; i < 2; i++) {
      const failed = await call(ln, 'GET', '/v1/users/me');
      expect(failed.status).toBe(503);
      expect(failed.body).toEqual({
        object: 'error',
        status: 503,
        code: 'service_unavailable',
        message: 'Notion is unavailable, please try again later.',
        request_id: failed.headers.get('x-notion-request-id'),
      });
    }
    expect((await call(ln, 'GET', '/v1/users/me')).status).toBe(200);
    expect((await call(ln, 'GET', '/__localnotion/faults')).body.results).toEqual([]);
    expect(ln.requests({ status: 503 }).map((r) => r.fault)).toEqual(['fault_1', 'fault_1']);

    await call(ln, 'POST', '/__localnotion/faults', { body: { code: 'conflict_error', status: 418, message: 'Custom.', retry_after: 7 } });
    const custom = await call(ln, 'POST', '/v1/search', { body: {} });
    expect(custom.status).toBe(418);
    expect(custom.body).toMatchObject({ code: 'conflict_error', message: 'Custom.' });
    expect(custom.headers.get('retry-after')).toBe('7');
    expect((await call(ln, 'DELETE', '/__localnotion/faults/fault_2')).body).toEqual({ object: 'fault_rule', id: 'fault_2', deleted: true });

    // A refused write changes nothing.
    await call(ln, 'POST', '/__localnotion/faults', { body: { method: 'POST', path: '/v1/pages', code: 'internal_server_error', times: 1 } });
    const write = await call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, properties: { title: [] } } });
    expect(write.status).toBe(500);
    expect((await call(ln, 'GET', `/v1/blocks/${ln.rootPageId}/children`)).body.results).toEqual([]);

    await call(ln, 'POST', '/__localnotion/faults', { body: { code: 'rate_limited' } });
    expect((await call(ln, 'DELETE', '/__localnotion/faults')).body).toEqual({ cleared: true });
    expect((await call(ln, 'GET', '/v1/users/me')).status).toBe(200);
  });

  it('matches fault rules by integration and adds latency', async () => {
    const ln = await start();
    await call(ln, 'POST', '/__localnotion/integrations', { body: { name: 'Other', token: 'ntn_other', pages: [ln.rootPageId] } });
    await call(ln, 'POST', '/__localnotion/faults', { body: { integration: 'Other', code: 'object_not_found' } });
    await call(ln, 'POST', '/__localnotion/faults', { body: { integration: 'localnotion', latency_ms: 1, times: 1 } });
    expect((await call(ln, 'GET', '/v1/users/me', { token: 'ntn_other' })).status).toBe(404);
    const slow = await call(ln, 'GET', '/v1/users/me');
    expect(slow.status).toBe(200);
    expect(ln.requests({ limit: 1 })[0]!.fault).toBe('fault_2');
  });

  it('switches the rate limiter on, answers 429 rate_limited with Retry-After per integration, and off', async () => {
    const ln = await start();
    const on = await call(ln, 'PATCH', '/__localnotion/rate-limit', { body: { enabled: true, rate: 0.001, burst: 2, retry_after: 3 } });
    // Giving the bucket's rate or burst chooses the bucket.
    expect(on.body).toMatchObject({ object: 'rate_limit', enabled: true, model: 'bucket', rate: 0.001, burst: 2, retry_after: 3 });
    expect((await call(ln, 'GET', '/v1/users/me')).status).toBe(200);
    expect((await call(ln, 'GET', '/v1/users/me')).status).toBe(200);
    const limited = await call(ln, 'GET', '/v1/users/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.body).toEqual({
      object: 'error',
      status: 429,
      code: 'rate_limited',
      message: 'You have been rate limited. Please try again in a few minutes.',
      additional_data: { rate_limit_reason: 'public_api_request_rate_limit', retry_after: '3' },
      request_id: limited.headers.get('x-notion-request-id'),
    });
    // Another integration has its own bucket; the control API is never limited.
    await call(ln, 'POST', '/__localnotion/integrations', { body: { name: 'Other', token: 'ntn_other' } });
    expect((await call(ln, 'GET', '/v1/users/me', { token: 'ntn_other' })).status).toBe(200);
    expect((await call(ln, 'GET', '/__localnotion/rate-limit')).body.enabled).toBe(true);
    await call(ln, 'PATCH', '/__localnotion/rate-limit', { body: { enabled: false } });
    expect((await call(ln, 'GET', '/v1/users/me')).status).toBe(200);
  });

  it('starts with the rate limiter on when asked', async () => {
    const ln = await start({ rateLimit: { burst: 1, retry_after: 0 } });
    expect((await call(ln, 'GET', '/v1/users/me')).status).toBe(200);
    const limited = await call(ln, 'GET', '/v1/users/me');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '0']);
  });

  it('resets through the control API, and says so when there is no state to return to', async () => {
    const ln = await start();
    await call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, properties: { title: [] } } });
    expect((await call(ln, 'POST', '/__localnotion/reset')).body).toEqual({ reset: true, keys: { root: ln.rootPageId, owner: ln.emulator.info.ownerId } });
    expect((await call(ln, 'GET', `/v1/blocks/${ln.rootPageId}/children`)).body.results).toEqual([]);
  });
});
