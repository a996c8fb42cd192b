// The emulator controls over one context: snapshots and reset, the clock, deterministic ids, the
// request log, fault rules and the rate limiter. The control API (control/), the hooks on
// /v1 (hooks.ts) and the programmatic API (start.ts) are views of this one object.
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import { createContext, type AppContext } from '../context.js';
import { randomIds, uuidV4Of } from '../ids.js';
import { forgetActors } from '../services/access.js';
import { ensureWorkspace, type WorkspaceInfo } from '../services/workspace.js';
import { dumpAll, restoreAll, type Dump } from '../store/dump.js';
import { getMeta } from '../store/meta.js';
import { ControllableClock, type ClockState } from './clock.js';
import { FaultRules } from './faults.js';
import { RateLimiter, type RateLimitSettings } from './rate-limit.js';
import { RequestLog } from './request-log.js';
import { Sfc32, seededIds, type SeededIdGenerator } from './seeded-ids.js';
import { applyFixture, type SeedResult, type SeededIntegration } from './fixtures/apply.js';
import { checkFixture, readFixtureFile } from './fixtures/load.js';
import type { Fixture } from './fixtures/schema.js';
import { changeIntegration } from '../services/integrations.js';
import { fileLines, importLines, type ExportLines, type ProgressListener } from './export-file.js';
import { blobsOf } from '../files/blobs.js';
import { FileSweeper } from '../files/sweep.js';
import { WebhookWorker, type WebhookSettings } from '../webhooks/worker.js';
import { addSubscribers, type WebhookSubscriber } from '../webhooks/subscribers.js';
import { clearQueue } from '../webhooks/subscriptions.js';

export interface DeterministicOptions {
  /** Seed of ids, tokens and request ids; the same seed gives the same ids. Default `localnotion`. */
  seed?: string | number;
  /** Instant the clock is frozen at. Default 2025-01-01T00:00:00.000Z. */
  time?: string | Date;
}

export interface EmulatorOptions {
  /** Seeded ids and a frozen clock, so that responses are the same on every run. */
  deterministic?: boolean | DeterministicOptions;
  /** The rate limiter: `true` turns it on with Notion's rates; settings change them. Off by default. */
  rateLimit?: boolean | Partial<RateLimitSettings>;
  /** Token the control API requires (`Authorization: Bearer <admin token>`). */
  adminToken?: string;
  /**
   * Host names the control API answers besides this server's own addresses (a reverse proxy's
   * public name), at any port.
   */
  allowedHosts?: readonly string[];
  /** How many recent requests the request log keeps; 0 turns it off. Default 1000. */
  requestLog?: number;
  /**
   * A fixture (a JSON or YAML file, or the fixture itself) applied to a new store; reset returns
   * to the seeded state. A store that already holds a workspace is not seeded again.
   */
  seed?: string | Fixture;
  /** Webhook subscribers of the default integration (or the one each names): URLs or handlers. */
  webhooks?: readonly WebhookSubscriber[];
  /** Aggregation window, retry schedule, timeout and allowed hosts of webhook deliveries. */
  webhookSettings?: Partial<WebhookSettings>;
}

export const DEFAULT_DETERMINISTIC_TIME = '2025-01-01T00:00:00.000Z';
export const DEFAULT_REQUEST_LOG_SIZE = 1000;

/** A point the workspace can be brought back to, with the clock and the id sequence of that moment. */
export interface Snapshot {
  readonly dump: Dump;
  readonly clock: ClockState;
  readonly ids: number[] | undefined;
  readonly requestIds: number[] | undefined;
  readonly keys: Record<string, string>;
  readonly integrations: Record<string, SeededIntegration>;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

export class Emulator {
  readonly clock: ControllableClock;
  readonly requestLog: RequestLog;
  readonly faults: FaultRules;
  readonly rateLimiter: RateLimiter;
  readonly adminToken: string | undefined;
  readonly allowedHosts: readonly string[];
  readonly webhooks: WebhookWorker;
  /** The periodic sweep of expired uploads' bytes, run beside the server (src/files/install.ts). */
  readonly sweeper: FileSweeper;
  private readonly seededIds: SeededIdGenerator | undefined;
  private readonly requestRng: Sfc32 | undefined;
  private baseline: Snapshot | undefined;
  private workspace: WorkspaceInfo | undefined;
  /** Fixture keys (and `root`, `owner`) to ids, for the seeded workspace. */
  keys: Record<string, string> = {};
  /** Integrations the fixture made, by key. */
  integrations: Record<string, SeededIntegration> = {};
  /** The first-start state, before any fixture: where a new seed starts from. */
  private initial: Snapshot | undefined;
  readonly snapshots = new Map<string, Snapshot>();
  private snapshotCounter = 0;
  // Every snapshot taken, weakly: those still alive keep their files' bytes from the sweep.
  private readonly madeSnapshots = new Set<WeakRef<Dump>>();

