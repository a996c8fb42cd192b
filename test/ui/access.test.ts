// Who may open the web UI. On loopback without an admin token it is open; a server with one
// (always, off loopback) answers /ui/ with a prompt for it and nothing else, until the token is
// traded for the UI's cookie at /__localnotion/ui/login. The cookie opens /ui/ and the control
// API, never for a page of another origin.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import { launchBrowser } from '../helpers/browser.js';
import { closeEmulators, startEmulator } from '../helpers/emulator.js';
import { TEST_ENGINE } from '../helpers/store.js';

/** A non-loopback address of this machine, if it has one. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

const asset = readdirSync(fileURLToPath(new URL('../../dist/ui/assets', import.meta.url))).find((f) => f.endsWith('.js'))!;

interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

function send(url: string, method: string, headers: Record<string, string> = {}): Promise<RawReply> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

afterAll(closeEmulators);

describe.skipIf(!outside)('off loopback', () => {
  let ln: LocalNotion;
  let cookie = '';
  beforeAll(async () => {
    ln = await startEmulator({ listen: { host: outside!, port: 0 } });
  });

  it('answers every path under /ui/ with the prompt, and nothing else', async () => {
    expect(ln.adminToken).toMatch(/^lna_/);
    for (const path of ['/ui', '/ui/', `/ui/assets/${asset}`, '/ui/index.html', '/ui/missing']) {
      const reply = await send(`${ln.url}${path}`, 'GET');
      expect(reply.status, path).toBe(401);
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(reply.headers['cache-control']).toBe('no-store');
      expect(reply.headers['content-security-policy']).toContain("default-src 'none'");
      expect(reply.text).toContain('<label for="token">Admin token</label>');
      expect(reply.text).not.toContain('/ui/assets/');
      expect(reply.text).not.toContain(ln.adminToken!);
    }
    // Nor does the control API give the UI's session to a request without the token.
    expect((await send(`${ln.url}/__localnotion/ui/session`, 'POST')).status).toBe(401);
  });

  it('trades the admin token for an HttpOnly, SameSite=Strict cookie that opens the UI and the controls', async () => {
    const wrong = await send(`${ln.url}/__localnotion/ui/login`, 'POST', { authorization: 'Bearer lna_wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const login = await send(`${ln.url}/__localnotion/ui/login`, 'POST', { authorization: `Bearer ${ln.adminToken}` });
    expect(login.status).toBe(200);
    const setCookie = login.headers['set-cookie']![0]!;
    const port = new URL(ln.url).port;
    expect(setCookie).toMatch(new RegExp(`^localnotion_ui_${port}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict$`));
    expect(setCookie).not.toContain(ln.adminToken!);
    cookie = setCookie.split(';')[0]!;

    const index = await send(`${ln.url}/ui/`, 'GET', { cookie });
    expect(index.status).toBe(200);
    expect(index.text).toContain(`/ui/assets/`);
    expect((await send(`${ln.url}/ui/assets/${asset}`, 'GET', { cookie })).status).toBe(200);
    const session = await send(`${ln.url}/__localnotion/ui/session`, 'POST', { cookie });
    expect(session.status).toBe(200);
    expect(JSON.parse(session.text)).toMatchObject({ object: 'ui_session', token: expect.any(String) });
    // A cookie of another value, or of another port, opens nothing.
    expect((await send(`${ln.url}/ui/`, 'GET', { cookie: `localnotion_ui_${port}=forged` })).status).toBe(401);
    expect((await send(`${ln.url}/ui/`, 'GET', { cookie: cookie.replace(`_${port}=`, '_1=') })).status).toBe(401);
  });

  it('refuses the cookie to pages of other origins', async () => {
    const host = new URL(ln.url).host;
    const foreign = await send(`${ln.url}/__localnotion/reset`, 'POST', { cookie, origin: 'http://attacker.example' });
    expect(foreign.status).toBe(403);
    const crossSite = await send(`${ln.url}/__localnotion/export`, 'GET', { cookie, 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const rebound = await send(`${ln.url}/__localnotion/export`, 'GET', { cookie, host: 'attacker.example' });
    expect(rebound.status).toBe(403);
    const own = await send(`${ln.url}/__localnotion/health`, 'GET', { cookie, origin: `http://${host}` });
    expect(own.status).toBe(200);
  });

  it('ends the session at logout', async () => {
    const logout = await send(`${ln.url}/__localnotion/ui/logout`, 'POST', { cookie });
    expect(logout.status).toBe(200);
    expect(logout.headers['set-cookie']![0]).toMatch(/^localnotion_ui_\d+=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
  });
});

describe('on loopback', () => {
  it('is open without an admin token, and asks for one when the server has one', async () => {
    const open = await startEmulator();
    const index = await send(`${open.url}/ui/`, 'GET');
    expect(index.status).toBe(200);
    expect(index.text).toContain('/ui/assets/');
    const guarded = await startEmulator({ adminToken: 'lna_loopback_token' });
    expect((await send(`${guarded.url}/ui/`, 'GET')).status).toBe(401);
    expect((await send(`${guarded.url}/ui/`, 'GET', { authorization: 'Bearer lna_loopback_token' })).status).toBe(200);
  });
});

// The browser part runs once, on SQLite: the prompt and the cookie do not depend on the store.
describe.skipIf(!outside || TEST_ENGINE === 'postgres')('the prompt in a browser, off loopback', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('asks for the admin token, refuses a wrong one, and opens the UI with the right one', async () => {
    const ln = await startEmulator({ listen: { host: outside!, port: 0 } });
    const page = await (await browser.newContext()).newPage();
    const response = await page.goto(`${ln.url}/ui/#/emulator/clock`);
    expect(response!.status()).toBe(401);
    await page.getByLabel('Admin token').fill('lna_not_it');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('That is not the admin token.');
    expect(await page.locator('.emulator').count()).toBe(0);

    await page.getByLabel('Admin token').fill(ln.adminToken!);
    await page.getByRole('button', { name: 'Open the web UI' }).click();
    // The same URL, now the UI: the clock screen reads the control API with the cookie.
    await page.getByRole('heading', { name: 'Clock', level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'running' }).count()).toBe(1);
    const cookies = await page.context().cookies();
    expect(cookies).toEqual([expect.objectContaining({ httpOnly: true, sameSite: 'Strict', path: '/' })]);
    await page.close();
  });
});
