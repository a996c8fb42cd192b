// Notion's current request limits (https://developers.notion.com/reference/request-limits): a
// budget per integration per window and one per workspace shared by its integrations, each named
// in the 429's `rate_limit_reason`, with Retry-After until its window ends; and 529
// service_overload through a fault rule.
import { afterEach, describe, expect, it } from 'vitest';
import { call, closeEmulators, startEmulator, type Reply } from '../helpers/emulator.js';

afterEach(closeEmulators);

const MESSAGE = 'You have been rate limited. Please try again in a few minutes.';

function expectLimited(res: Reply, reason: string): void {
  expect(res.status).toBe(429);
  const retryAfter = res.headers.get('retry-after');
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  expect(res.body).toEqual({
    object: 'error',
    status: 429,
    code: 'rate_limited',
    message: MESSAGE,
    additional_data: { rate_limit_reason: reason, retry_after: retryAfter },
    request_id: res.headers.get('x-notion-request-id'),
  });
}

describe('windows', () => {
  it('refuse an integration past its budget, naming the per-connection limit; others go on', async () => {
    const ln = await startEmulator({ listen: false, rateLimit: { connection_limit: 2 } });
    expect(ln.rateLimit.get()).toMatchObject({ enabled: true, model: 'windows', window_seconds: 60, connection_limit: 2 });
    for (let i = 0; i < 2; i++) expect((await call(ln, 'GET', '/v1/users/me')).status).toBe(200);
    expectLimited(await call(ln, 'GET', '/v1/users/me'), 'public_api_request_rate_limit');
    await call(ln, 'POST', '/__localnotion/integrations', { body: { name: 'Other', token: 'ntn_other' } });
    expect((await call(ln, 'GET', '/v1/users/me', { token: 'ntn_other' })).status).toBe(200);
    // The control API is never limited.
    expect((await call(ln, 'GET', '/__localnotion/rate-limit')).status).toBe(200);
  });

  it('refuse an integration within its own budget once the workspace has spent its budget', async () => {
    const ln = await startEmulator({ listen: false });
    const on = await call(ln, 'PATCH', '/__localnotion/rate-limit', { body: { enabled: true, connection_limit: 3, workspace_limit: 4 } });
    expect(on.body).toMatchObject({ object: 'rate_limit', enabled: true, model: 'windows', connection_limit: 3, workspace_limit: 4 });
    await call(ln, 'POST', '/__localnotion/integrations', { body: { name: 'Other', token: 'ntn_other' } });
    for (let i = 0; i < 3; i++) expect((await call(ln, 'GET', '/v1/users/me')).status).toBe(200);
    expect((await call(ln, 'GET', '/v1/users/me', { token: 'ntn_other' })).status).toBe(200);
    expectLimited(await call(ln, 'GET', '/v1/users/me', { token: 'ntn_other' }), 'public_api_space_request_rate_limit');
    // Switched off, nothing is limited; switched on again, budgets start anew.
    await call(ln, 'PATCH', '/__localnotion/rate-limit', { body: { enabled: false } });
    expect((await call(ln, 'GET', '/v1/users/me')).status).toBe(200);
    await call(ln, 'PATCH', '/__localnotion/rate-limit', { body: { enabled: true } });
    expect((await call(ln, 'GET', '/v1/users/me')).status).toBe(200);
  });

  it('refuse settings that are not numbers of requests or a model', async () => {
    const ln = await startEmulator({ listen: false });
    for (const body of [{ model: 'leaky' }, { connection_limit: 0 }, { workspace_limit: 1.5 }, { window_seconds: -1 }]) {
      const res = await call(ln, 'PATCH', '/__localnotion/rate-limit', { body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_error');
    }
    expect(ln.rateLimit.get().enabled).toBe(false);
  });
});

describe('529 service_overload', () => {
  it('is answered by a fault rule with Retry-After, in the envelope of Notion', async () => {
    const ln = await startEmulator({ listen: false });
    await call(ln, 'POST', '/__localnotion/faults', { body: { path: '/v1/users/me', code: 'service_overload', retry_after: 2, times: 1 } });
    const res = await call(ln, 'GET', '/v1/users/me');
    expect(res.status).toBe(529);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.body).toMatchObject({ object: 'error', status: 529, code: 'service_overload', message: 'Notion is overloaded, please try again later.' });
    expect((await call(ln, 'GET', '/v1/users/me')).status).toBe(200);
  });
});
