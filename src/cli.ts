#!/usr/bin/env node
// The command line: `localnotion serve` runs the server on a SQLite file (or in memory).
import { Command, InvalidArgumentError } from 'commander';
import { readFileSync } from 'node:fs';
import { defaultConfig, DEFAULT_DB_FILE } from './config.js';
import { startServer } from './server.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a number from 0 to 65535');
  return n;
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
  .action(async (opts: { port: number; host: string; db: string; inMemory: boolean; token?: string; urlBase: string; logLevel: string }) => {
    const config = defaultConfig({
      port: opts.port,
      host: opts.host,
      sqlite: opts.inMemory ? ':memory:' : opts.db,
      token: opts.token,
      urlBase: opts.urlBase,
      logLevel: opts.logLevel as 'warn',
    });
    const server = await startServer(config);
    const { info, baseUrl } = server;
    console.log(`localnotion is listening on ${baseUrl}`);
    console.log(`  store:      ${opts.inMemory ? 'in memory' : opts.db}`);
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

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
