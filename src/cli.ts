#!/usr/bin/env node
// The command line: `localnotion serve` runs the server on a SQLite file (or in memory) or on
// PostgreSQL; `migrate`, `export` and `import` work on the same stores.
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { defaultConfig, describeStore, storeOptions, DEFAULT_DB_FILE, type Config } from './config.js';
import { createContext, type AppContext } from './context.js';
import { cannotOpen, cannotServe, missingSeed, unknownCommand } from './cli/messages.js';
import { launchInfo, removeReadyFile, writeReadyFile } from './cli/ready-file.js';
import { ensurePersonalToken } from './auth/personal-tokens.js';
import { CONTROL_PREFIX } from './emulator/control/routes.js';
import { UI_PREFIX } from './web-ui/serve.js';
import { collectWhenIdle, limitHeapGrowth } from './idle-collect.js';
import { exportToFile, fileLines, importLines, throttledProgress, type ProgressListener } from './emulator/export-file.js';
import { startServer, type RunningServer } from './server.js';
import type { RateLimitModel } from './emulator/rate-limit.js';
import { Store } from './store/store.js';
import { blobsOf } from './files/blobs.js';
import { parseWebhookFlag } from './webhooks/flags.js';
import type { WebhookSubscriber } from './webhooks/subscribers.js';
import { port, positiveNumber, positiveWholeNumber, wholeNumber } from './cli/arguments.js';
import { registerClone } from './cli/clone.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

function rateLimitModel(value: string): RateLimitModel {
  if (value !== 'windows' && value !== 'bucket') throw new InvalidArgumentError('windows or bucket');
  return value;
}

const DEFAULTS = defaultConfig();

function poolSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('a pool size is a number from 1 to 1000');
  return n;
}

interface StoreFlags {
  db: string;
  inMemory?: boolean;
  database?: string;
  databaseSchema?: string;
  poolSize: number;
  filesDir?: string;
}

/** The store flags that every command shares. */
function withStoreOptions(command: Command, dbHelp = 'SQLite file that holds the workspace'): Command {
  return command
    .option('--db <file>', dbHelp, process.env.LOCALNOTION_DB ?? DEFAULT_DB_FILE)
    .option('--database <url>', 'PostgreSQL connection string instead of SQLite (env LOCALNOTION_DATABASE_URL)', process.env.LOCALNOTION_DATABASE_URL)
    .option('--database-schema <name>', 'PostgreSQL schema for the tables (env LOCALNOTION_DATABASE_SCHEMA)', process.env.LOCALNOTION_DATABASE_SCHEMA)
    .option('--pool-size <n>', 'PostgreSQL connections per instance', poolSize, Number(process.env.LOCALNOTION_POOL_SIZE ?? 10))
    .option(
      '--files-dir <dir>',
      'folder for uploaded files (env LOCALNOTION_FILES_DIR; default: files/ beside the SQLite file, or in the PostgreSQL database)',
      process.env.LOCALNOTION_FILES_DIR,
    );
}

function storeConfig(opts: StoreFlags): Partial<Config> {
  return {
    sqlite: opts.inMemory ? ':memory:' : opts.db,
    databaseUrl: opts.database || undefined,
    databaseSchema: opts.databaseSchema || undefined,
    poolSize: opts.poolSize,
    filesDir: opts.filesDir || undefined,
  };
}

