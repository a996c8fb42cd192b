// The command line as a newcomer runs it: `localnotion serve` on a SQLite file, started twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@notionhq/client';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'localnotion-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  output: string;
  baseUrl: string;
  token: string;
  rootPageId: string;
}

function serve(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--port', '0', '--log-level', 'silent', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no start within 20 s:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const baseUrl = /listening on (\S+)/.exec(output)?.[1];
      const token = /token:\s+(\S+)/.exec(output)?.[1];
      const rootPageId = /root page:\s+(\S+)/.exec(output)?.[1];
      if (baseUrl && token && rootPageId && output.includes('new Client(')) {
        clearTimeout(timer);
        resolve({ child, output, baseUrl, token, rootPageId });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

function stop(started: Started): Promise<void> {
  return new Promise((resolve) => {
    started.child.once('exit', () => resolve());
    started.child.kill('SIGTERM');
  });
}

describe('localnotion serve', () => {
  it('prints what a client needs, and a second start on the same file prints the same', async () => {
    const db = join(dir, 'a', 'store.db');
    const first = await serve(['--db', db]);
    expect(first.token).toMatch(/^ntn_/);
    expect(first.output).toContain(`new Client({ auth: '${first.token}', baseUrl: '${first.baseUrl}' })`);

    const notion = new Client({ auth: first.token, baseUrl: first.baseUrl });
    const page = await notion.pages.create({
      parent: { page_id: first.rootPageId },
      properties: { title: { title: [{ text: { content: 'Kept across restarts' } }] } },
    });
    await stop(first);

    const second = await serve(['--db', db]);
    expect(second.token).toBe(first.token);
    expect(second.rootPageId).toBe(first.rootPageId);
    const again = new Client({ auth: second.token, baseUrl: second.baseUrl });
    const read = await again.pages.retrieve({ page_id: page.id });
    expect(read.id).toBe(page.id);
    await stop(second);
  });

  it('takes a fixed token from the flag or from LOCALNOTION_TOKEN', async () => {
    const byFlag = await serve(['--db', join(dir, 'b.db'), '--token', 'ntn_fixed_by_flag']);
    expect(byFlag.token).toBe('ntn_fixed_by_flag');
    const me = await new Client({ auth: 'ntn_fixed_by_flag', baseUrl: byFlag.baseUrl }).users.me({});
    expect(me.type).toBe('bot');
    await stop(byFlag);

    const byEnv = await serve(['--in-memory'], { LOCALNOTION_TOKEN: 'ntn_fixed_by_env' });
    expect(byEnv.token).toBe('ntn_fixed_by_env');
    expect(byEnv.output).toContain('store:      SQLite, in memory');
    await stop(byEnv);
  });
});
