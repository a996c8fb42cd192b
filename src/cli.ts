#!/usr/bin/env node
// The command line: `localnotion serve` runs the server on a SQLite file (or in memory).
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { defaultConfig, DEFAULT_DB_FILE } from './config.js';
import { createContext } from './context.js';
import { CONTROL_PREFIX } from './emulator/control-routes.js';
import { exportToFile, fileLines, importLines, throttledProgress, type ProgressListener } from './emulator/export-file.js';
import { startServer } from './server.js';
import { buildValueIndexIfMissing } from './services/value-index.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a number from 0 to 65535');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a number above 0');
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('a whole number, 0 or more');
  return n;
}

/** Progress of an export or import on stderr: one line, rewritten in place on a terminal. */
function progressLine(verb: string): ProgressListener & { end(): void } {
  const tty = process.stderr.isTTY;
  let shown = false;
  const report = throttledProgress(10_000, (p) => {
    shown = true;
    const line = `${verb} ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} rows (${p.table})`;
    process.stderr.write(tty ? `\r${line}` : `${line}\n`);
  });
  return Object.assign(report, { end: () => void (shown && tty && process.stderr.write('\n')) });
}

interface ServeOptions {
  port: number;
  host: string;
  db: string;
  inMemory: boolean;
  token?: string;
  urlBase: string;
  logLevel: string;
  seed?: string;
  deterministic?: string | boolean;
  time?: string;
  rateLimit: boolean;
  rate?: number;
  burst?: number;
  retryAfter?: number;
  adminToken?: string;
  requestLog: number;
}

const program = new Command('localnotion').description('A local server for the public Notion REST API.').version(pkg.version);

program
  .command('serve', { isDefault: true })
  .description('run the API server')
  .option('-p, --port <port>', 'port to listen on (0 picks a free one)', port, Number(process.env.LOCALNOTION_PORT ?? 7217))
  .option('-H, --host <host>', 'address to listen on', process.env.LOCALNOTION_HOST ?? '127.0.0.1')
  .option('--db <file>', 'SQLite file that holds the workspace', process.env.LOCALNOTION_DB ?? DEFAULT_DB_FILE)
  .option('--in-memory', 'keep everything in memory; nothing is written to disk', false)
  .option('--token <token>', 'token of the default integration (env LOCALNOTION_TOKEN)', process.env.LOCALNOTION_TOKEN)
  .option('--url-base <url>', 'base of page URLs in responses', 'https://www.notion.so/')
  .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent', process.env.LOCALNOTION_LOG_LEVEL ?? 'warn')
  .option('--seed <file>', 'fixture (JSON or YAML) or export file (.ndjson) to seed a new store with; reset returns to it')
  .option('--deterministic [seed]', 'seeded ids and a frozen clock, so that responses are the same on every run')
  .option('--time <iso>', 'with --deterministic: the instant the clock is frozen at (default 2025-01-01T00:00:00.000Z)')
  .option('--rate-limit', "turn on Notion's rate limit (3 requests per second per integration, with bursts)", false)
  .option('--rate <n>', 'rate limit: requests per second', positiveNumber)
  .option('--burst <n>', 'rate limit: requests allowed at once', wholeNumber)
  .option('--retry-after <seconds>', 'rate limit: Retry-After to send (default: until a request is allowed)', wholeNumber)
  .option('--admin-token <token>', 'token the control API requires (env LOCALNOTION_ADMIN_TOKEN; made up when listening off loopback)', process.env.LOCALNOTION_ADMIN_TOKEN)
  .option('--request-log <n>', 'how many recent requests the request log keeps (0: none)', wholeNumber, 1000)
  .action(async (opts: ServeOptions) => {
    const config = defaultConfig({
      port: opts.port,
      host: opts.host,
      sqlite: opts.inMemory ? ':memory:' : opts.db,
      token: opts.token,
      urlBase: opts.urlBase,
      logLevel: opts.logLevel as 'warn',
    });
    const rateSettings = {
      ...(opts.rate === undefined ? {} : { rate: opts.rate }),
      ...(opts.burst === undefined ? {} : { burst: opts.burst }),
      ...(opts.retryAfter === undefined ? {} : { retry_after: opts.retryAfter }),
    };
    const server = await startServer(config, {
      seed: opts.seed,
      deterministic: opts.deterministic ? { ...(typeof opts.deterministic === 'string' ? { seed: opts.deterministic } : {}), ...(opts.time ? { time: opts.time } : {}) } : false,
      rateLimit: opts.rateLimit ? rateSettings : false,
      adminToken: opts.adminToken,
      requestLog: opts.requestLog,
    });
    if (!opts.rateLimit) server.emulator.rateLimiter.configure(rateSettings);
    const { baseUrl, emulator } = server;
    const info = emulator.info;
    console.log(`localnotion is listening on ${baseUrl}`);
    console.log(`  store:      ${opts.inMemory ? 'in memory' : opts.db}`);
    console.log(`  token:      ${info.token}`);
    console.log(`  root page:  ${info.rootPageId}`);
    console.log(`  control:    ${baseUrl}${CONTROL_PREFIX}/health${emulator.adminToken ? ' (needs the admin token)' : ''}`);
    if (emulator.adminToken && emulator.adminToken !== opts.adminToken) console.log(`  admin token: ${emulator.adminToken}`);
    for (const [key, integration] of Object.entries(emulator.integrations)) console.log(`  ${key}: ${integration.token}`);
    console.log('');
    console.log('Use it from @notionhq/client:');
    console.log('');
    console.log(`  import { Client } from '@notionhq/client';`);
    console.log(`  const notion = new Client({ auth: '${info.token}', baseUrl: '${baseUrl}' });`);
    console.log(`  const page = await notion.pages.retrieve({ page_id: '${info.rootPageId}' });`);
    console.log('');
    const stop = async (signal: string) => {
      console.log(`\n${signal}: shutting down`);
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });

program
  .command('export')
  .description('write the whole workspace of a store to a file (JSON lines)')
  .argument('<file>', 'the export file to write')
  .option('--db <file>', 'SQLite file that holds the workspace', process.env.LOCALNOTION_DB ?? DEFAULT_DB_FILE)
  .action(async (file: string, opts: { db: string }) => {
    const ctx = await createContext(defaultConfig({ sqlite: opts.db, logLevel: 'warn' }));
    try {
      const progress = progressLine('exported');
      const header = await exportToFile(ctx.store, file, new Date().toISOString(), progress);
      progress.end();
      const rows = Object.values(header.counts).reduce((a, b) => a + b, 0);
      console.log(`exported ${rows.toLocaleString('en-US')} rows of ${opts.db} to ${file} (migration ${header.migration})`);
    } finally {
      await ctx.store.close();
    }
  });

program
  .command('import')
  .description("replace a store's workspace with an export file's")
  .argument('<file>', 'the export file to read')
  .option('--db <file>', 'SQLite file to import into (created when missing)', process.env.LOCALNOTION_DB ?? DEFAULT_DB_FILE)
  .action(async (file: string, opts: { db: string }) => {
    const ctx = await createContext(defaultConfig({ sqlite: opts.db, logLevel: 'warn' }));
    try {
      const progress = progressLine('imported');
      const { rows } = await importLines(ctx.store, fileLines(file), progress);
      progress.end();
      await ctx.store.transaction((tx) => buildValueIndexIfMissing(tx));
      console.log(`imported ${rows.toLocaleString('en-US')} rows from ${file} into ${opts.db}`);
    } finally {
      await ctx.store.close();
    }
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
