// A real listening server on 127.0.0.1 (random port, in-memory SQLite) and official SDK clients
// pointed at it with `baseUrl`.
import { Client, LogLevel } from '@notionhq/client';
import { defaultConfig, type Config } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';

export async function startListeningServer(overrides: Partial<Config> = {}): Promise<RunningServer> {
  return startServer(defaultConfig({ host: '127.0.0.1', port: 0, sqlite: ':memory:', logLevel: 'silent', ...overrides }));
}

export interface SdkClientOptions {
  /** Token to send; the server's default integration when absent. */
  auth?: string;
  /** Notion-Version header; the SDK's default (2025-09-03) when absent. */
  notionVersion?: string;
}

/** An SDK client for `server`: no retries and no logging, so failures surface at once and quietly. */
export function sdkClient(server: RunningServer, options: SdkClientOptions = {}): Client {
  return new Client({
    auth: options.auth ?? server.info.token,
    baseUrl: server.baseUrl,
    ...(options.notionVersion === undefined ? {} : { notionVersion: options.notionVersion }),
    logLevel: LogLevel.ERROR,
    logger: () => {},
    retry: false,
    timeoutMs: 10_000,
  });
}