  constructor(
    readonly ctx: AppContext,
    options: EmulatorOptions = {},
  ) {
    this.clock = ctx.clock instanceof ControllableClock ? ctx.clock : new ControllableClock();
    this.seededIds = 'setState' in ctx.ids ? (ctx.ids as SeededIdGenerator) : undefined;
    const det = options.deterministic;
    const seed = det ? (typeof det === 'object' && det.seed !== undefined ? det.seed : 'localnotion') : undefined;
    this.requestRng = seed === undefined ? undefined : new Sfc32(`${seed}:requests`);
    const faultRng = seed === undefined ? undefined : new Sfc32(`${seed}:faults`);
    this.faults = new FaultRules(faultRng ? () => faultRng.random() : Math.random);
    const rl = options.rateLimit;
    this.rateLimiter = new RateLimiter(rl === undefined || rl === false ? {} : rl === true ? { enabled: true } : { enabled: true, ...rl });
    this.requestLog = new RequestLog(options.requestLog ?? DEFAULT_REQUEST_LOG_SIZE);
    this.webhooks = new WebhookWorker(ctx, options.webhookSettings);
    this.sweeper = new FileSweeper(ctx, { held: () => this.heldBlobKeys() });
    this.adminToken = options.adminToken;
    this.allowedHosts = (options.allowedHosts ?? []).map((h) => h.trim().toLowerCase().replace(/\.$/, '')).filter((h) => h !== '');
  }

  /** The first-start workspace (or the imported one). */
  get info(): WorkspaceInfo {
    if (!this.workspace) throw new ControlError(409, 'no_workspace', 'The store holds no workspace yet.');
    return this.workspace;
  }

  /** Request ids: random, or from the seed in deterministic mode. */
  requestId(): string {
    if (!this.requestRng) return randomUUID();
    return uuidV4Of(this.requestRng.bytes(16));
  }

  /** Create the first-start workspace when the store is empty; true when it was. */
  async prepare(options: { token?: string } = {}): Promise<boolean> {
    const fresh = (await getMeta(this.ctx.store.db, 'workspace')) === undefined;
    this.workspace = await ensureWorkspace(this.ctx, options);
    this.keys = { root: this.workspace.rootPageId, owner: this.workspace.ownerId };
    return fresh;
  }

  async snapshot(): Promise<Snapshot> {
    const dump = await this.ctx.store.transaction((tx) => dumpAll(tx));
    this.madeSnapshots.add(new WeakRef(dump));
    return {
      dump,
      clock: this.clock.state(),
      ids: this.seededIds?.state(),
      requestIds: this.requestRng?.state(),
      keys: { ...this.keys },
      integrations: { ...this.integrations },
    };
  }

  async restore(snapshot: Snapshot): Promise<void> {
    await this.ctx.store.transaction((tx) => restoreAll(tx, snapshot.dump));
    this.clock.setState(snapshot.clock);
    if (snapshot.ids && this.seededIds) this.seededIds.setState(snapshot.ids);
    if (snapshot.requestIds && this.requestRng) this.requestRng.setState(snapshot.requestIds);
    this.keys = { ...snapshot.keys };
    this.integrations = { ...snapshot.integrations };
    await this.afterReplace();
  }

  /** After the rows were replaced: forget what was cached about the old ones. */
  async afterReplace(): Promise<void> {
    forgetActors(this.ctx);
    // Queued events were of the state just replaced.
    await clearQueue(this.ctx);
    this.rateLimiter.configure({});
    await this.refreshInfo();
  }

  /** Read the workspace record again (after a token change or an import). */
  async refreshInfo(): Promise<void> {
    const stored = await getMeta(this.ctx.store.db, 'workspace');
    if (stored) this.workspace = JSON.parse(stored) as WorkspaceInfo;
  }

  /**
   * Blob keys the snapshots still alive name (held here or by a caller): the file sweep keeps
   * their bytes, which a restore brings back.
   */
  *heldBlobKeys(): Iterable<string> {
    for (const ref of this.madeSnapshots) {
      const dump = ref.deref();
      if (!dump) this.madeSnapshots.delete(ref);
      for (const row of dump?.tables.file_parts ?? []) yield String(row.blob_key);
    }
  }

  /** Make the current state the one reset returns to. */
  async markBaseline(): Promise<void> {
    this.baseline = await this.snapshot();
  }

  /** Remember the current (first-start) state as the one every seed starts from. */
  async markInitial(): Promise<void> {
    this.initial = await this.snapshot();
  }

