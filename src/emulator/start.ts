// startLocalNotion: the emulator in a test process. In memory by default, optionally on a file;
// seeded from a fixture; reset between tests; a `fetch` that reaches it without a socket.
import { defaultConfig, type Config } from '../config.js';
import type { AppContext } from '../context.js';
import { buildApp } from '../http/app.js';
import { addIntegration, rotateToken, shareWith, unshareWith, type IntegrationView } from '../services/integrations.js';
import type { Capabilities } from '../services/access.js';
import type { FastifyInstance } from 'fastify';
import { authHelpers, type AuthHelpers } from './auth-helpers.js';
import { adminTokenFor } from './control-guard.js';
import { openEmulator, type Emulator, type EmulatorOptions, type Snapshot } from './emulator.js';
import { exportToFile, fileLines, type ExportHeader, type ProgressListener } from './export-file.js';
import type { FaultRule, FaultRuleInput } from './faults.js';
import type { Fixture } from './fixtures/schema.js';
import { readFixtureFile } from './fixtures/load.js';
import { injectFetch, type InjectFetch } from './inject-fetch.js';
import type { RateLimitSettings } from './rate-limit.js';
import type { LoggedRequest, RequestFilter } from './request-log.js';
import type { SeedResult } from './fixtures/apply.js';
import { blobsOf } from '../files/blobs.js';
import { localWebhooks, type LocalWebhooks } from '../webhooks/local.js';

export interface LocalNotionOptions extends EmulatorOptions {
  /** SQLite file that keeps the workspace across runs; in memory when absent. */
  db?: string;
  /** A PostgreSQL connection string: the workspace lives there instead of in SQLite. */
  database?: string;
  /** With `database`: the PostgreSQL schema for the tables (created when missing). */
  databaseSchema?: string;
  /** Token of the default integration; random (or from the seed) when absent. */
  token?: string;
  /**
   * Listen on a loopback port, so that `url` works over a socket too (the default, port 0 picks a
   * free one). With `false` no socket is opened: only `fetch` reaches the server.
   */
  listen?: boolean | { host?: string; port?: number };
  /** Pino log level; `silent` by default. */
  logLevel?: Config['logLevel'];
  /** Base of page `url` fields. */
  urlBase?: string;
  /**
   * Answer a `Notion-Version` newer than every known one as the newest known version (the
   * `localnotion-version-used` response header names it) instead of Notion's `missing_version`.
   */
  lenientVersion?: boolean;
  /** Hosts `external_url` uploads may be imported from (the CLI's `--allow-import-from`); any public host when absent. */
  allowImportFrom?: string[];
}

/** With the helpers of auth-helpers.ts: people, personal access tokens, workspaces and OAuth grants. */
export interface LocalNotion extends AuthHelpers {
  /** Base URL for clients (`baseUrl` of @notionhq/client). */
  readonly url: string;
  /** Token of the default integration. */
  readonly token: string;
  /** The token the control API requires: the one given, or one made up when listening off loopback. */
  readonly adminToken: string | undefined;
  /** The Getting started page, shared with the default integration. */
  readonly rootPageId: string;
  readonly workspaceId: string;
  /** Ids of the fixture's keys (and `root`, `owner`), e.g. `ids.home`. */
  readonly ids: Readonly<Record<string, string>>;
  /** The id of a fixture key; throws for a key the workspace does not have. */
  id(key: string): string;
  /** Tokens of the fixture's integrations, by key. */
  readonly tokens: Readonly<Record<string, string>>;
  /** A fetch that reaches the server without a socket: `new Client({ auth, baseUrl: url, fetch })`. */
  readonly fetch: InjectFetch;
  /** Options for `new Client(...)`: auth, baseUrl and fetch. */
  clientOptions(options?: { auth?: string }): { auth: string; baseUrl: string; fetch: InjectFetch };
  /** Back to the state after start and seeding; clears the request log and fault rules. */
  reset(): Promise<void>;
  snapshot(): Promise<Snapshot>;
  restore(snapshot: Snapshot): Promise<void>;
  /** Replace the workspace's content with a fixture (a file, or the fixture itself); reset returns here. */
  seed(fixture: string | Fixture): Promise<SeedResult>;
  /** Write the workspace to an export file (JSON lines). */
  exportTo(file: string, onProgress?: ProgressListener): Promise<ExportHeader>;
  /** Replace the workspace with an export file's; reset returns here. */
  importFrom(file: string, onProgress?: ProgressListener): Promise<{ rows: number }>;
  readonly clock: {
    now(): Date;
    freeze(at?: Date | string): void;
    unfreeze(): void;
    set(at: Date | string): void;
    advance(ms: number): void;
  };
  /** Recent /v1 requests, newest first. */
  requests(filter?: RequestFilter): LoggedRequest[];
  clearRequests(): void;
  readonly faults: {
    add(rule: FaultRuleInput): FaultRule;
    remove(id: string): boolean;
    clear(): void;
    list(): FaultRule[];
  };
  readonly rateLimit: {
    enable(settings?: Partial<Omit<RateLimitSettings, 'enabled'>>): RateLimitSettings;
    disable(): RateLimitSettings;
    get(): RateLimitSettings;
  };
  createIntegration(spec: {
    name: string;
    kind?: 'internal' | 'public';
    token?: string;
    capabilities?: Partial<Capabilities>;
    pages?: string[];
  }): Promise<IntegrationView>;
  rotateToken(integrationId: string): Promise<IntegrationView>;
  share(integrationId: string, pageId: string): Promise<IntegrationView>;
  unshare(integrationId: string, pageId: string): Promise<IntegrationView>;
  /** Resolves once every due webhook event is delivered (or has failed for good). */
  flushWebhooks(): Promise<void>;
  /** Webhook subscriptions and their delivery log. */
  readonly webhooks: LocalWebhooks;
  readonly ctx: AppContext;
  readonly app: FastifyInstance;
  readonly emulator: Emulator;
  close(): Promise<void>;
}

