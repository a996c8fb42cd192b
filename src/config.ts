// Configuration, read once from flags and environment by the CLI or given by the programmatic API.
import { join } from 'node:path';
import type { StoreOptions } from './store/store.js';

export interface Config {
  host: string;
  port: number;
  /** SQLite file, or ':memory:'; used when no `databaseUrl` is given. */
  sqlite: string;
  /** A PostgreSQL connection string (postgres://...): the store is PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema that holds the tables (created when missing); the connection's search_path when absent. */
  databaseSchema?: string;
  /** PostgreSQL connections per server instance. */
  poolSize: number;
  /** Token of the default integration created on first start; random when absent. */
  token?: string;
  /** Base of page URLs (`url` fields). Notion answers https://www.notion.so/. */
  urlBase: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest request body accepted, in bytes (Notion: 500 KB). */
  bodyLimit: number;
  /** Longest a client may take to send a whole request, headers and body, in ms (0: no limit). */
  requestTimeoutMs: number;
  /** Longest a client may take to send a request's headers, in ms; also how long a new connection may stay silent. */
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests, in ms. */
  keepAliveTimeoutMs: number;
  /** Open connections from one client address at once; more are refused (0: no limit). */
  maxConnectionsPerClient: number;
  /** Open connections in all; more are refused (0: no limit). */
  maxConnections: number;
  /** Answer an unknown Notion-Version newer than every known one as the newest known, instead of refusing it. */
  lenientVersion: boolean;
  /** Largest file an upload may hold, in bytes, unless its workspace says otherwise (Notion's free plan: 5 MiB). */
  maxFileUploadBytes: number;
  /** Folder that holds uploaded files; absent: beside the SQLite file, in memory for ':memory:', in the database on PostgreSQL. */
  filesDir?: string;
  /** Hosts `external_url` uploads may be imported from; absent: any public host. Loopback and private addresses only when named here. */
  allowImportFrom?: string[];
  /** Longest an `external_url` import may take, in ms. */
  importTimeoutMs: number;
}

export const DEFAULT_DB_FILE = join('.localnotion', 'localnotion.db');

/** Where the store lives, as the store opens it. */
export function storeOptions(config: Config, onIdleError?: (error: Error) => void): StoreOptions {
  if (!config.databaseUrl) return { sqlite: config.sqlite };
  return { postgres: { url: config.databaseUrl, schema: config.databaseSchema, poolSize: config.poolSize, onIdleError } };
}

/** A connection string with its password hidden, for messages and logs. */
export function describeStore(config: Config): string {
  if (!config.databaseUrl) return config.sqlite === ':memory:' ? 'SQLite, in memory' : `SQLite, ${config.sqlite}`;
  try {
    const url = new URL(config.databaseUrl);
    if (url.password) url.password = '***';
    return `PostgreSQL, ${url.toString()}${config.databaseSchema ? ` (schema ${config.databaseSchema})` : ''}`;
  } catch {
    return 'PostgreSQL';
  }
}

export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return {
    host: '127.0.0.1',
    port: 7217,
    sqlite: DEFAULT_DB_FILE,
    poolSize: 10,
    urlBase: 'https://www.notion.so/',
    logLevel: 'info',
    bodyLimit: 500 * 1000,
    requestTimeoutMs: 30_000,
    headersTimeoutMs: 10_000,
    keepAliveTimeoutMs: 5_000,
    maxConnectionsPerClient: 256,
    maxConnections: 4096,
    lenientVersion: false,
    maxFileUploadBytes: 5 * 1024 * 1024,
    importTimeoutMs: 30_000,
    ...overrides,
  };
}
