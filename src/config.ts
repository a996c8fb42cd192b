// Configuration, read once from flags and environment by the CLI or given by the programmatic API.
import { join } from 'node:path';

export interface Config {
  host: string;
  port: number;
  /** SQLite file, or ':memory:'. */
  sqlite: string;
  /** Token of the default integration created on first start; random when absent. */
  token?: string;
  /** Base of page URLs (`url` fields). Notion answers https://www.notion.so/. */
  urlBase: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest request body accepted, in bytes (Notion: 500 KB). */
  bodyLimit: number;
}

export const DEFAULT_DB_FILE = join('.localnotion', 'localnotion.db');

export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return {
    host: '127.0.0.1',
    port: 7217,
    sqlite: DEFAULT_DB_FILE,
    urlBase: 'https://www.notion.so/',
    logLevel: 'info',
    bodyLimit: 500 * 1000,
    ...overrides,
  };
}
