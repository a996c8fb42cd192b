// Public integrations and personal access tokens as an integration meets them: the whole
// authorization-code flow driven by a headless browser on the consent page, then
// oauth.token/introspect/revoke through @notionhq/client; the same flow approved automatically
// with plain fetch; a personal access token; two workspaces.
import { APIErrorCode, Client, LogLevel } from '@notionhq/client';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixture } from '../../src/emulator/fixtures/schema.js';
import type { LocalNotion } from '../../src/emulator/start.js';
import { launchBrowser } from '../helpers/browser.js';
import { closeEmulators, startEmulator } from '../helpers/emulator.js';
import { expectApiError, fullPage, plain } from '../helpers/sdk.js';

const CLIENT_ID = '7c1d2e3f-4a5b-4c6d-8e7f-901234567890';
const CLIENT_SECRET = 'secret_e2e_client';
const PAT = 'ntn_e2e_personal_token_of_ada';

const fixture = (redirect: string): Fixture => ({
  users: [
    { key: 'ada', name: 'Ada', email: 'ada@example.com' },
    { key: 'bob', name: 'Bob', email: 'bob@example.com' },
  ],
  pages: [
    { key: 'roadmap', title: 'Roadmap' },
    { key: 'secrets', title: 'Secrets' },
    { key: 'diary', title: 'Ada diary', private_to: 'ada' },
    { key: 'bot_only', title: 'Bot only', private_to: 'bob' },
  ],
  integrations: [{ key: 'sync', name: 'Sync bot', pages: ['bot_only'] }],
  personal_tokens: [{ key: 'ada_pat', user: 'ada', token: PAT }],
  public_integrations: [{ key: 'app', name: 'Example App', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirect] }],
  workspaces: [{ key: 'acme', name: 'Acme', users: [{ key: 'dan', name: 'Dan', email: 'dan@acme.test' }], pages: [{ key: 'plan', title: 'Acme plan' }] }],
});

const quiet = { logLevel: LogLevel.ERROR, logger: () => {} };
let ln: LocalNotion;
let browser: Browser;
// The integration's callback: a page that only says it was reached, so that the browser stops
// there and the test reads the code from its URL.
let callbackServer: Server;
let REDIRECT = '';

