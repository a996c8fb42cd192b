#!/usr/bin/env node
// The command line: `localnotion serve` runs the server on a SQLite file (or in memory) or on
// PostgreSQL; `localnotion migrate` brings a store's tables up to date.
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { defaultConfig, describeStore, storeOptions, DEFAULT_DB_FILE, type Config } from './config.js';
import { startServer } from './server.js';
import { Store } from './store/store.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a number from 0 to 65535');
  return n;
}

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
}

/** The store flags that `serve` and `migrate` share. */
function withStoreOptions(command: Command): Command {
  return command
    .option('--db <file>', 'SQLite file that holds the workspace', process.env.LOCALNOTION_DB ?? DEFAULT_DB_FILE)
    .option('--database <url>', 'PostgreSQL connection string instead of SQLite (env LOCALNOTION_DATABASE_URL)', process.env.LOCALNOTION_DATABASE_URL)
    .option('--database-schema <name>', 'PostgreSQL schema for the tables (env LOCALNOTION_DATABASE_SCHEMA)', process.env.LOCALNOTION_DATABASE_SCHEMA)
    .option('--pool-size <n>', 'PostgreSQL connections per instance', poolSize, Number(process.env.LOCALNOTION_POOL_SIZE ?? 10));
}

function storeConfig(opts: StoreFlags): Partial<Config> {
  return {
    sqlite: opts.inMemory ? ':memory:' : opts.db,
    databaseUrl: opts.database || undefined,
    databaseSchema: opts.databaseSchema || undefined,
    poolSize: opts.poolSize,
  };
}

/** Why a store could not be opened, in one line a person can act on. */
function cannotOpen(config: Config, error: unknown): string {
  const reason = error instanceof Error ? error.message || String((error as { code?: unknown }).code ?? error) : String(error);
  return `localnotion: cannot open the store (${describeStore(config)}): ${reason}`;
}

const program = new Command('localnotion').description('A local server for the public Notion REST API.').version(pkg.version);

withStoreOptions(program.command('serve', { isDefault: true }))
  .description('run the API server')
  .option('-p, --port <port>', 'port to listen on (0 picks a free one)', port, Number(process.env.LOCALNOTION_PORT ?? 7217))
  .option('-H, --host <host>', 'address to listen on', process.env.LOCALNOTION_HOST ?? '127.0.0.1')
  .option('--in-memory', 'keep everything in memory; nothing is written to disk', false)
  .option('--token <token>', 'token of the default integration (env LOCALNOTION_TOKEN)', process.env.LOCALNOTION_TOKEN)
  .option('--url-base <url>', 'base of page URLs in responses', 'https://www.notion.so/')
  .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent', process.env.LOCALNOTION_LOG_LEVEL ?? 'warn')
  .action(async (opts: StoreFlags & { port: number; host: string; token?: string; urlBase: string; logLevel: string }) => {
    const config = defaultConfig({
      port: opts.port,
      host: opts.host,
      ...storeConfig(opts),
      token: opts.token,
      urlBase: opts.urlBase,
      logLevel: opts.logLevel as 'warn',
    });
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer(config);
    } catch (error) {
      console.error(cannotOpen(config, error));
      process.exit(1);
    }
    const { info, baseUrl } = server;
    console.log(`localnotion is listening on ${baseUrl}`);
    console.log(`  store:      ${describeStore(config)}`);
    console.log(`  token:      ${info.token}`);
    console.log(`  root page:  ${info.rootPageId}`);
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

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