/** Open the store of `config`, or exit with a message that says why it cannot be. */
async function openContext(config: Config): Promise<AppContext> {
  try {
    return await createContext(config);
  } catch (error) {
    console.error(cannotOpen(config, error));
    process.exit(1);
  }
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

interface ServeOptions extends StoreFlags {
  port: number;
  host: string;
  token?: string;
  personalToken?: string;
  urlBase: string;
  logLevel: string;
  seed?: string;
  deterministic?: string | boolean;
  time?: string;
  rateLimit: boolean;
  rateLimitModel?: RateLimitModel;
  connectionLimit?: number;
  workspaceLimit?: number;
  window?: number;
  rate?: number;
  burst?: number;
  retryAfter?: number;
  adminToken?: string;
  adminTokenFile?: string;
  allowedHost: string[];
  requestLog: number;
  requestTimeout: number;
  headersTimeout: number;
  keepAliveTimeout: number;
  maxConnections: number;
  maxConnectionsPerClient: number;
  readyFile?: string;
  printJson: boolean;
  lenientVersion: boolean;
  maxFileUploadSize: number;
  allowImportFrom: string[];
  webhook: WebhookSubscriber[];
  webhookAllow?: string[];
  webhookWindow?: number;
  webhookRetryScale?: number;
  webhookTimeout?: number;
}

function webhookFlag(value: string, previous: WebhookSubscriber[]): WebhookSubscriber[] {
  try {
    return [...previous, parseWebhookFlag(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function collect(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

/**
 * The admin token from the flag, a file or the environment, in that order. A file (or the
 * environment) keeps it out of the process list, where any local user could read the flag.
 */
function adminTokenOf(opts: ServeOptions): string | undefined {
  if (opts.adminToken) return opts.adminToken;
  const file = opts.adminTokenFile ?? process.env.LOCALNOTION_ADMIN_TOKEN_FILE;
  if (file) {
    let token: string;
    try {
      token = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new InvalidArgumentError(`the admin token file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (token === '' || /\s/.test(token)) throw new InvalidArgumentError(`the admin token file ${file} should hold one token, without spaces`);
    return token;
  }
  return process.env.LOCALNOTION_ADMIN_TOKEN || undefined;
}

/** What a person needs to use the server: where it is, who they are, and a first line of code. */
/** --personal-token: the workspace owner gets that token (made once; a store that has it keeps it). */
async function givePersonalToken(server: RunningServer, token: string): Promise<void> {
  try {
    await ensurePersonalToken(server.ctx, server.emulator.info.ownerId, token);
  } catch (error) {
    console.error(`localnotion: --personal-token: ${(error as Error).message}`);
    await server.close();
    process.exit(1);
  }
}

async function printBanner(server: RunningServer, config: Config, givenAdminToken: string | undefined, personalToken: string | undefined): Promise<void> {
  const { baseUrl, emulator } = server;
  const info = emulator.info;
  console.log(`localnotion is listening on ${baseUrl}`);
  console.log(`  store:      ${describeStore(config)}`);
  console.log(`  token:      ${info.token}`);
  console.log(`  root page:  ${info.rootPageId}`);
  if (personalToken !== undefined) console.log(`  personal token (the workspace owner's): ${personalToken}`);
  console.log(`  web UI:     ${baseUrl}${UI_PREFIX}/${emulator.adminToken ? ' (asks for the admin token off loopback)' : ''}`);
  console.log(`  control:    ${baseUrl}${CONTROL_PREFIX}/health${emulator.adminToken ? ' (needs the admin token)' : ''}`);
  if (emulator.adminToken && emulator.adminToken !== givenAdminToken) console.log(`  admin token: ${emulator.adminToken}`);
  for (const [key, integration] of Object.entries(emulator.integrations)) console.log(`  ${key}: ${integration.token}`);
  for (const sub of await emulator.webhooks.subscriptions()) console.log(`  webhook:    ${sub.url} (signing secret ${sub.verification_token})`);
  console.log('');
  console.log('Use it from @notionhq/client:');
  console.log('');
  console.log(`  import { Client } from '@notionhq/client';`);
  console.log(`  const notion = new Client({ auth: '${info.token}', baseUrl: '${baseUrl}' });`);
  console.log(`  const page = await notion.pages.retrieve({ page_id: '${info.rootPageId}' });`);
  console.log('');
}

const program = new Command('localnotion').description('A local server for the public Notion REST API.').version(pkg.version);

withStoreOptions(program.command('serve', { isDefault: true }))
  .description('run the API server')
  .option('-p, --port <port>', 'port to listen on (0 picks a free one)', port, Number(process.env.LOCALNOTION_PORT ?? 7217))
  .option('-H, --host <host>', 'address to listen on', process.env.LOCALNOTION_HOST ?? '127.0.0.1')
  .option('--in-memory', 'keep everything in memory; nothing is written to disk', false)
  .option('--token <token>', 'token of the default integration (env LOCALNOTION_TOKEN)', process.env.LOCALNOTION_TOKEN)
  .option(
    '--personal-token <token>',
    "a personal access token of the workspace's owner, made if the store lacks it (env LOCALNOTION_PERSONAL_TOKEN)",
    process.env.LOCALNOTION_PERSONAL_TOKEN,
  )
  .option('--url-base <url>', 'base of page URLs in responses', 'https://www.notion.so/')
  .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent', process.env.LOCALNOTION_LOG_LEVEL ?? 'warn')
  .option('--seed <file>', 'fixture (JSON or YAML) or export file (.ndjson) to seed a new store with; reset returns to it')
  .option('--deterministic [seed]', 'seeded ids and a frozen clock, so that responses are the same on every run')
  .option('--time <iso>', 'with --deterministic: the instant the clock is frozen at (default 2025-01-01T00:00:00.000Z)')
  .option('--rate-limit', "turn on Notion's rate limits (180 requests a minute per integration, 900 per workspace)", false)
  .option(
    '--rate-limit-model <model>',
    'rate limit: windows (per minute, per integration and per workspace; the default) or bucket (requests per second)',
    rateLimitModel,
  )
  .option('--connection-limit <n>', 'rate limit (windows): requests per window per integration', positiveWholeNumber)
  .option('--workspace-limit <n>', 'rate limit (windows): requests per window for the whole workspace', positiveWholeNumber)
  .option('--window <seconds>', 'rate limit (windows): the length of a window', positiveWholeNumber)
  .option('--rate <n>', 'rate limit (bucket): requests per second', positiveNumber)
  .option('--burst <n>', 'rate limit (bucket): requests allowed at once', wholeNumber)
  .option('--retry-after <seconds>', 'rate limit: Retry-After to send (default: until a request is allowed)', wholeNumber)
  .option('--admin-token <token>', 'token the control API requires (env LOCALNOTION_ADMIN_TOKEN; made up when listening off loopback)')
  .option('--admin-token-file <file>', 'read the admin token from a file, so that it does not show in the process list (env LOCALNOTION_ADMIN_TOKEN_FILE)')
  .option(
    '--allowed-host <name>',
    'a host name the control API answers besides its own addresses, e.g. behind a proxy (repeatable, or comma-separated; env LOCALNOTION_ALLOWED_HOSTS)',
    collect,
    collect(process.env.LOCALNOTION_ALLOWED_HOSTS ?? '', []),
  )
  .option('--request-log <n>', 'how many recent requests the request log keeps (0: none)', wholeNumber, 1000)
  .option('--request-timeout <ms>', 'longest a client may take to send a whole request (0: no limit)', wholeNumber, DEFAULTS.requestTimeoutMs)
  .option(
    '--headers-timeout <ms>',
    "longest a client may take to send a request's headers, or stay silent on a new connection",
    positiveWholeNumber,
    DEFAULTS.headersTimeoutMs,
  )
  .option('--keep-alive-timeout <ms>', 'how long an idle connection stays open between requests', positiveWholeNumber, DEFAULTS.keepAliveTimeoutMs)
  .option('--max-connections <n>', 'open connections in all (0: no limit)', wholeNumber, DEFAULTS.maxConnections)
  .option('--max-connections-per-client <n>', 'open connections from one client address (0: no limit)', wholeNumber, DEFAULTS.maxConnectionsPerClient)
  .option('--ready-file <file>', 'once listening, write {url, token, root_page_id, admin_url, pid} to this file as JSON (atomically), for test fixtures')
  .option('--print-json', 'once listening, print {url, token, root_page_id, admin_url, pid} as one JSON line instead of the banner', false)
  .option('--lenient-version', 'answer a Notion-Version newer than any known as the newest known (says so in the localnotion-version-used header)', false)
  .option(
    '--max-file-upload-size <bytes>',
    "largest file an upload may hold unless its workspace says otherwise (env LOCALNOTION_MAX_FILE_UPLOAD_SIZE; Notion's free plan: 5 MiB)",
    positiveWholeNumber,
    Number(process.env.LOCALNOTION_MAX_FILE_UPLOAD_SIZE ?? DEFAULTS.maxFileUploadBytes),
  )
  .option(
    '--allow-import-from <host>',
    'a host external_url uploads may be imported from (repeatable, or comma-separated; default: any public host; loopback and private addresses only when named)',
    collect,
    collect(process.env.LOCALNOTION_ALLOW_IMPORT_FROM ?? '', []),
  )
  .option('--webhook <url[:events]>', "deliver the default integration's webhook events to a URL, optionally only these types (repeatable)", webhookFlag, [])
  .option(
    '--webhook-allow <hosts>',
    'host names webhook deliveries may go to (repeatable, or comma-separated; default: any)',
    (v: string, previous?: string[]) => collect(v, previous ?? []),
  )
  .option('--webhook-window <ms>', 'aggregation window of page and database updates (default 0: none)', wholeNumber)
  .option('--webhook-retry-scale <factor>', 'factor on the 24-hour retry schedule, e.g. 0.001 (default 1)', (v) => (v === '0' ? 0 : positiveNumber(v)))
  .option('--webhook-timeout <ms>', 'how long a webhook receiver has to answer (default 10000)', positiveWholeNumber)
  .action(async (opts: ServeOptions) => {
    limitHeapGrowth();
    const config = defaultConfig({
      requestTimeoutMs: opts.requestTimeout,
      headersTimeoutMs: opts.headersTimeout,
      keepAliveTimeoutMs: opts.keepAliveTimeout,
      maxConnections: opts.maxConnections,
      maxConnectionsPerClient: opts.maxConnectionsPerClient,
      lenientVersion: opts.lenientVersion,
      maxFileUploadBytes: opts.maxFileUploadSize,
      ...(opts.allowImportFrom.length > 0 ? { allowImportFrom: opts.allowImportFrom } : {}),
      port: opts.port,
      host: opts.host,
      ...storeConfig(opts),
      token: opts.token,
      urlBase: opts.urlBase,
      logLevel: opts.logLevel as 'warn',
    });
    const rateSettings = {
      ...(opts.rateLimitModel === undefined ? {} : { model: opts.rateLimitModel }),
      ...(opts.connectionLimit === undefined ? {} : { connection_limit: opts.connectionLimit }),
      ...(opts.workspaceLimit === undefined ? {} : { workspace_limit: opts.workspaceLimit }),
      ...(opts.window === undefined ? {} : { window_seconds: opts.window }),
      ...(opts.rate === undefined ? {} : { rate: opts.rate }),
      ...(opts.burst === undefined ? {} : { burst: opts.burst }),
      ...(opts.retryAfter === undefined ? {} : { retry_after: opts.retryAfter }),
    };
    let adminToken: string | undefined;
    try {
      adminToken = adminTokenOf(opts);
    } catch (error) {
      console.error(`localnotion: ${(error as Error).message}`);
      process.exit(1);
    }
    const seedProblem = missingSeed(opts.seed);
    if (seedProblem) {
      console.error(seedProblem);
      process.exit(1);
    }
    if (opts.readyFile) removeReadyFile(opts.readyFile);
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer(config, {
        seed: opts.seed,
        deterministic: opts.deterministic
          ? { ...(typeof opts.deterministic === 'string' ? { seed: opts.deterministic } : {}), ...(opts.time ? { time: opts.time } : {}) }
          : false,
        rateLimit: opts.rateLimit ? rateSettings : false,
        adminToken,
        allowedHosts: opts.allowedHost,
        requestLog: opts.requestLog,
        webhooks: opts.webhook,
        webhookSettings: {
          ...(opts.webhookAllow ? { allowHosts: opts.webhookAllow } : {}),
          ...(opts.webhookWindow === undefined ? {} : { windowMs: opts.webhookWindow }),
          ...(opts.webhookRetryScale === undefined ? {} : { retryScale: opts.webhookRetryScale }),
          ...(opts.webhookTimeout === undefined ? {} : { timeoutMs: opts.webhookTimeout }),
        },
      });
    } catch (error) {
      console.error(cannotServe(config, opts.seed, error));
      process.exit(1);
    }
    if (!opts.rateLimit) server.emulator.rateLimiter.configure(rateSettings);
    if (opts.personalToken !== undefined) await givePersonalToken(server, opts.personalToken);
    // A store that cannot be written still serves reads; every write is then a 503 until it can.
    const health = await server.ctx.store.health();
    if (health.state !== 'ok')
      console.warn(
        `localnotion: warning: the store is ${health.state === 'read_only' ? 'read-only' : 'unavailable'}: ${health.problem}; writes are answered 503 until it can be written`,
      );
    const launch = launchInfo(server);
    if (opts.printJson) console.log(JSON.stringify(launch));
    else await printBanner(server, config, adminToken, opts.personalToken);
    if (opts.readyFile) {
      try {
        writeReadyFile(opts.readyFile, launch);
      } catch (error) {
        console.error(`localnotion: cannot write the ready file ${opts.readyFile}: ${(error as Error).message}`);
        await server.close();
        process.exit(1);
      }
    }
    const stopCollecting = collectWhenIdle(server.app.server);
    const stop = async (signal: string) => {
      if (!opts.printJson) console.log(`\n${signal}: shutting down`);
      if (opts.readyFile) removeReadyFile(opts.readyFile);
      stopCollecting();
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });

withStoreOptions(program.command('migrate'))
  .description("bring the store's tables up to date (serve does this too on start)")
  .action(async (opts: StoreFlags) => {
    const config = defaultConfig(storeConfig(opts));
    let store: Store;
    try {
      store = await Store.open(storeOptions(config), false);
    } catch (error) {
      console.error(cannotOpen(config, error));
      process.exit(1);
    }
    try {
      const applied = await store.migrate();
      console.log(applied.length === 0 ? `${describeStore(config)}: up to date` : `${describeStore(config)}: applied ${applied.join(', ')}`);
    } catch (error) {
      console.error(cannotOpen(config, error));
      process.exitCode = 1;
    } finally {
      await store.close();
    }
  });

withStoreOptions(program.command('export'))
  .description('write the whole workspace of a store to a file (JSON lines)')
  .argument('<file>', 'the export file to write')
  .action(async (file: string, opts: StoreFlags) => {
    const config = defaultConfig({ ...storeConfig(opts), logLevel: 'warn' });
    const ctx = await openContext(config);
    try {
      const progress = progressLine('exported');
      const header = await exportToFile(ctx.store, file, new Date().toISOString(), progress, blobsOf(ctx));
      progress.end();
      const rows = Object.values(header.counts).reduce((a, b) => a + b, 0);
      console.log(`exported ${rows.toLocaleString('en-US')} rows of ${describeStore(config)} to ${file} (migration ${header.migration})`);
    } finally {
      await ctx.store.close();
    }
  });

withStoreOptions(program.command('import'), 'SQLite file to import into (created when missing)')
  .description("replace a store's workspace with an export file's")
  .argument('<file>', 'the export file to read')
  .action(async (file: string, opts: StoreFlags) => {
    const config = defaultConfig({ ...storeConfig(opts), logLevel: 'warn' });
    const ctx = await openContext(config);
    try {
      const progress = progressLine('imported');
      const { rows } = await importLines(ctx.store, fileLines(file), progress, blobsOf(ctx));
      progress.end();
      console.log(`imported ${rows.toLocaleString('en-US')} rows from ${file} into ${describeStore(config)}`);
    } finally {
      await ctx.store.close();
    }
  });

registerClone(withStoreOptions(program.command('clone'), 'SQLite file to clone into (created when missing)'), { storeConfig, openContext });

const unknown = unknownCommand(process.argv.slice(2));
if (unknown) {
  console.error(unknown);
  process.exit(1);
}

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