const toDate = (at: Date | string): Date => (at instanceof Date ? at : new Date(at));

function configOf(options: LocalNotionOptions): Config {
  const listen = options.listen ?? true;
  const where = typeof listen === 'object' ? listen : {};
  return defaultConfig({
    sqlite: options.db ?? ':memory:',
    ...(options.database ? { databaseUrl: options.database, databaseSchema: options.databaseSchema } : {}),
    token: options.token,
    logLevel: options.logLevel ?? 'silent',
    host: where.host ?? '127.0.0.1',
    port: where.port ?? 0,
    ...(options.urlBase === undefined ? {} : { urlBase: options.urlBase }),
    lenientVersion: options.lenientVersion === true,
    ...(options.allowImportFrom === undefined ? {} : { allowImportFrom: options.allowImportFrom }),
  });
}

/** Listen where the config says and return the URL, or only get ready for in-process requests. */
async function listenOrReady(app: FastifyInstance, config: Config, listen: boolean): Promise<string> {
  if (!listen) {
    await app.ready();
    return 'http://localnotion.invalid';
  }
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
}

export async function startLocalNotion(options: LocalNotionOptions = {}): Promise<LocalNotion> {
  const listen = options.listen ?? true;
  const config = configOf(options);
  // The CLI's rule: off loopback the control API needs an admin token, made up when none is given.
  const adminToken = listen ? adminTokenFor(config.host, options.adminToken) : options.adminToken;
  const { ctx, emulator } = await openEmulator(config, { ...options, adminToken });
  let app: FastifyInstance;
  let url: string;
  try {
    app = await buildApp(ctx, { emulator });
    url = await listenOrReady(app, config, listen !== false);
  } catch (error) {
    await ctx.store.close();
    throw error;
  }
  const fetch = injectFetch(app);
  let closed = false;
  const tokens = () => Object.fromEntries(Object.entries(emulator.integrations).map(([key, i]) => [key, i.token]));
  return {
    url,
    get token() {
      return emulator.info.token;
    },
    adminToken: emulator.adminToken,
    get rootPageId() {
      return emulator.info.rootPageId;
    },
    get workspaceId() {
      return emulator.info.workspaceId;
    },
    get ids() {
      return { ...emulator.keys };
    },
    get tokens() {
      return tokens();
    },
    id: (key) => {
      const id = emulator.keys[key];
      if (id === undefined) throw new Error(`no object has the key ${JSON.stringify(key)}; the keys are ${Object.keys(emulator.keys).join(', ')}`);
      return id;
    },
    fetch,
    clientOptions: (o = {}) => ({ auth: o.auth ?? emulator.info.token, baseUrl: url, fetch }),
    reset: () => emulator.reset(),
    snapshot: () => emulator.snapshot(),
    restore: (snapshot) => emulator.restore(snapshot),
    seed: async (fixture) =>
      emulator.seed(typeof fixture === 'string' ? await readFixtureFile(fixture) : fixture, typeof fixture === 'string' ? fixture : 'fixture'),
    exportTo: (file, onProgress) => exportToFile(ctx.store, file, ctx.clock.now().toISOString(), onProgress, blobsOf(ctx)),
    importFrom: (file, onProgress) => emulator.importLines(fileLines(file), onProgress),
    clock: {
      now: () => emulator.clock.now(),
      freeze: (at) => emulator.clock.freeze(at === undefined ? undefined : toDate(at)),
      unfreeze: () => emulator.clock.unfreeze(),
      set: (at) => emulator.clock.set(toDate(at)),
      advance: (ms) => emulator.clock.advance(ms),
    },
    requests: (filter) => emulator.requestLog.list(filter),
    clearRequests: () => emulator.requestLog.clear(),
    faults: {
      add: (rule) => emulator.faults.add(rule),
      remove: (id) => emulator.faults.remove(id),
      clear: () => emulator.faults.clear(),
      list: () => emulator.faults.list(),
    },
    rateLimit: {
      enable: (settings = {}) => emulator.rateLimiter.configure({ ...settings, enabled: true }),
      disable: () => emulator.rateLimiter.configure({ enabled: false }),
      get: () => emulator.rateLimiter.get(),
    },
    createIntegration: (spec) => addIntegration(ctx, spec, emulator.info.workspaceId),
    rotateToken: async (id) => {
      const changed = await rotateToken(ctx, id);
      await emulator.refreshInfo();
      return changed;
    },
    share: (id, pageId) => shareWith(ctx, id, pageId),
    unshare: (id, pageId) => unshareWith(ctx, id, pageId),
    flushWebhooks: () => emulator.webhooks.flush(),
    webhooks: localWebhooks(ctx, emulator.webhooks, () => emulator.info.integrationId),
    ...authHelpers(ctx, emulator),
    ctx,
    app,
    emulator,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      await ctx.store.close();
    },
  };
}
