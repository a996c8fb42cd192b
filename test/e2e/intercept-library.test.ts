// localnotion/intercept with a published library that hard-codes https://api.notion.com and builds
// its own HTTP client on fetch: notion-cli-agent, whose `NotionClient` and commands have no base
// URL to change. Its requests reach an in-process localnotion; a guard under the interception
// refuses anything but loopback, so nothing here can reach the internet.
import { createRequire } from 'node:module';
import { interceptNotion, type Interception } from 'localnotion/intercept';
import { initClient, NotionClient } from 'notion-cli-agent/dist/client.js';
import { registerPagesCommand } from 'notion-cli-agent/dist/commands/pages.js';
import { registerSearchCommand } from 'notion-cli-agent/dist/commands/search.js';
import { Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import { closeEmulators, startEmulator } from '../helpers/emulator.js';

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

// The commands are registered on a program of the library's own commander, the version it was built with.
type LibraryCommand = Parameters<typeof registerPagesCommand>[0];
const fromLibrary = createRequire(createRequire(import.meta.url).resolve('notion-cli-agent/package.json'));
const { Command } = fromLibrary('commander') as { Command: new () => LibraryCommand };

const original = getGlobalDispatcher();
const guard = new LoopbackOnly(original);
let ln: LocalNotion;
let interception: Interception;

beforeAll(async () => {
  setGlobalDispatcher(guard);
  ln = await startEmulator();
});
afterEach(() => {
  interception?.restore();
  vi.restoreAllMocks();
});
afterAll(async () => {
  setGlobalDispatcher(original);
  await closeEmulators();
});

/** Runs one notion-cli-agent command in this process and returns what it printed. */
async function cli(...args: string[]): Promise<string> {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ') + '\n'));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => out.push(String(chunk)) > 0);
  // The library ends the process on an error; here that becomes the test's failure.
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw new Error(`notion ${args.join(' ')} exited with ${String(code)}: ${out.join('')}`);
  });
  const program = new Command().exitOverride();
  registerPagesCommand(program);
  registerSearchCommand(program);
  await program.parseAsync(['node', 'notion', ...args]);
  vi.restoreAllMocks();
  return out.join('');
}

describe('notion-cli-agent through localnotion/intercept', () => {
  it("its own NotionClient creates, edits and reads a page's markdown on localnotion", async () => {
    interception = interceptNotion(ln);
    const client = new NotionClient({ token: ln.token, requestsPerSecond: 100 });
    const page = await client.post<{ id: string }>('pages', {
      parent: { page_id: ln.rootPageId },
      markdown: '# Field notes\n\n- first\n- second',
    });
    await client.patch(`pages/${page.id}/markdown`, {
      type: 'update_content',
      update_content: { content_updates: [{ old_str: 'second', new_str: 'second, edited' }] },
    });
    const read = await client.get<{ markdown: string }>(`pages/${page.id}/markdown`);
    expect(read.markdown).toBe('- first\n- second, edited');
    // Both calls reached localnotion, which logged them (newest first).
    const logged = ln.requests({ path: `/v1/pages/${page.id}/markdown` });
    expect(logged.map((r) => r.method)).toEqual(['GET', 'PATCH']);
    expect(guard.refused).toEqual([]);
  });

  it("reports localnotion's errors as it reports Notion's", async () => {
    interception = interceptNotion(ln);
    const client = new NotionClient({ token: ln.token, requestsPerSecond: 100, maxRetries: 0 });
    await expect(client.get('pages/00000000-0000-4000-8000-000000000000')).rejects.toThrow(/^Notion API Error \(404\): Could not find page with ID/);
    const stranger = new NotionClient({ token: 'ntn_not_a_token', requestsPerSecond: 100, maxRetries: 0 });
    await expect(stranger.get('users/me')).rejects.toThrow('Notion API Error (401): API token is invalid.');
  });

  it('its commands (page create, page read, search) work unchanged', async () => {
    interception = interceptNotion(ln);
    initClient(ln.token);
    const created = JSON.parse(
      await cli(
        'page',
        'create',
        '--parent',
        ln.rootPageId,
        '--parent-type',
        'page',
        '--title',
        'Intercepted notes',
        '--content',
        'Written by a CLI',
        '--json',
      ),
    ) as { id: string };
    const markdown = await cli('page', 'read', created.id);
    expect(markdown).toContain('# Intercepted notes');
    expect(markdown).toContain('Written by a CLI');
    const found = JSON.parse(await cli('search', 'Intercepted notes', '--json')) as { results?: Array<{ id: string }> } | Array<{ id: string }>;
    const ids = (Array.isArray(found) ? found : (found.results ?? [])).map((r) => r.id);
    expect(ids).toContain(created.id);
    expect(ln.requests({ method: 'POST', path: '/v1/pages' }).length).toBeGreaterThan(0);
    expect(guard.refused).toEqual([]);
  });
});
