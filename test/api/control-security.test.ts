// The control API cannot be driven from a web page, cannot be reached off loopback without the
// admin token however the server was started, and no control request brings the process down.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { openEmulator } from '../../src/emulator/emulator.js';
import type { LocalNotion, LocalNotionOptions } from '../../src/emulator/start.js';
import { buildApp } from '../../src/http/app.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';
import { freshStore } from '../helpers/store.js';

afterEach(closeEmulators);

const start = (options: LocalNotionOptions = {}): Promise<LocalNotion> => startEmulator({ listen: false, ...options });
const error = (status: number, code: string, message: string) => ({ object: 'error', status, code, message });

/** A non-loopback address of this machine, if it has one. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: any;
  /** Bytes of the body the client had written when the answer came. */
  sent: number;
}

/**
 * A request over a real socket, its body written chunk by chunk (chunked encoding, so the server
 * cannot know its length) until the server answers or `chunks` runs out.
 */
function send(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string; chunks?: () => string | undefined },
): Promise<RawReply> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(
      { host: target.hostname, port: target.port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        answered = true;
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          let body: any = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sent });
          req.destroy();
        });
      },
    );
    req.on('error', (e) => (answered ? undefined : reject(e)));
    if (options.body !== undefined) req.end(options.body);
    else if (!options.chunks) req.end();
    else {
      const next = (): void => {
        if (answered) return;
        const chunk = options.chunks!();
        if (chunk === undefined) return void req.end();
        sent += Buffer.byteLength(chunk);
        if (req.write(chunk)) setImmediate(next);
        else req.once('drain', next);
      };
      next();
    }
  });
}

