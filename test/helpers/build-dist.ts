// Before a run: compile src/ to dist/ once (tsconfig.build.json, as `npm run build` does), so that the command-line tests
// start `node dist/cli.js` rather than compiling the sources through tsx at every start. A stamp
// of the sources' contents skips the build when dist/ is up to date, and a lock file keeps the
// sqlite and postgres projects (or two runs) from building at the same time. Under the same lock
// the web UI is built into dist/ui with vite when ui/ changed, so that browser tests serve it fresh.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alive } from './processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const stampFile = join(dist, '.sources-stamp');
const lockFile = join(dist, '.build-lock');
const uiStampFile = join(dist, '.ui-stamp');

/** The entry point the command-line tests run. */
export const DIST_CLI = join(dist, 'cli.js');
/** The package's entry point (package.json `main`). */
export const DIST_INDEX = join(dist, 'index.js');

/** A hash of everything the build reads: the sources, the configs and the compiler's version. */
function sourcesStamp(): string {
  const hash = createHash('sha256');
  const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .sort();
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, 'src', file)))
      .update('\0');
  for (const config of ['tsconfig.json', 'tsconfig.build.json']) hash.update(readFileSync(join(root, config)));
  const require = createRequire(import.meta.url);
  hash.update((require('typescript/package.json') as { version: string }).version);
  return hash.digest('hex');
}

/** The same for the web UI: everything under ui/ and vite's version. */
function uiStamp(): string {
  const hash = createHash('sha256');
  const dir = join(root, 'ui');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(dir, file)))
      .update('\0');
  hash.update((createRequire(import.meta.url)('vite/package.json') as { version: string }).version);
  return hash.digest('hex');
}

const uiUpToDate = (stamp: string): boolean =>
  existsSync(join(dist, 'ui', 'index.html')) && existsSync(uiStampFile) && readFileSync(uiStampFile, 'utf8') === stamp;

const upToDate = (stamp: string): boolean => existsSync(DIST_CLI) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;

/** Take the lock, waiting for another build to end; a lock whose process is gone is taken over. */
async function lock(): Promise<() => void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = 0;
    try {
      holder = Number(readFileSync(lockFile, 'utf8'));
    } catch {
      continue; // released meanwhile
    }
    // An empty file is a lock being written, unless it stayed empty: only a dead holder is stale.
    const stale = holder > 0 ? !alive(holder) : Date.now() - (statSync(lockFile, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 10_000;
    if (stale) rmSync(lockFile, { force: true });
    else if (Date.now() > deadline) throw new Error(`dist/ is locked by process ${holder} (${lockFile})`);
    else await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function tsc(): Promise<{ code: number | null; output: string }> {
  const bin = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  // The package's own build (`npm run build`, which `prepare` runs): tsconfig.build.json makes it
  // incremental, with its build info in dist/, so only what a change touches is compiled again.
  return run([bin, '-p', 'tsconfig.build.json']);
}

/** The web UI into dist/ui, as `npm run build` builds it, so that browser tests serve a fresh UI. */
function vite(): Promise<{ code: number | null; output: string }> {
  const bin = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  return run([bin, 'build', '--config', 'ui/vite.config.ts', '--logLevel', 'warn']);
}

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

async function buildUi(): Promise<void> {
  const current = uiStamp();
  if (uiUpToDate(current)) return; // built by whoever held the lock
  const { code, output } = await vite();
  if (code !== 0) throw new Error(`building dist/ui failed (vite exited with ${code}):\n${output}`);
  writeFileSync(uiStampFile, current);
}

export default async function setup(): Promise<void> {
  mkdirSync(dist, { recursive: true });
  const stamp = sourcesStamp();
  if (upToDate(stamp) && uiUpToDate(uiStamp())) return;
  const release = await lock();
  try {
    await buildUi();
    const current = sourcesStamp();
    if (upToDate(current)) return; // built by whoever held the lock
    const { code, output } = await tsc();
    if (!existsSync(DIST_CLI)) throw new Error(`building dist/ failed (tsc exited with ${code}):\n${output}`);
    // Type errors do not stop the emit (tsx ignores them too): the tests run what was emitted, and
    // the next run builds again, until the typecheck is clean.
    if (code === 0) writeFileSync(stampFile, current);
    else process.stderr.write(`tsc -p tsconfig.build.json reported errors; the command-line tests run what it emitted:\n${output}\n`);
  } finally {
    release();
  }
}
