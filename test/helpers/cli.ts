// The command line as a user runs it: `localnotion` in a child process, from the build that
// test/helpers/build-dist.ts makes before the run (a cold start through tsx took seconds).
import { spawn, type ChildProcess } from 'node:child_process';
import { DIST_CLI } from './build-dist.js';

export interface Started {
  child: ChildProcess;
  output: string;
  baseUrl: string;
  token: string;
  rootPageId: string;
}

/**
 * The time a test that starts the command line several times gets: each start is a process of its
 * own, whose time is the machine's load more than the code's.
 */
export const CLI_TEST_TIMEOUT = 60_000;

function cli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [DIST_CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `localnotion serve` on a free port, once it has printed what a client needs. */
export function serve(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = cli(['serve', '--port', '0', '--log-level', 'silent', ...args], env);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no start within 20 s:\n${output}`));
    }, 20_000);
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
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}

/** Stop a started server, with SIGTERM (a clean shutdown) or SIGKILL (a crash). */
export function stop(started: Started, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    // A server that ignores SIGTERM fails the test instead of hanging it.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit within 10 s of ${signal}:\n${started.output}`));
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export interface Ran {
  /** The exit code (null when a signal ended it). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr, in the order they came. */
  output: string;
}

/** Run a command to its end: its exit code and what it printed. One that outlives `timeoutMs` is killed and fails. */
export function run(args: string[], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<Ran> {
  return toEnd(cli(args, env), `localnotion ${args.join(' ')}`, timeoutMs);
}

/** `node <args>` to its end, as run() does it. */
export function runNode(args: string[], timeoutMs: number): Promise<Ran> {
  return toEnd(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }), `node ${args.join(' ')}`, timeoutMs);
}

function toEnd(child: ChildProcess, what: string, timeoutMs: number): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const out: Ran = { code: null, stdout: '', stderr: '', output: '' };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what}: no exit within ${timeoutMs / 1000} s:\n${out.output}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      out.stdout += chunk.toString();
      out.output += chunk.toString();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      out.stderr += chunk.toString();
      out.output += chunk.toString();
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // 'close', not 'exit': the output is read to its end.
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ ...out, code });
    });
  });
}

/**
 * Eight writers create pages of three paragraphs under the root page until the server dies under
 * them: once `answeredBeforeKill` creates have been answered 200, it is killed with SIGKILL. Returns the ids
 * of every page whose create was answered.
 */
export async function createPagesUntilKilled(started: Started, answeredBeforeKill = 100): Promise<string[]> {
  const paragraph = (content: string) => ({ type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content } }] } });
  const headers = { authorization: `Bearer ${started.token}`, 'notion-version': '2025-09-03', 'content-type': 'application/json' };
  const answered: string[] = [];
  let killed = false;
  const writer = async (w: number) => {
    for (let i = 0; !killed; i++) {
      try {
        const res = await fetch(`${started.baseUrl}/v1/pages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            parent: { page_id: started.rootPageId },
            properties: { title: { title: [{ text: { content: `w${w} #${i}` } }] } },
            children: [paragraph('one'), paragraph('two'), paragraph('three')],
          }),
        });
        if (res.status === 200) answered.push(((await res.json()) as { id: string }).id);
      } catch {
        return; // the connection died with the server
      }
    }
  };
  const writers = Array.from({ length: 8 }, (_, w) => writer(w));
  while (answered.length < answeredBeforeKill) await new Promise((resolve) => setTimeout(resolve, 10));
  await stop(started, 'SIGKILL');
  killed = true;
  await Promise.all(writers);
  return answered;
}
