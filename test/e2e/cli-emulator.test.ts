// The emulator from the command line: serve --seed, --deterministic and --rate-limit, and the
// export and import commands on store files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, LogLevel } from '@notionhq/client';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, run, serve, stop } from '../helpers/cli.js';
import { migrationLevel } from '../../src/store/dump.js';

const dir = mkdtempSync(join(tmpdir(), 'localnotion-cli-emulator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const r = await run(args);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

const quiet = { logLevel: LogLevel.ERROR, logger: () => {} };

/** A request with headers fetch will not send as given (Host). */
function get(baseUrl: string, path: string, headers: Record<string, string>, method = 'GET'): Promise<{ status: number; body: any }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '' : undefined);
  });
}

describe('localnotion serve with emulator flags', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('seeds from a fixture, deterministically, prints the fixture tokens, and resets to the seed', async () => {
    const started = await serve(['--in-memory', '--seed', 'test/fixtures/workspace.yaml', '--deterministic', 'cli']);
    try {
      expect(started.output).toContain('reader: ntn_fixture_reader');
      expect(started.output).toContain(`control:    ${started.baseUrl}/__localnotion/health`);
      const health = (await (await fetch(`${started.baseUrl}/__localnotion/health`)).json()) as { clock: unknown };
      expect(health.clock).toEqual({ object: 'clock', now: '2025-01-01T00:00:00.000Z', frozen: true });
      const notion = new Client({ auth: started.token, baseUrl: started.baseUrl, ...quiet });
      const found = await notion.search({ query: 'Handbook' });
      expect(found.results).toHaveLength(1);
      await notion.blocks.delete({ block_id: found.results[0]!.id });
      expect((await fetch(`${started.baseUrl}/__localnotion/reset`, { method: 'POST' })).status).toBe(200);
      expect((await notion.search({ query: 'Handbook' })).results).toHaveLength(1);
    } finally {
      await stop(started);
    }
  });

  it('reads the admin token from a file, answers allowed host names, and refuses web pages', async () => {
    const file = join(dir, 'admin-token');
    writeFileSync(file, 'lna_from_a_file\n');
    const started = await serve(['--in-memory', '--allowed-host', 'proxy.test'], { LOCALNOTION_ADMIN_TOKEN_FILE: file });
    try {
      expect(started.output).not.toContain('lna_from_a_file');
      expect(started.output).toContain('(needs the admin token)');
      const own = new URL(started.baseUrl).host;
      const admin = { authorization: 'Bearer lna_from_a_file' };
      expect((await get(started.baseUrl, '/__localnotion/health', { host: own })).status).toBe(401);
      expect((await get(started.baseUrl, '/__localnotion/health', { host: own, ...admin })).status).toBe(200);
      expect((await get(started.baseUrl, '/__localnotion/health', { host: 'proxy.test', ...admin })).status).toBe(200);
      expect((await get(started.baseUrl, '/__localnotion/export', { host: 'attacker.test', ...admin })).body.code).toBe('restricted_resource');
      const plain = await get(started.baseUrl, '/__localnotion/reset', { host: own, 'content-type': 'text/plain', ...admin }, 'POST');
      expect(plain.status).toBe(415);
      const page = await get(started.baseUrl, '/__localnotion/reset', { host: own, origin: 'https://attacker.test', ...admin }, 'POST');
      expect(page.status).toBe(403);
    } finally {
      await stop(started);
    }
  });

  it('turns the rate limiter on with --rate-limit and its settings', async () => {
    const started = await serve(['--in-memory', '--rate-limit', '--burst', '1', '--retry-after', '0']);
    try {
      const rate = await (await fetch(`${started.baseUrl}/__localnotion/rate-limit`)).json();
      expect(rate).toMatchObject({ object: 'rate_limit', enabled: true, model: 'bucket', rate: 3, burst: 1, retry_after: 0 });
      const headers = { authorization: `Bearer ${started.token}`, 'notion-version': '2025-09-03' };
      expect((await fetch(`${started.baseUrl}/v1/users/me`, { headers })).status).toBe(200);
      const limited = await fetch(`${started.baseUrl}/v1/users/me`, { headers });
      expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '0']);
    } finally {
      await stop(started);
    }
  });
});

describe('localnotion serve --rate-limit with windows', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('takes the window, the integration and the workspace budgets', async () => {
    const started = await serve(['--in-memory', '--rate-limit', '--connection-limit', '1', '--workspace-limit', '5', '--window', '30']);
    try {
      const rate = await (await fetch(`${started.baseUrl}/__localnotion/rate-limit`)).json();
      expect(rate).toMatchObject({ object: 'rate_limit', enabled: true, model: 'windows', window_seconds: 30, connection_limit: 1, workspace_limit: 5 });
      const headers = { authorization: `Bearer ${started.token}`, 'notion-version': '2025-09-03' };
      expect((await fetch(`${started.baseUrl}/v1/users/me`, { headers })).status).toBe(200);
      const limited = await fetch(`${started.baseUrl}/v1/users/me`, { headers });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await limited.json()) as { additional_data: unknown }).additional_data).toMatchObject({ rate_limit_reason: 'public_api_request_rate_limit' });
    } finally {
      await stop(started);
    }
  });
});

describe('localnotion export and import', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('copy a store to a file and into another store that then answers the same', async () => {
    const source = join(dir, 'source.db');
    const first = await serve(['--db', source, '--seed', 'test/fixtures/workspace.yaml']);
    const notion = new Client({ auth: first.token, baseUrl: first.baseUrl, ...quiet });
    const handbook = (await notion.search({ query: 'Handbook' })).results[0]!;
    const before = await notion.blocks.children.list({ block_id: handbook.id });
    await stop(first);

    const file = join(dir, 'copy.ndjson');
    const exported = await cli(['export', file, '--db', source]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(new RegExp(`^exported \\d+ rows of .*source\\.db to .*copy\\.ndjson \\(migration ${await migrationLevel()}\\)\n$`));
    expect(JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!).format).toBe('localnotion-export');

    const target = join(dir, 'target.db');
    const imported = await cli(['import', file, '--db', target]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^imported \d+ rows from .*copy\.ndjson into .*target\.db\n$/);

    const second = await serve(['--db', target]);
    try {
      expect(second.token).toBe(first.token);
      const again = new Client({ auth: second.token, baseUrl: second.baseUrl, ...quiet });
      const after = await again.blocks.children.list({ block_id: handbook.id });
      expect(after.results).toEqual(before.results);
    } finally {
      await stop(second);
    }

    const bad = await cli(['import', 'test/fixtures/workspace.yaml', '--db', join(dir, 'other.db')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('line 1: not a localnotion-export file');
  });
});
