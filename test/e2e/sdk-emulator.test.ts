// The emulator controls as an integration's test suite meets them, through @notionhq/client:
// the socket-free fetch, faults, the rate limiter and the request log.
import { APIErrorCode, APIResponseError, Client, LogLevel } from '@notionhq/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalNotion, LocalNotionOptions } from '../../src/emulator/start.js';
import { closeEmulators, startEmulator } from '../helpers/emulator.js';
import { startListeningServer } from '../helpers/listening.js';

type ClientFetch = NonNullable<NonNullable<ConstructorParameters<typeof Client>[0]>['fetch']>;

const open: { close(): Promise<void> }[] = [];
const start = (options: LocalNotionOptions = {}): Promise<LocalNotion> => startEmulator(options);
afterEach(async () => {
  await closeEmulators();
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const quiet = { logLevel: LogLevel.ERROR, logger: () => {} };

describe('startLocalNotion with @notionhq/client', () => {
  it('serves the SDK through its fetch option without a socket', async () => {
    const ln = await start({ listen: false });
    const fetch: ClientFetch = ln.fetch;
    const notion = new Client({ auth: ln.token, baseUrl: ln.url, fetch, ...quiet });
    const page = await notion.pages.create({ parent: { page_id: ln.rootPageId }, properties: { title: { title: [{ text: { content: 'No socket' } }] } } });
    const read = await notion.pages.retrieve({ page_id: page.id });
    expect(read.id).toBe(page.id);
    expect(ln.app.server.listening).toBe(false);
  });

  it('also listens on loopback by default, for clients that only take a base URL', async () => {
    const ln = await start();
    expect(ln.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const notion = new Client({ auth: ln.token, baseUrl: ln.url, ...quiet });
    expect((await notion.users.me({})).type).toBe('bot');
    const health = await fetch(`${ln.url}/__localnotion/health`);
    expect(health.status).toBe(200);
  });

  it('a fault rule makes the SDK see the chosen APIResponseError, and then stops', async () => {
    const ln = await start({ listen: false });
    const notion = new Client({ ...ln.clientOptions(), ...quiet });
    ln.faults.add({ method: 'POST', path: '/v1/pages', code: 'conflict_error', times: 1 });
    const create = () => notion.pages.create({ parent: { page_id: ln.rootPageId }, properties: { title: { title: [{ text: { content: 'x' } }] } } });
    const error = await create().catch((e: unknown) => e);
    expect(APIResponseError.isAPIResponseError(error)).toBe(true);
    expect((error as APIResponseError).code).toBe(APIErrorCode.ConflictError);
    expect((error as APIResponseError).status).toBe(409);
    expect((error as APIResponseError).message).toBe('Conflict occurred while saving. Please try again.');
    expect((await create()).object).toBe('page');
    expect(ln.faults.list()).toEqual([]);
  });

  it('the rate limiter answers 429 with Retry-After, and the SDK retries until it gets through', async () => {
    // Notion's rate (3 a second) with no burst: a second request at once finds the bucket empty.
    const ln = await start({ listen: false, rateLimit: { rate: 3, burst: 1 } });
    const strict = new Client({ ...ln.clientOptions(), ...quiet, retry: false });
    await strict.users.me({});
    const error = (await strict.users.me({}).catch((e: unknown) => e)) as APIResponseError;
    expect(error.code).toBe(APIErrorCode.RateLimited);
    expect(error.status).toBe(429);
    expect(error.message).toBe('You have been rate limited. Please try again in a few minutes.');
    expect(new Headers(error.headers as Record<string, string>).get('retry-after')).toBe('1');

    // The SDK waits the Retry-After second, by which time the bucket has filled again.
    ln.rateLimit.enable({ rate: 3, burst: 1 });
    ln.clearRequests();
    const retrying = new Client({ ...ln.clientOptions(), ...quiet, retry: { maxRetries: 2 } });
    await retrying.users.me({});
    const me = await retrying.users.me({});
    expect(me.type).toBe('bot');
    expect(
      ln
        .requests()
        .map((r) => r.status)
        .reverse(),
    ).toEqual([200, 429, 200]);
  });

  it('the request log shows what the SDK sent and what it got back', async () => {
    const ln = await start({ listen: false });
    const notion = new Client({ ...ln.clientOptions(), ...quiet });
    const page = await notion.pages.create({
      parent: { page_id: ln.rootPageId },
      properties: { title: { title: [{ text: { content: 'Seen' } }] } },
      children: [{ paragraph: { rich_text: [{ text: { content: 'Body' } }] } }],
    });
    const [logged] = ln.requests({ method: 'POST', path: '/v1/pages' });
    expect(logged!.request_body).toEqual({
      parent: { page_id: ln.rootPageId },
      properties: { title: { title: [{ text: { content: 'Seen' } }] } },
      children: [{ paragraph: { rich_text: [{ text: { content: 'Body' } }] } }],
    });
    expect(logged!.response_body).toEqual(JSON.parse(JSON.stringify(page)));
    expect(logged!.notion_version).toBe('2025-09-03');
    expect(logged!.integration?.name).toBe('localnotion');
  });
});

describe('localnotion serve off loopback', () => {
  it('makes up an admin token the control API requires; /v1 stays as it was', async () => {
    const server = await startListeningServer({ host: '0.0.0.0' });
    open.push(server);
    const port = new URL(server.baseUrl).port;
    const base = `http://127.0.0.1:${port}`;
    const admin = server.emulator.adminToken!;
    expect(admin).toMatch(/^lna_/);
    expect((await fetch(`${base}/__localnotion/health`)).status).toBe(401);
    expect((await fetch(`${base}/__localnotion/health`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    const notion = new Client({ auth: server.info.token, baseUrl: base, ...quiet });
    expect((await notion.users.me({})).type).toBe('bot');
  });
});
