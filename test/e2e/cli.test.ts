// The command line as a newcomer runs it: `localnotion serve` on a SQLite file, started twice.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, collectPaginatedAPI } from '@notionhq/client';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, createPagesUntilKilled, run, serve, stop } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'localnotion-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('localnotion serve', { timeout: CLI_TEST_TIMEOUT }, () => {
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

  it("gives the workspace's owner the personal access token of --personal-token, once", async () => {
    const db = join(dir, 'pat.db');
    for (let start = 0; start < 2; start++) {
      const server = await serve(['--db', db, '--personal-token', 'ntn_owner_personal']);
      expect(server.output).toContain("personal token (the workspace owner's): ntn_owner_personal");
      const me = await new Client({ auth: 'ntn_owner_personal', baseUrl: server.baseUrl }).users.me({});
      expect(me.type === 'bot' && me.bot && 'owner' in me.bot ? me.bot.owner : null).toMatchObject({ type: 'user', user: { name: 'Workspace Owner' } });
      await stop(server);
    }
  });
});

describe('a server killed in the middle of a write load', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('keeps every write it answered, and nothing half-written', async () => {
    const db = join(dir, 'crash.db');
    const first = await serve(['--db', db, '--token', 'ntn_crash_test']);
    // The requests of one turn of the server's event loop share a COMMIT, so answers wait for it.
    const answered = await createPagesUntilKilled(first);

    const second = await serve(['--db', db, '--token', 'ntn_crash_test']);
    const again = new Client({ auth: second.token, baseUrl: second.baseUrl });
    const children = await collectPaginatedAPI(again.blocks.children.list, { block_id: second.rootPageId });
    const present = new Set(children.map((b) => b.id));
    for (const id of answered) expect(present).toContain(id);
    // Every page that exists has all three of its blocks: no write is in the store in part.
    for (const page of children.filter((b) => 'type' in b && b.type === 'child_page')) {
      const blocks = await again.blocks.children.list({ block_id: page.id });
      expect(blocks.results).toHaveLength(3);
    }
    await stop(second);
  });
});

describe('one process per SQLite file', () => {
  it('refuses a second server and the store commands on a file in use, and frees it when the holder is killed', async () => {
    const db = join(dir, 'held.db');
    const first = await serve(['--db', db]);
    const holder = `in use by another localnotion process (process ${first.child.pid})`;
    try {
      await expect(serve(['--db', db])).rejects.toThrow(holder);
      for (const args of [['migrate'], ['export', join(dir, 'held.ndjson')], ['import', join(dir, 'missing.ndjson')]]) {
        const res = await run([...args, '--db', db]);
        expect(res.code).toBe(1);
        expect(res.output).toContain(holder);
      }
      // The first server was not disturbed.
      const me = await fetch(`${first.baseUrl}/v1/users/me`, { headers: { authorization: `Bearer ${first.token}`, 'notion-version': '2025-09-03' } });
      expect(me.status).toBe(200);
    } catch (error) {
      // Not left running when an expectation fails.
      first.child.kill('SIGKILL');
      throw error;
    }
    // SIGKILL leaves no stale lock: the operating system drops it with the process.
    await stop(first, 'SIGKILL');
    const second = await serve(['--db', db]);
    expect(second.token).toBe(first.token);
    await stop(second);
  }, 180_000);
});

/** Whether files can be made immutable here (root ignores permissions, but not the immutable attribute). */
function immutableFiles(): boolean {
  const probe = join(dir, 'probe');
  writeFileSync(probe, '');
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!immutableFiles())('a read-only SQLite file', () => {
  it('starts with a warning, serves reads, and answers writes 503', async () => {
    const db = join(dir, 'read-only.db');
    await stop(await serve(['--db', db]));
    execFileSync('chattr', ['+i', db]);
    try {
      const started = await serve(['--db', db]);
      let output = started.output;
      started.child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const headers = { authorization: `Bearer ${started.token}`, 'notion-version': '2025-09-03', 'content-type': 'application/json' };
      expect((await fetch(`${started.baseUrl}/v1/pages/${started.rootPageId}`, { headers })).status).toBe(200);
      const write = await fetch(`${started.baseUrl}/v1/pages`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ parent: { page_id: started.rootPageId }, properties: { title: { title: [{ text: { content: 'no' } }] } } }),
      });
      expect(write.status).toBe(503);
      expect(output).toContain(`localnotion: warning: the store is read-only: the SQLite file ${db} cannot be written`);
      await stop(started);
    } finally {
      execFileSync('chattr', ['-i', db]);
    }
  }, 120_000);
});
