// Notion's current request limits as @notionhq/client meets them: the 429 of each limit with its
// reason and Retry-After, the SDK waiting out a window and getting through, and a 529 it retries.
import { APIErrorCode, type APIResponseError, Client, LogLevel } from '@notionhq/client';
import { afterEach, describe, expect, it } from 'vitest';
import { closeEmulators, startEmulator } from '../helpers/emulator.js';

afterEach(closeEmulators);

const quiet = { logLevel: LogLevel.ERROR, logger: () => {} };

describe('request limits through the SDK', () => {
  it('raises rate_limited with the limit hit in additional_data and Retry-After in the headers', async () => {
    const ln = await startEmulator({ listen: false, rateLimit: { connection_limit: 5, workspace_limit: 1 } });
    const strict = new Client({ ...ln.clientOptions(), ...quiet, retry: false });
    await strict.users.me({});
    const error = (await strict.users.me({}).catch((e: unknown) => e)) as APIResponseError;
    expect([error.code, error.status]).toEqual([APIErrorCode.RateLimited, 429]);
    const retryAfter = new Headers(error.headers as Record<string, string>).get('retry-after');
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(error.additional_data).toEqual({ rate_limit_reason: 'public_api_space_request_rate_limit', retry_after: retryAfter });
  });

  it('waits out the window the Retry-After names and gets through', async () => {
    const ln = await startEmulator({ listen: false, rateLimit: { window_seconds: 1, connection_limit: 1 } });
    const notion = new Client({ ...ln.clientOptions(), ...quiet, retry: { maxRetries: 3 } });
    await notion.users.me({});
    expect((await notion.users.me({})).type).toBe('bot');
    const statuses = ln
      .requests()
      .map((r) => r.status)
      .reverse();
    expect(statuses[0]).toBe(200);
    expect(statuses[1]).toBe(429);
    expect(statuses.at(-1)).toBe(200);
  });

  it('retries a 529 service_overload after its Retry-After', async () => {
    const ln = await startEmulator({ listen: false });
    ln.faults.add({ path: '/v1/users/me', code: 'service_overload', retry_after: 0, times: 1 });
    const notion = new Client({ ...ln.clientOptions(), ...quiet, retry: { maxRetries: 2 } });
    expect((await notion.users.me({})).type).toBe('bot');
    expect(
      ln
        .requests()
        .map((r) => r.status)
        .reverse(),
    ).toEqual([529, 200]);
  });
});
