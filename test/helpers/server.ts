// A server for tests: a fresh store of the engine under test (or a given one), the first-start
// workspace, and helpers to send requests through the real HTTP layer with inject().
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { defaultConfig, type Config } from '../../src/config.js';
import { createContext, type AppContext } from '../../src/context.js';
import { Emulator } from '../../src/emulator/emulator.js';
import { buildApp } from '../../src/http/app.js';
import { ensureWorkspace, type WorkspaceInfo } from '../../src/services/workspace.js';
import { freshStore } from './store.js';

export interface TestServer {
  ctx: AppContext;
  app: FastifyInstance;
  info: WorkspaceInfo;
  request(method: string, url: string, options?: RequestOptions): Promise<TestResponse>;
  /** Run `fn` with the server's clock stopped at `iso`. */
  at<T>(iso: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: string;
  token?: string | null;
  version?: string | null;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  body: Record<string, any>;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

export const DEFAULT_VERSION = '2025-09-03';

/**
 * A server over a store of its own (see helpers/store.ts), dropped when it closes. A test that
 * names its store in `overrides` (a file, a schema) keeps it: that store is the test's to drop.
 */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const named = overrides.sqlite !== undefined || overrides.databaseUrl !== undefined;
  const store = named ? undefined : freshStore();
  const ctx = await createContext(defaultConfig({ logLevel: 'silent', ...store?.config, ...overrides }));
  const info = await ensureWorkspace(ctx);
  const emulator = new Emulator(ctx);
  await emulator.refreshInfo();
  const app = await buildApp(ctx, { emulator });
  await app.ready();
  const request = async (method: string, url: string, options: RequestOptions = {}): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? info.token : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const version = options.version === undefined ? DEFAULT_VERSION : options.version;
    if (version !== null) headers['notion-version'] = version;
    let payload: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const raw = await app.inject({ method: method as 'GET', url, headers, payload });
    let body: Record<string, any> = {};
    try {
      body = raw.body ? JSON.parse(raw.body) : {};
    } catch {
      body = { raw: raw.body };
    }
    return { status: raw.statusCode, body, headers: raw.headers, raw };
  };
  const at = async <T>(iso: string, fn: () => Promise<T>): Promise<T> => {
    const clock = ctx.clock;
    ctx.clock = { now: () => new Date(iso) };
    try {
      return await fn();
    } finally {
      ctx.clock = clock;
    }
  };
  return {
    ctx,
    app,
    info,
    request,
    at,
    close: async () => {
      await app.close();
      await ctx.store.close();
      await store?.drop();
    },
  };
}

/**
 * The one server all the tests of a file share: started before the first and closed after the last.
 * Call it at the top level of the file; what it returns stands for the server once it has started.
 */
export function sharedTestServer(overrides: Partial<Config> = {}): TestServer {
  let started: TestServer | undefined;
  beforeAll(async () => {
    started = await startTestServer(overrides);
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as TestServer, {
    get(_, key) {
      if (!started) throw new Error('the shared server starts before the tests');
      return Reflect.get(started, key);
    },
  });
}
