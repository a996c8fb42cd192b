// Versions this server does not know yet: Notion's own refusal by default; with the lenient
// setting, a newer date is answered as the newest known version and the answer says so.
import { afterAll, describe, expect, it } from 'vitest';
import { NEWEST_VERSION } from '../../src/api-version.js';
import { VERSION_USED_HEADER } from '../../src/http/checks.js';
import { expectError, ok } from '../helpers/builders.js';
import { closeEmulators, startEmulator } from '../helpers/emulator.js';
import { sharedTestServer } from '../helpers/server.js';

const FUTURE = '2027-06-15';
const enumeration = (value: string) =>
  'Notion-Version header failed validation: Notion-Version header should be `"2021-05-11"`, `"2021-05-13"`, `"2021-08-16"`, ' +
  '`"2022-02-22"`, `"2022-06-28"`, `"2025-09-03"`, `"2026-03-11"`, or `"2026-12-01"`, ' +
  `instead was \`${JSON.stringify(value)}\`.`;

describe('by default', () => {
  const server = sharedTestServer();

  it('refuses a newer version as Notion does, with no header of its own', async () => {
    const res = await server.request('GET', '/v1/users/me', { version: FUTURE });
    expectError(res, 400, 'missing_version', enumeration(FUTURE));
    expect(res.headers[VERSION_USED_HEADER]).toBeUndefined();
  });
});

describe('with lenientVersion', () => {
  const server = sharedTestServer({ lenientVersion: true });

  it('answers a newer date as the newest known version and names it in a header', async () => {
    const res = await server.request('POST', '/v1/search', { body: {}, version: FUTURE });
    ok(res);
    expect(res.headers[VERSION_USED_HEADER]).toBe(NEWEST_VERSION);
    // The newest version's shapes: no `archived` on pages.
    expect(res.body.results.every((r: Record<string, unknown>) => !('archived' in r))).toBe(true);
  });

  it('says nothing when the version is known', async () => {
    const res = await server.request('GET', '/v1/users/me', { version: '2025-09-03' });
    ok(res);
    expect(res.headers[VERSION_USED_HEADER]).toBeUndefined();
  });

  it('still refuses older dates, malformed values, impossible dates and a missing header', async () => {
    for (const value of ['2024-01-01', 'banana', '2027-02-30', '2027-1-01', '']) {
      const res = await server.request('GET', '/v1/users/me', { version: value });
      expectError(res, 400, 'missing_version', enumeration(value));
      expect(res.headers[VERSION_USED_HEADER], value).toBeUndefined();
    }
    const missing = await server.request('GET', '/v1/users/me', { version: null });
    expect(missing.body.code).toBe('missing_version');
  });
});

describe('startLocalNotion({ lenientVersion })', () => {
  afterAll(closeEmulators);

  it('takes the setting', async () => {
    const ln = await startEmulator({ listen: false, lenientVersion: true });
    const res = await ln.fetch(`${ln.url}/v1/users/me`, { headers: { authorization: `Bearer ${ln.token}`, 'notion-version': FUTURE } });
    expect(res.status).toBe(200);
    expect(res.headers.get(VERSION_USED_HEADER)).toBe(NEWEST_VERSION);
  });
});
