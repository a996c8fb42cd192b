// `localnotion clone` as a user runs it: a second localnotion stands in for Notion; the clone goes
// into an export file, and that file seeds a server that answers as the source did.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalNotion, type LocalNotion } from '../../src/emulator/start.js';
import { CLI_TEST_TIMEOUT, run } from '../helpers/cli.js';

describe('localnotion clone (command line)', () => {
  let source: LocalNotion;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'localnotion-cli-clone-'));
    source = await startLocalNotion({ listen: true, seed: 'test/fixtures/workspace.yaml' });
  });
  afterAll(async () => {
    await source?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'clones everything the token reaches into an export file that seeds a server',
    async () => {
      const out = join(dir, 'clone.ndjson');
      const res = await run(
        ['clone', '--from', source.url, '--out', out, '--rate', '1000', '--local-token', 'ntn_cloned'],
        { NOTION_TOKEN: source.token },
        CLI_TEST_TIMEOUT,
      );
      expect(res.stderr).toContain(`cloning everything the token reaches from ${source.url}`);
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(`cloned into ${out}`);
      expect(res.stdout).toMatch(/6 pages, 5 blocks, 2 databases, 3 data sources, 0 comments, \d+ users, 0 files, \d+ views, 0 templates/);
      expect(res.stdout).toContain("token of the clone's integration: ntn_cloned");
      const clone = await startLocalNotion({ listen: false, seed: out });
      try {
        const handbook = source.id('handbook');
        const read = (ln: LocalNotion, token: string) =>
          ln
            .fetch(`${ln.url}/v1/pages/${handbook}`, { headers: { authorization: `Bearer ${token}`, 'notion-version': '2025-09-03' } })
            .then((r) => r.json() as Promise<Record<string, unknown>>);
        const [a, b] = await Promise.all([read(source, source.token), read(clone, 'ntn_cloned')]);
        expect({ ...b, request_id: undefined }).toEqual({ ...a, request_id: undefined });
      } finally {
        await clone.close();
      }
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'a dry run counts what would come over and writes nothing',
    async () => {
      const res = await run(
        ['clone', '--from', source.url, '--token', source.token, '--rate', '1000', '--dry-run', '--out', join(dir, 'none.ndjson')],
        {},
        CLI_TEST_TIMEOUT,
      );
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/^would clone:\n {2}6 pages, 5 blocks, 2 databases, 3 data sources/);
      expect(res.stdout).toMatch(/\d+ requests \(0 retried, 0 rate-limited\)/);
    },
    CLI_TEST_TIMEOUT,
  );

  it(
    'without a token, says how to give one',
    async () => {
      const res = await run(['clone', '--from', source.url], { NOTION_TOKEN: '' }, CLI_TEST_TIMEOUT);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('a token is needed: --token, or the environment variable NOTION_TOKEN');
    },
    CLI_TEST_TIMEOUT,
  );
});
