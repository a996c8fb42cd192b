// `localnotion serve` as a test fixture in another language starts it: --ready-file and
// --print-json say where it is; and what the command line says when it cannot start.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, LogLevel } from '@notionhq/client';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalNotion } from '../../src/emulator/start.js';
import { DIST_CLI } from '../helpers/build-dist.js';
import { CLI_TEST_TIMEOUT, run, serve, stop } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'localnotion-cli-launch-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const quiet = { logLevel: LogLevel.ERROR, logger: () => {} };

interface Launch {
  url: string;
  token: string;
  root_page_id: string;
  admin_url: string;
  admin_token: string | null;
  pid: number;
}

function start(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [DIST_CLI, 'serve', '--in-memory', '--port', '0', '--log-level', 'silent', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => output, exited };
}

async function until<T>(what: string, probe: () => T | undefined, output: () => string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const found = probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${what} within 20 s:\n${output()}`);
}

describe('localnotion serve --ready-file and --print-json', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('writes where it is to the ready file once listening, replacing an old one, and removes it on SIGTERM', async () => {
    const file = join(dir, 'ready.json');
    writeFileSync(file, '{"url": "http://stale"}');
    const server = start(['--ready-file', file, '--token', 'ntn_ready']);
    const info = await until(
      'ready file',
      () => (existsSync(file) && !readFileSync(file, 'utf8').includes('stale') ? (JSON.parse(readFileSync(file, 'utf8')) as Launch) : undefined),
      server.output,
    );
    expect(Object.keys(info).sort()).toEqual(['admin_token', 'admin_url', 'pid', 'root_page_id', 'token', 'url']);
    expect(info).toMatchObject({ token: 'ntn_ready', pid: server.child.pid, admin_url: `${info.url}/__localnotion`, admin_token: null });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The banner is still printed, and the file says what it says.
    expect(server.output()).toContain(`localnotion is listening on ${info.url}`);
    const notion = new Client({ auth: info.token, baseUrl: info.url, ...quiet });
    const root = await notion.pages.retrieve({ page_id: info.root_page_id });
    expect(root.id).toBe(info.root_page_id);
    expect((await fetch(`${info.admin_url}/health`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it('--print-json prints the same as one JSON line, and nothing else', async () => {
    const server = start(['--print-json', '--token', 'ntn_printed']);
    const line = await until('JSON line', () => (server.output().includes('\n') ? server.output() : undefined), server.output);
    const info = JSON.parse(line) as Launch;
    expect(line.trim().split('\n')).toHaveLength(1);
    expect(info.token).toBe('ntn_printed');
    expect(info.pid).toBe(server.child.pid);
    const me = await new Client({ auth: info.token, baseUrl: info.url, ...quiet }).users.me({});
    expect(me.type).toBe('bot');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toBe(line);
  });

  it('a ready file that cannot be written stops the server with a message', async () => {
    const res = await run(['serve', '--in-memory', '--port', '0', '--ready-file', join(dir, 'no', 'such', 'dir', 'ready.json')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`localnotion: cannot write the ready file ${join(dir, 'no', 'such', 'dir', 'ready.json')}`);
  });
});

describe('what the command line says when it cannot start', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('a port in use', async () => {
    const first = await serve(['--in-memory']);
    try {
      const port = new URL(first.baseUrl).port;
      const res = await run(['serve', '--in-memory', '--port', port]);
      expect(res.code).toBe(1);
      expect(res.stderr.trim()).toBe(
        `localnotion: port ${port} on 127.0.0.1 is already in use (by another localnotion or another program): stop it, or choose another port with --port (0 picks a free one)`,
      );
    } finally {
      await stop(first);
    }
  });

  it('a seed file that does not exist, and one that is not a fixture', async () => {
    const missing = join(dir, 'missing.yaml');
    const res = await run(['serve', '--in-memory', '--port', '0', '--seed', missing]);
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe(`localnotion: the seed file ${missing} does not exist`);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\npages: 7\n');
    const invalid = await run(['serve', '--in-memory', '--port', '0', '--seed', bad]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(new RegExp(`^localnotion: cannot seed the store from ${bad}: `));
    expect(invalid.stderr).not.toContain('cannot open the store');
  });

  it('an unknown command, with the list of commands', async () => {
    const res = await run(['bogus']);
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe(
      "localnotion: unknown command 'bogus'; the commands are serve, migrate, export, import, clone (localnotion --help lists them with their options)",
    );
    // Options alone still start serve, the default command.
    expect((await run(['--help'])).stdout).toContain('serve [options]');
  });

  it('--token wins over the token of an export given with --seed', async () => {
    const file = join(dir, 'seed.ndjson');
    const source = await startLocalNotion({ listen: false, token: 'ntn_in_the_export' });
    await source.exportTo(file);
    await source.close();
    const server = await serve(['--in-memory', '--seed', file, '--token', 'ntn_given_over_export']);
    try {
      expect(server.token).toBe('ntn_given_over_export');
      const me = await new Client({ auth: 'ntn_given_over_export', baseUrl: server.baseUrl, ...quiet }).users.me({});
      expect(me.type).toBe('bot');
    } finally {
      await stop(server);
    }
    const byEnv = await serve(['--in-memory', '--seed', file], { LOCALNOTION_TOKEN: 'ntn_env_over_export' });
    expect(byEnv.token).toBe('ntn_env_over_export');
    await stop(byEnv);
    const own = await serve(['--in-memory', '--seed', file]);
    expect(own.token).toBe('ntn_in_the_export');
    await stop(own);
  });
});