  /**
   * Seed the workspace with a fixture: from the first-start state when this server knows it (so
   * the fixture replaces an earlier one), otherwise onto what the store holds. The seeded state
   * becomes the one reset returns to. A fixture that fails leaves the workspace as it was.
   * `atInitial` says the store is still in its first-start state (a start seeding a fresh store):
   * that state is the one to return to should the fixture fail, and there is nothing to put back.
   */
  async seed(fixture: unknown, source = 'fixture', atInitial = false): Promise<SeedResult> {
    const checked = checkFixture(fixture, source);
    const before = atInitial && this.initial ? this.initial : await this.snapshot();
    if (this.initial && before !== this.initial) await this.restore(this.initial);
    let result: SeedResult;
    try {
      result = await applyFixture(this.ctx, this.info, checked, source);
      await this.applyGivenToken();
    } catch (error) {
      await this.restore(before);
      throw error;
    }
    await this.refreshInfo();
    this.keys = { ...this.keys, ...result.keys };
    this.integrations = result.integrations;
    await this.markBaseline();
    return result;
  }

  /**
   * A token given on the command line (or to startLocalNotion) wins over a fixture's or an
   * export's, so that scripts can rely on it.
   */
  private async applyGivenToken(): Promise<void> {
    const token = this.ctx.config.token;
    if (token !== undefined) await changeIntegration(this.ctx, this.info.integrationId, { token });
  }

  get hasBaseline(): boolean {
    return this.baseline !== undefined;
  }

  /** Back to the state after start (and seeding); the request log and fault rules are cleared. */
  async reset(): Promise<void> {
    if (!this.baseline) {
      throw new ControlError(
        409,
        'no_baseline',
        'This server opened a store that already held a workspace, so it has no state to reset to. Start it in memory or on a new file (with --seed to seed it), or use snapshots.',
      );
    }
    await this.restore(this.baseline);
    this.requestLog.clear();
    this.faults.clear();
  }

  /**
   * Replace the workspace with an export's lines (see export-file.ts); the imported state is then
   * the one reset returns to.
   */
  async importLines(lines: ExportLines, onProgress?: ProgressListener): Promise<{ rows: number }> {
    const result = await importLines(this.ctx.store, lines, onProgress, blobsOf(this.ctx));
    await this.afterReplace();
    await this.applyGivenToken();
    await this.refreshInfo();
    this.keys = { root: this.info.rootPageId, owner: this.info.ownerId };
    this.integrations = {};
    await this.markBaseline();
    return result;
  }

  /**
   * Keep a snapshot under a name (one of that name is replaced), or under the next free
   * `snapshot_N` when none is given.
   */
  async takeNamedSnapshot(name?: string): Promise<{ id: string; snapshot: Snapshot }> {
    const snapshot = await this.snapshot();
    let id = name;
    while (id === undefined || (name === undefined && this.snapshots.has(id))) id = `snapshot_${++this.snapshotCounter}`;
    this.snapshots.set(id, snapshot);
    return { id, snapshot };
  }
}

/** Export files are JSON lines; fixtures are JSON or YAML. */
export const isExportFile = (file: string): boolean => /\.(ndjson|jsonl)$/i.test(file);

export interface OpenedEmulator {
  ctx: AppContext;
  emulator: Emulator;
  /** True when the store was empty and got its first-start workspace now. */
  fresh: boolean;
}

/**
 * A context with a controllable clock (and seeded ids in deterministic mode), its workspace, and
 * the emulator over it, with the reset baseline taken when the store was new or in memory.
 */
export async function openEmulator(config: Config, options: EmulatorOptions = {}): Promise<OpenedEmulator> {
  const clock = new ControllableClock();
  const det = options.deterministic;
  let ids = randomIds;
  if (det) {
    const d = typeof det === 'object' ? det : {};
    ids = seededIds(d.seed ?? 'localnotion');
    clock.freeze(new Date(d.time ?? DEFAULT_DETERMINISTIC_TIME));
  }
  const ctx = await createContext(config, { clock, ids });
  try {
    return await prepareEmulator(ctx, config, options);
  } catch (error) {
    await ctx.store.close();
    throw error;
  }
}

async function prepareEmulator(ctx: AppContext, config: Config, options: EmulatorOptions): Promise<OpenedEmulator> {
  const emulator = new Emulator(ctx, options);
  const fresh = await emulator.prepare({ token: config.token });
  if (fresh) {
    await emulator.markInitial();
    const seed = options.seed;
    // An export file seeds as well as a fixture does: its state is the one reset returns to.
    if (typeof seed === 'string' && isExportFile(seed)) await emulator.importLines(fileLines(seed));
    else if (seed !== undefined)
      await emulator.seed(typeof seed === 'string' ? await readFixtureFile(seed) : seed, typeof seed === 'string' ? seed : 'fixture', true);
  } else if (options.seed !== undefined) {
    ctx.log.warn('the store already holds a workspace: the seed is not applied again');
  }
  if (!emulator.hasBaseline && (fresh || (!config.databaseUrl && config.sqlite === ':memory:'))) await emulator.markBaseline();
  if (options.webhooks) await addSubscribers(ctx, emulator.webhooks, options.webhooks, 'option', emulator.info.integrationId);
  return { ctx, emulator, fresh };
}
