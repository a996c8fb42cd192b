// localnotion/intercept: code that talks to https://api.notion.com with no way to change the base
// URL (the SDK without `baseUrl`, plain fetch, a library that makes its own calls) reaches an
// in-process localnotion, while other hosts are left alone. A guard dispatcher under the
// interception refuses anything but loopback, so that nothing here can reach the internet.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, LogLevel } from '@notionhq/client';
import { interceptNotion, type Interception } from 'localnotion/intercept';
import { NotionToMarkdown } from 'notion-to-md';
import { Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import { closeEmulators, startEmulator } from '../helpers/emulator.js';

const quiet = { logLevel: LogLevel.ERROR, logger: () => {} };

/** Passes loopback requests to the real dispatcher and fails every other one at once. */
class LoopbackOnly extends Dispatcher {
  readonly refused: string[] = [];
  constructor(readonly inner: Dispatcher) {
    super();
  }
  override dispatch(options: Dispatcher.DispatchOptions, handler: Parameters<Dispatcher['dispatch']>[1]): boolean {
    const origin = new URL(String(options.origin));
    if (origin.hostname === '127.0.0.1' || origin.hostname === 'localhost') return this.inner.dispatch(options, handler);
    this.refused.push(origin.origin);
    throw new Error(`the test refuses to reach ${origin.origin}`);
  }
}

const original = getGlobalDispatcher();
const guard = new LoopbackOnly(original);
let ln: LocalNotion;
let interception: Interception;
let other: Server;
let otherUrl: string;
const seenByOther: { method?: string; url?: string; host?: string; body: string }[] = [];

beforeAll(async () => {
  setGlobalDispatcher(guard);
  ln = await startEmulator();
  other = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seenByOther.push({ method: req.method, url: req.url, host: req.headers.host, body });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ from: 'the other server' }));
    });
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterEach(() => interception?.restore());
afterAll(async () => {
  setGlobalDispatcher(original);
  await closeEmulators();
  await new Promise((resolve) => other.close(resolve));
});

describe('localnotion/intercept', () => {
  it('serves @notionhq/client constructed without baseUrl', async () => {
    interception = interceptNotion(ln);
    expect(interception.target).toBe(ln.url);
    const notion = new Client({ auth: ln.token, ...quiet });
    const page = await notion.pages.create({ parent: { page_id: ln.rootPageId }, properties: { title: { title: [{ text: { content: 'Intercepted' } }] } } });
    const read = await notion.pages.retrieve({ page_id: page.id });
    expect(read.id).toBe(page.id);
    expect(ln.requests({ method: 'POST', path: '/v1/pages' })).toHaveLength(1);
    expect(guard.refused).toEqual([]);
  });

  it("serves plain fetch('https://api.notion.com/v1/...') with localnotion's answers and errors", async () => {
    interception = interceptNotion(ln.url);
    const res = await fetch('https://api.notion.com/v1/users/me', { headers: { authorization: `Bearer ${ln.token}`, 'notion-version': '2025-09-03' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { type: string }).type).toBe('bot');
    const [logged] = ln.requests({ path: '/v1/users/me' });
    expect(res.headers.get('x-notion-request-id')).toBe(logged!.id);
    const refused = await fetch('https://api.notion.com/v1/users/me', { headers: { 'notion-version': '2025-09-03' } });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: string }).code).toBe('unauthorized');
  });

  it('leaves requests to other hosts to the previous dispatcher, untouched', async () => {
    interception = interceptNotion(ln);
    const res = await fetch(`${otherUrl}/v1/users/me?x=1`, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(await res.json()).toEqual({ from: 'the other server' });
    expect(seenByOther.at(-1)).toEqual({ method: 'POST', url: '/v1/users/me?x=1', host: new URL(otherUrl).host, body: 'hello' });
    expect(ln.requests({ path: '/v1/users/me?x=1' })).toEqual([]);
  });

  it('stops at restore(): api.notion.com is then sent where it was before (here, the guard)', async () => {
    interception = interceptNotion(ln);
    expect(getGlobalDispatcher()).not.toBe(guard);
    interception.restore();
    expect(interception.active).toBe(false);
    expect(getGlobalDispatcher()).toBe(guard);
    await expect(fetch('https://api.notion.com/v1/users/me')).rejects.toThrow();
    expect(guard.refused).toEqual(['https://api.notion.com']);
    guard.refused.length = 0;
  });

  it('refuses a server that does not listen', () => {
    expect(() => interceptNotion('http://localnotion.invalid')).toThrow('interceptNotion needs a listening server');
    expect(() => interceptNotion('not a url')).toThrow('is not a URL');
    expect(getGlobalDispatcher()).toBe(guard);
  });

  it('serves notion-to-md, a library given a Client without baseUrl, end to end', async () => {
    interception = interceptNotion(ln);
    const notion = new Client({ auth: ln.token, ...quiet });
    const page = await notion.pages.create({
      parent: { page_id: ln.rootPageId },
      properties: { title: { title: [{ text: { content: 'Tuscan kale' } }] } },
      children: [
        { heading_2: { rich_text: [{ text: { content: 'Ingredients' } }] } },
        { to_do: { rich_text: [{ text: { content: 'Kale' } }], checked: true } },
        { paragraph: { rich_text: [{ text: { content: 'Wash it ' } }, { text: { content: 'well' }, annotations: { bold: true } }] } },
      ],
    });
    const n2m = new NotionToMarkdown({ notionClient: notion as unknown as ConstructorParameters<typeof NotionToMarkdown>[0]['notionClient'] });
    const markdown = n2m.toMarkdownString(await n2m.pageToMarkdown(page.id)).parent;
    expect(markdown).toContain('## Ingredients');
    expect(markdown).toContain('- [x] Kale');
    expect(markdown).toContain('Wash it **well**');
    expect(ln.requests({ path: `/v1/blocks/${page.id}/children` }).length).toBeGreaterThan(0);
    expect(guard.refused).toEqual([]);
  });
});
