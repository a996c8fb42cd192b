// A real listening server on 127.0.0.1 (random port, a store of its own) and official SDK clients
// pointed at it with `baseUrl`.
import { Client, LogLevel } from '@notionhq/client';
import { afterAll, beforeAll } from 'vitest';
import { defaultConfig, type Config } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { freshStore } from './store.js';

/** A listening server over a store of its own (see helpers/store.ts), dropped when it closes. */
export async function startListeningServer(overrides: Partial<Config> = {}): Promise<RunningServer> {
  const named = overrides.sqlite !== undefined || overrides.databaseUrl !== undefined;
  const store = named ? undefined : freshStore();
  const server = await startServer(defaultConfig({ host: '127.0.0.1', port: 0, logLevel: 'silent', ...store?.config, ...overrides }));
  const close = server.close;
  return {
    ...server,
    close: async () => {
      await close();
      await store?.drop();
    },
  };
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

export interface SdkSetup {
  server: RunningServer;
  notion: Client;
}

/** A listening server and an SDK client for it, started before the enclosing tests and closed after them. */
export function withSdkServer(options: SdkClientOptions = {}): SdkSetup {
  const setup = {} as SdkSetup;
  beforeAll(async () => {
    setup.server = await startListeningServer();
    setup.notion = sdkClient(setup.server, options);
  });
  afterAll(() => setup.server?.close());
  return setup;
}