describe('control API and web pages', () => {
  it('refuses a Host that is not the server (DNS rebinding); /v1 answers any Host', async () => {
    const ln = await start();
    const refused = await call(ln, 'GET', '/__localnotion/export', { headers: { host: 'attacker.example:7217' } });
    expect(refused.body).toEqual(
      error(
        403,
        'restricted_resource',
        'The control API answers only requests addressed to this server: the Host "attacker.example:7217" is not one of its addresses. Give other names with --allowed-host.',
      ),
    );
    expect((await call(ln, 'GET', '/__localnotion/health', { headers: { host: 'localhost' } })).status).toBe(200);
    expect((await call(ln, 'GET', '/__localnotion/health', { headers: { host: '127.0.0.1:80' } })).status).toBe(200);
    expect((await call(ln, 'GET', '/__localnotion/health', { headers: { host: '[::1]' } })).status).toBe(200);
    expect((await call(ln, 'GET', '/v1/users/me', { headers: { host: 'attacker.example' } })).status).toBe(200);
  });

  it('accepts the names it is told (allowedHosts), at any port', async () => {
    const ln = await start({ allowedHosts: ['Notion.Test'] });
    expect((await call(ln, 'GET', '/__localnotion/health', { headers: { host: 'notion.test:8443' } })).status).toBe(200);
    expect((await call(ln, 'GET', '/__localnotion/health', { headers: { host: 'other.test' } })).status).toBe(403);
  });

  it('over a socket, requires the port it listens on', async () => {
    const ln = await startEmulator({ listen: true });
    const port = new URL(ln.url).port;
    const at = (host: string) => send(ln.url, { path: '/__localnotion/health', headers: { host } });
    expect((await at(`127.0.0.1:${port}`)).status).toBe(200);
    expect((await at(`localhost:${port}`)).status).toBe(200);
    expect((await at(`localhost:${Number(port) === 1 ? 2 : Number(port) - 1}`)).status).toBe(403);
    expect((await at('localhost')).status).toBe(403);
  });

  it('refuses requests from other origins, and /v1 still answers them', async () => {
    const ln = await start();
    const page = await call(ln, 'POST', '/v1/pages', {
      body: { parent: { page_id: ln.rootPageId }, properties: { title: { title: [{ text: { content: 'Kept' } }] } } },
    });
    expect(page.status).toBe(200);
    const crossOrigin = await call(ln, 'POST', '/__localnotion/reset', { headers: { origin: 'https://attacker.example' } });
    expect(crossOrigin.body).toEqual(
      error(403, 'restricted_resource', 'The control API does not answer requests from web pages of other origins (Origin "https://attacker.example").'),
    );
    expect((await call(ln, 'POST', '/__localnotion/reset', { headers: { origin: 'null' } })).status).toBe(403);
    for (const site of ['cross-site', 'same-site']) {
      const refused = await call(ln, 'POST', '/__localnotion/reset', { headers: { 'sec-fetch-site': site } });
      expect(refused.body).toEqual(
        error(403, 'restricted_resource', `The control API does not answer requests from web pages of other origins (Sec-Fetch-Site "${site}").`),
      );
    }
    // Nothing was reset.
    expect((await call(ln, 'GET', `/v1/pages/${page.body.id}`)).status).toBe(200);
    // The server's own origin, and requests a person makes (typed URL, bookmark), are its own.
    expect((await call(ln, 'GET', '/__localnotion/health', { headers: { host: 'localhost', origin: 'http://localhost' } })).status).toBe(200);
    expect((await call(ln, 'GET', '/__localnotion/health', { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    expect((await call(ln, 'GET', '/__localnotion/health', { headers: { 'sec-fetch-site': 'none' } })).status).toBe(200);
    // Notion's API is for any client, browsers included: the token is what it checks.
    expect((await call(ln, 'GET', '/v1/users/me', { headers: { origin: 'https://app.example', 'sec-fetch-site': 'cross-site' } })).status).toBe(200);
  });

  it('accepts only JSON bodies, YAML on /seed and JSON lines on /import', async () => {
    const ln = await start();
    const page = await call(ln, 'POST', '/v1/pages', {
      body: { parent: { page_id: ln.rootPageId }, properties: { title: { title: [{ text: { content: 'Kept' } }] } } },
    });
    // A form or text/plain post needs no preflight: a web page can send it anywhere.
    const plain = await call(ln, 'POST', '/__localnotion/reset', { text: '', headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(plain.body).toEqual(
      error(415, 'unsupported_media_type', 'POST /__localnotion/reset takes a body of type application/json, instead was "text/plain;charset=UTF-8".'),
    );
    const form = await call(ln, 'POST', '/__localnotion/integrations', {
      text: 'name=x&token=mine',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const none = await call(ln, 'POST', '/__localnotion/faults', { text: '{"code":"rate_limited"}', headers: { 'content-type': '' } });
    expect(none.body).toEqual(error(415, 'unsupported_media_type', 'POST /__localnotion/faults takes a body of type application/json, instead was none.'));
    const yamlFault = await call(ln, 'POST', '/__localnotion/faults', { text: 'code: rate_limited', headers: { 'content-type': 'application/yaml' } });
    expect(yamlFault.status).toBe(415);
    const seedText = await call(ln, 'POST', '/__localnotion/seed', { text: 'pages: []', headers: { 'content-type': 'text/plain' } });
    expect(seedText.body).toEqual(
      error(415, 'unsupported_media_type', 'POST /__localnotion/seed takes a body of type application/json or application/yaml, instead was "text/plain".'),
    );
    const importText = await call(ln, 'POST', '/__localnotion/import', { text: '{}', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expect(importText.body.message).toBe(
      'POST /__localnotion/import takes a body of type application/x-ndjson or application/json, instead was "multipart/form-data; boundary=x".',
    );
    expect(ln.emulator.faults.size).toBe(0);
    expect((await call(ln, 'GET', '/__localnotion/integrations')).body.results).toHaveLength(1);
    expect((await call(ln, 'GET', `/v1/pages/${page.body.id}`)).status).toBe(200);
    // What a client sends without a body, and the documented types, are fine.
    expect((await call(ln, 'POST', '/__localnotion/clock/unfreeze')).status).toBe(200);
    expect((await call(ln, 'POST', '/__localnotion/faults', { body: { code: 'rate_limited', times: 1 } })).status).toBe(200);
    expect((await call(ln, 'POST', '/__localnotion/seed', { text: 'pages: []', headers: { 'content-type': 'application/x-yaml' } })).status).toBe(200);
    expect((await call(ln, 'POST', '/__localnotion/reset')).status).toBe(200);
  });
});

describe('control API under hostile bodies', () => {
  it('streams an import: a body of newlines is refused at its first line, and the server goes on', async () => {
    const ln = await startEmulator({ listen: true });
    const mb = '\n'.repeat(1024 * 1024);
    let left = 256;
    const reply = await send(ln.url, {
      method: 'POST',
      path: '/__localnotion/import',
      headers: { 'content-type': 'application/x-ndjson', host: new URL(ln.url).host },
      chunks: () => (left-- > 0 ? mb : undefined),
    });
    expect(reply.body).toEqual(error(400, 'validation_error', 'line 1: not a localnotion-export file (the first line is not JSON)'));
    // The answer came while the body was still being sent: it was never held whole.
    expect(reply.sent).toBeLessThan(256 * mb.length);
    expect((await call(ln, 'GET', '/__localnotion/health')).status).toBe(200);
  });

  it('imports an export sent in small chunks, and counts blank lines in its errors', async () => {
    const ln = await startEmulator({ listen: true });
    const host = new URL(ln.url).host;
    const exported = (await call(ln, 'GET', '/__localnotion/export')).body as string;
    let at = 0;
    const imported = await send(ln.url, {
      method: 'POST',
      path: '/__localnotion/import',
      headers: { 'content-type': 'application/x-ndjson', host },
      chunks: () => (at < exported.length ? exported.slice(at, (at += 97)) : undefined),
    });
    expect(imported.status).toBe(200);
    expect(imported.body.rows).toBe(exported.trim().split('\n').length - 1);
    expect((await call(ln, 'GET', `/v1/pages/${ln.rootPageId}`)).status).toBe(200);
    const header = exported.split('\n')[0]!;
    const bad = await send(ln.url, {
      method: 'POST',
      path: '/__localnotion/import',
      headers: { 'content-type': 'application/x-ndjson', host },
      body: `${header}\n\n\nnot json\n`,
    });
    expect(bad.body).toEqual(error(400, 'validation_error', 'line 4: not JSON'));
  });

  it('refuses an import line longer than the limit, and a body beyond it', async () => {
    const ln = await startEmulator({ listen: true });
    const host = new URL(ln.url).host;
    const exported = await call(ln, 'GET', '/__localnotion/export');
    const header = (exported.body as string).split('\n')[0]!;
    const mb = 'x'.repeat(1024 * 1024);
    let chunk = 0;
    const long = await send(ln.url, {
      method: 'POST',
      path: '/__localnotion/import',
      headers: { 'content-type': 'application/x-ndjson', host },
      chunks: () => (chunk++ === 0 ? `${header}\n` : chunk < 64 ? mb : undefined),
    });
    expect(long.body).toEqual(error(413, 'validation_error', 'line 2 is longer than 16777216 bytes, the most an import line may have.'));
    expect(long.sent).toBeLessThan(63 * mb.length);
    const declared = await send(ln.url, {
      method: 'POST',
      path: '/__localnotion/import',
      headers: { 'content-type': 'application/x-ndjson', host, 'content-length': String(2 ** 31) },
      chunks: () => undefined,
    });
    expect(declared.body).toEqual(error(413, 'validation_error', 'The body is too large: POST /__localnotion/import takes at most 268435456 bytes.'));
    // The workspace is untouched.
    expect((await call(ln, 'GET', `/v1/pages/${ln.rootPageId}`)).status).toBe(200);
  });

  it('answers deep nesting and YAML alias bombs with a 400, never a 500', async () => {
    const ln = await start();
    const deep = `{"pages":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    const json = await call(ln, 'POST', '/__localnotion/seed', { text: deep, headers: { 'content-type': 'application/json' } });
    expect(json.body).toEqual(error(400, 'validation_error', 'body: nested more than 256 levels deep.'));
    const deepFault = await call(ln, 'POST', '/__localnotion/faults', {
      text: `{"message":${'['.repeat(100_000)}"\\u0000"${']'.repeat(100_000)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(deepFault.body).toEqual(error(400, 'validation_error', 'body: nested more than 256 levels deep.'));
    const yamlDeep = `pages: ${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const yaml = await call(ln, 'POST', '/__localnotion/seed', { text: yamlDeep, headers: { 'content-type': 'application/yaml' } });
    expect(yaml.status).toBe(400);
    expect(yaml.body.code).toBe('validation_error');
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const bomb = await call(ln, 'POST', '/__localnotion/seed', { text: lines.join('\n'), headers: { 'content-type': 'application/yaml' } });
    expect(bomb.body).toEqual(error(400, 'validation_error', 'body: not valid YAML: its aliases expand too far (at most 100 expansions).'));
    const big = await call(ln, 'POST', '/__localnotion/seed', {
      text: `{"pages":[${'{"title":"x"},'.repeat(1_000_000)}{}]}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(big.body).toEqual(error(413, 'validation_error', 'The body is too large: POST /__localnotion/seed takes at most 10485760 bytes.'));
    expect((await call(ln, 'GET', '/__localnotion/health')).status).toBe(200);
  });
});

describe('admin token', () => {
  it.skipIf(!outside)('is made up by startLocalNotion listening off loopback, and required', async () => {
    const ln = await startEmulator({ listen: { host: outside!, port: 0 } });
    expect(ln.adminToken).toMatch(/^lna_/);
    const host = new URL(ln.url).host;
    const refused = await send(ln.url, { path: '/__localnotion/export', headers: { host } });
    expect(refused.status).toBe(401);
    const allowed = await send(ln.url, { path: '/__localnotion/health', headers: { host, authorization: `Bearer ${ln.adminToken}` } });
    expect(allowed.status).toBe(200);
  });

  it.skipIf(!outside)('closes the control API of an app listening off loopback without one', async () => {
    const store = freshStore();
    const { ctx, emulator } = await openEmulator(defaultConfig({ logLevel: 'silent', ...store.config }));
    const app = await buildApp(ctx, { emulator });
    try {
      await app.listen({ host: '0.0.0.0', port: 0 });
      const port = (app.server.address() as { port: number }).port;
      const url = `http://${outside}:${port}`;
      const refused = await send(url, { path: '/__localnotion/export', headers: { host: `${outside}:${port}` } });
      expect(refused.body).toEqual(
        error(
          403,
          'restricted_resource',
          'The control API is closed off loopback when the server has no admin token: start it with one (--admin-token, adminToken).',
        ),
      );
      // On loopback it is open, as before.
      expect((await send(`http://127.0.0.1:${port}`, { path: '/__localnotion/health', headers: { host: `127.0.0.1:${port}` } })).status).toBe(200);
      // /v1 is Notion's: the integration token is what it checks.
      const v1 = await send(url, { path: '/v1/users/me', headers: { authorization: `Bearer ${emulator.info.token}`, 'notion-version': '2025-09-03' } });
      expect(v1.status).toBe(200);
    } finally {
      await app.close();
      await ctx.store.close();
      await store.drop();
    }
  });

  it('compares the admin token whatever its length', async () => {
    const ln = await start({ adminToken: 'admin-secret' });
    for (const token of ['', 'a', 'admin-secre', 'admin-secret-', 'x'.repeat(10_000)]) {
      expect((await call(ln, 'GET', '/__localnotion/health', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    }
    expect((await call(ln, 'GET', '/__localnotion/health', { headers: { authorization: 'bearer admin-secret' } })).status).toBe(200);
  });
});