beforeAll(async () => {
  callbackServer = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('connected'));
  await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
  REDIRECT = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/oauth/callback`;
  ln = await startEmulator({ seed: fixture(REDIRECT) });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await closeEmulators();
  await new Promise((resolve) => callbackServer.close(resolve));
});

const authorizeUrl = (state: string) =>
  `${ln.url}/v1/oauth/authorize?${new URLSearchParams({ client_id: CLIENT_ID, response_type: 'code', owner: 'user', redirect_uri: REDIRECT, state })}`;

describe('the authorization-code flow in a browser', () => {
  it('approves on the consent page, and the SDK exchanges, introspects and revokes the token', async () => {
    const page = await browser.newPage();
    await page.goto(authorizeUrl('state-123'));
    await page.selectOption('#user_id', ln.id('ada'));
    await page.click('#continue');
    await expect.poll(() => page.locator('h1').textContent()).toContain('Example App wants to access localnotion');
    await page.uncheck(`input[name="page"][value="${ln.id('secrets')}"]`);
    await Promise.all([page.waitForURL(`${REDIRECT}**`), page.click('#allow')]);
    const callback = new URL(page.url());
    await page.close();
    expect(callback.searchParams.get('state')).toBe('state-123');
    const code = callback.searchParams.get('code')!;

    const sdk = new Client({ baseUrl: ln.url, ...quiet });
    const granted = await sdk.oauth.token({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
    });
    expect(granted).toMatchObject({ token_type: 'bearer', workspace_id: ln.workspaceId, workspace_name: 'localnotion', duplicated_template_id: null });
    expect(granted.owner).toMatchObject({ type: 'user', user: { id: ln.id('ada') } });

    const notion = new Client({ auth: granted.access_token, baseUrl: ln.url, ...quiet });
    const roadmap = fullPage(await notion.pages.retrieve({ page_id: ln.id('roadmap') })).properties.title!;
    expect(roadmap.type === 'title' ? plain(roadmap.title) : null).toBe('Roadmap');
    await expectApiError(notion.pages.retrieve({ page_id: ln.id('secrets') }), APIErrorCode.ObjectNotFound, 404);
    expect((await notion.users.me({})).id).toBe(granted.bot_id);

    const live = await sdk.oauth.introspect({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, token: granted.access_token });
    expect(live).toMatchObject({ active: true, scope: expect.stringContaining('read_content') });

    const refreshed = await sdk.oauth.token({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_type: 'refresh_token',
      refresh_token: granted.refresh_token!,
    });
    expect(refreshed.access_token).not.toBe(granted.access_token);
    await expectApiError(notion.users.me({}), APIErrorCode.Unauthorized, 401);

    await sdk.oauth.revoke({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, token: refreshed.access_token });
    expect((await sdk.oauth.introspect({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, token: refreshed.access_token })).active).toBe(false);
    await expectApiError(new Client({ auth: refreshed.access_token, baseUrl: ln.url, ...quiet }).users.me({}), APIErrorCode.Unauthorized, 401);
  });

  it('sends access_denied back when the person cancels', async () => {
    const page = await browser.newPage();
    await page.goto(authorizeUrl('no-thanks'));
    await page.selectOption('#user_id', ln.id('bob'));
    await page.click('#continue');
    await Promise.all([page.waitForURL(`${REDIRECT}**`), page.click('#deny')]);
    const callback = new URL(page.url());
    await page.close();
    expect(Object.fromEntries(callback.searchParams)).toEqual({ error: 'access_denied', state: 'no-thanks' });
  });
});

describe('approved automatically, with plain fetch', () => {
  it('installs in two workspaces, each token seeing its own', async () => {
    const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
    const install = async (userId: string) => {
      const set = await fetch(`${ln.url}/__localnotion/oauth/auto-approve`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ enabled: true, user_id: userId }),
      });
      expect(set.status).toBe(200);
      const redirected = await fetch(authorizeUrl('auto'), { redirect: 'manual' });
      expect(redirected.status).toBe(302);
      const location = new URL(redirected.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
      const res = await fetch(`${ln.url}/v1/oauth/token`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'authorization_code', code: location.searchParams.get('code'), redirect_uri: REDIRECT }),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { access_token: string; workspace_name: string };
    };
    const first = await install(ln.id('bob'));
    const acme = await install(ln.id('acme:dan'));
    await fetch(`${ln.url}/__localnotion/oauth/auto-approve`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"enabled":false}' });
    expect([first.workspace_name, acme.workspace_name]).toEqual(['localnotion', 'Acme']);
    const read = (token: string, id: string) =>
      fetch(`${ln.url}/v1/pages/${id}`, { headers: { authorization: `Bearer ${token}`, 'notion-version': '2025-09-03' } });
    expect((await read(first.access_token, ln.id('roadmap'))).status).toBe(200);
    expect((await read(first.access_token, ln.id('acme:plan'))).status).toBe(404);
    expect((await read(acme.access_token, ln.id('acme:plan'))).status).toBe(200);
    expect((await read(acme.access_token, ln.id('roadmap'))).status).toBe(404);
  });
});

describe('a personal access token through the SDK', () => {
  it('reads a private page of its person and fails on a page only a bot was given', async () => {
    const notion = new Client({ auth: PAT, baseUrl: ln.url, ...quiet });
    const diary = fullPage(await notion.pages.retrieve({ page_id: ln.id('diary') }));
    expect(diary.id).toBe(ln.id('diary'));
    await expectApiError(notion.pages.retrieve({ page_id: ln.id('bot_only') }), APIErrorCode.ObjectNotFound, 404);
    await expectApiError(notion.users.list({}), APIErrorCode.RestrictedResource, 403);
    const me = await notion.users.me({});
    expect(me.type === 'bot' && me.bot && 'owner' in me.bot ? me.bot.owner : null).toMatchObject({ type: 'user', user: { id: ln.id('ada') } });
    // The bot the page was shared with reads it.
    const bot = new Client({ auth: ln.tokens.sync!, baseUrl: ln.url, ...quiet });
    expect((await bot.pages.retrieve({ page_id: ln.id('bot_only') })).id).toBe(ln.id('bot_only'));
  });
});
