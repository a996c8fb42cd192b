// `localnotion clone`: pages, databases and data sources of a Notion API into a store or an
// export file (src/clone/). Progress on stderr; the result and what did not come over on stdout.
import { InvalidArgumentError, type Command } from 'commander';
import { positiveNumber, positiveWholeNumber } from './arguments.js';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeStore, defaultConfig, type Config } from '../config.js';
import type { AppContext } from '../context.js';
import { CloneInterrupted, CLONE_VERSION, DEFAULT_SOURCE, runClone, type CloneProgress, type CloneResult } from '../clone/clone.js';
import { SourceError } from '../clone/source.js';
import { blobsOf } from '../files/blobs.js';

interface CloneFlags {
  db: string;
  inMemory?: boolean;
  database?: string;
  databaseSchema?: string;
  poolSize: number;
  filesDir?: string;
  from: string;
  token?: string;
  out?: string;
  state?: string;
  keepState?: boolean;
  rate: number;
  retries: number;
  notionVersion: string;
  comments: boolean;
  dryRun?: boolean;
  localToken?: string;
}

export interface StoreHelpers {
  storeConfig(opts: CloneFlags): Partial<Config>;
  openContext(config: Config): Promise<AppContext>;
}

const say = (text: string) => void process.stdout.write(`${text}\n`);
const warn = (text: string) => void process.stderr.write(`${text}\n`);

/** One line of progress, rewritten in place on a terminal. */
function progressLine(): { report(p: CloneProgress): void; end(): void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  let shown = false;
  return {
    report(p) {
      const now = Date.now();
      if (now - last < (tty ? 200 : 5000)) return;
      last = now;
      shown = true;
      const line = `cloning: ${p.objects.toLocaleString('en-US')} objects, ${p.requests.toLocaleString('en-US')} requests${p.replayed ? ` (+${p.replayed.toLocaleString('en-US')} from the state)` : ''}, ${(p.elapsedMs / 1000).toFixed(0)} s, ${p.rate.toFixed(1)} requests/s`;
      process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    },
    end: () => void (shown && tty && process.stderr.write('\n')),
  };
}

function summary(result: CloneResult): string[] {
  const c = result.counts;
  const lines = [
    `${c.pages} pages, ${c.blocks} blocks, ${c.databases} databases, ${c.data_sources} data sources, ${c.comments} comments, ${c.users} users, ${c.files} files, ${c.views} views, ${c.templates} templates`,
    `${result.stats.sent} requests (${result.stats.retries} retried, ${result.stats.rateLimited} rate-limited${result.stats.replayed ? `, ${result.stats.replayed} answers from the state` : ''}) in ${(result.elapsedMs / 1000).toFixed(1)} s`,
  ];
  if (result.notes.length > 0) lines.push(`not cloned (${result.notes.length}):`, ...result.notes.map((n) => `  ${n}`));
  return lines;
}

async function cloneAction(ids: string[], opts: CloneFlags, helpers: StoreHelpers): Promise<void> {
  const token = opts.token ?? process.env.NOTION_TOKEN;
  if (!token) throw new InvalidArgumentError('a token is needed: --token, or the environment variable NOTION_TOKEN');
  const config = defaultConfig({ ...helpers.storeConfig(opts), logLevel: 'warn' });
  const target = opts.out ? resolve(opts.out) : config.databaseUrl ? undefined : config.sqlite;
  // The state lives beside what is written; a dry run keeps none (its answers would be stale by the clone).
  const stateDir = opts.dryRun ? undefined : (opts.state ?? (target && target !== ':memory:' ? `${target}.clone-state` : resolve('.localnotion-clone-state')));
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  const progress = progressLine();
  warn(`cloning ${ids.length > 0 ? ids.join(', ') : 'everything the token reaches'} from ${opts.from}${opts.dryRun ? ' (dry run)' : ''}`);
  let result: CloneResult;
  try {
    result = await runClone({
      baseUrl: opts.from,
      token,
      ids,
      version: opts.notionVersion,
      rate: opts.rate,
      maxAttempts: opts.retries,
      comments: opts.comments,
      dryRun: opts.dryRun === true,
      signal: stop.signal,
      onProgress: (p) => progress.report(p),
      ...(stateDir ? { stateDir } : {}),
      ...(opts.localToken ? { localToken: opts.localToken } : {}),
    });
  } catch (error) {
    progress.end();
    if (error instanceof CloneInterrupted) {
      warn(
        `localnotion: the clone is partial (${error.message}): nothing was written${stateDir ? `; what was read is kept in ${stateDir}, and the same command goes on from there` : ''}`,
      );
      process.exit(130);
    }
    if (error instanceof SourceError) {
      warn(
        `localnotion: the source answered ${error.message}${stateDir ? ` (what was read is kept in ${stateDir}; the same command goes on from there)` : ''}`,
      );
      process.exit(1);
    }
    throw error;
  }
  progress.end();
  if (opts.dryRun) {
    say(['would clone:', ...summary(result).map((l) => `  ${l}`), '  (and the Notion-hosted files, each one request more)'].join('\n'));
    return;
  }
  if (opts.out) {
    const { rows } = await result.write({ file: opts.out });
    say(`cloned into ${opts.out} (${rows.toLocaleString('en-US')} rows; localnotion serve --seed ${opts.out})`);
  } else {
    const ctx = await helpers.openContext(config);
    try {
      const { rows } = await result.write({ store: ctx.store, blobs: blobsOf(ctx) });
      say(`cloned into ${describeStore(config)} (${rows.toLocaleString('en-US')} rows, its workspace replaced)`);
    } finally {
      await ctx.store.close();
    }
  }
  say(summary(result).join('\n'));
  say(`token of the clone's integration: ${result.rows!.info.token}`);
  if (stateDir && !opts.keepState) rmSync(stateDir, { recursive: true, force: true });
}

/** The `clone` command, on a command that has the store flags. */
export function registerClone(command: Command, helpers: StoreHelpers): Command {
  return command
    .description('copy pages, databases and data sources from Notion (or any Notion API) into the store, or into an export file')
    .argument('[ids...]', 'page, database or data source ids (default: everything the token reaches)')
    .option('--from <url>', 'base URL of the API to clone from', DEFAULT_SOURCE)
    .option('--token <token>', "the source's integration token (env NOTION_TOKEN)")
    .option('--out <file>', 'write an export file (what --seed and import take) instead of into the store')
    .option('--state <dir>', 'folder that keeps what was read, to resume an interrupted clone (default: beside the output, .clone-state)')
    .option('--keep-state', 'keep the state folder after a clone that completed', false)
    .option('--rate <n>', 'requests per second at most', positiveNumber, 3)
    .option('--retries <n>', 'tries of a request that fails with 429 or 5xx before the clone stops', positiveWholeNumber, 8)
    .option('--notion-version <version>', 'Notion-Version to send (2025-09-03 or later)', CLONE_VERSION)
    .option('--no-comments', 'leave comments out')
    .option('--dry-run', 'read what would come over and count it and the requests; write and download nothing', false)
    .option('--local-token <token>', "token of the clone's integration (default: a new one, printed)")
    .action((ids: string[], opts: CloneFlags) => cloneAction(ids, opts, helpers));
}
