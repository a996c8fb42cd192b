// The delivery worker: fans the outbox out (fanout.ts), then delivers what is due, subscription by
// subscription. A subscription is leased to one instance at a time (a lease with an expiry, taken
// with SKIP LOCKED on PostgreSQL), so its events go out once and in timestamp order; an instance
// that dies leaves its subscriptions to another once the lease expires (at least once:
// docs/decisions.md, "Webhooks"). Each subscription is its own task: a slow receiver holds back
// no other. Requests never wait for it; close stops it. Idle, it does nothing: a committed event
// wakes it (record.ts), a timer wakes it when a retry or an aggregation window is due, and on
// PostgreSQL a slow poll finds what other instances wrote.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import { claimRows } from '../store/dialect.js';
import { MAX_ATTEMPTS, RETRY_DELAYS_S } from './catalogue.js';
import { attempt, type AttemptResult, type WebhookHandler } from './deliver.js';
import { dispatchOutbox } from './fanout.js';
import { bodyOf } from './present.js';
import { DEFAULT_LOG_LIMIT, pruneDeliveries } from './retention.js';
import { webhookDb, type WebhookDeliveryRow, type WebhookSubscriptionRow } from './tables.js';

export interface WebhookSettings {
  /** Aggregation window of content and property updates, in ms of the emulator clock; 0: none. */
  windowMs: number;
  /** Factor on the retry schedule (about 24 hours in all): 0.001 makes it 86 seconds, 0 immediate. */
  retryScale: number;
  /** How long a receiver has to answer. */
  timeoutMs: number;
  /** Host names deliveries may go to; any when absent. */
  allowHosts?: readonly string[];
  /** PostgreSQL: how often the worker looks for work other instances wrote (SQLite has one process per file). */
  pollMs: number;
  /** Finished deliveries the log keeps at most (retention.ts). */
  logLimit: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = { windowMs: 0, retryScale: 1, timeoutMs: 10_000, pollMs: 2000, logLimit: DEFAULT_LOG_LIMIT };
/** The log is pruned at most this often (wall clock or emulator clock), and on every flush. */
const PRUNE_EVERY_MS = 60_000;
/** The longest a timer may wait (setTimeout's limit); it is armed again when it fires early. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const CLAIM_BATCH = 50;
/** Deliveries sent in turn before their attempts are recorded in one transaction. */
const SEND_BATCH = 25;

interface Sent {
  delivery: WebhookDeliveryRow;
  number: number;
  result: AttemptResult;
}
const FLUSH_LIMIT_MS = 60_000;

export class WebhookWorker {
  /** This instance, as leases name it. */
  readonly instance = randomUUID();
  readonly settings: WebhookSettings;
  private readonly handlers = new Map<string, WebhookHandler>();
  private readonly tasks = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  /** Wakes the worker when the next pending delivery is due. */
  private dueTimer: NodeJS.Timeout | undefined;
  private lastPrune = { wall: 0, clock: 0 };
  private ticking: Promise<void> | undefined;
  /** The last outbox drain started (drainOutbox). */
  private draining: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly ctx: AppContext,
    settings: Partial<WebhookSettings> = {},
  ) {
    this.settings = { ...DEFAULT_WEBHOOK_SETTINGS, ...settings };
  }

  /** Longer than any one attempt can take, so that a live instance keeps what it holds. */
  private get leaseMs(): number {
    return Math.max(5000, this.settings.timeoutMs * 3);
  }

  private clockMs(): number {
    return this.ctx.clock.now().getTime();
  }

  start(): void {
    if (this.timer || this.stopped) return;
    // Events written before this start (a restart after a crash) are looked for once.
    this.nudge();
    if (this.ctx.store.engine !== 'postgres') return;
    this.timer = setInterval(() => this.nudge(), this.settings.pollMs);
    this.timer.unref();
  }

  /** Whether a timer or poll would wake the worker later (an idle SQLite worker has none). */
  get sleeping(): boolean {
    return this.timer === undefined && this.dueTimer === undefined && this.ticking === undefined && this.tasks.size === 0;
  }

  /** Arm the timer for the next delivery whose time has not come (a retry, an open window). */
  private async schedule(): Promise<void> {
    const next = await webhookDb(this.ctx.store.db)
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.min('due_ms').as('due'))
      .where('status', '=', 'pending')
      // What is due now and not delivered waits for a resume, a lease or another instance, not for a timer.
      .where('due_ms', '>', this.clockMs())
      .executeTakeFirst();
    clearTimeout(this.dueTimer);
    this.dueTimer = undefined;
    if (this.stopped || next?.due === null || next?.due === undefined) return;
    const wait = Math.min(Math.max(Number(next.due) - this.clockMs(), 0), MAX_TIMER_MS);
    this.dueTimer = setTimeout(() => {
      this.dueTimer = undefined;
      this.nudge();
    }, wait);
    this.dueTimer.unref();
  }

  /** Prune the delivery log when a minute of either clock has passed since the last time, or when `force`d. */
  private async prune(force = false): Promise<void> {
    const wall = Date.now();
    const clock = this.clockMs();
    if (!force && wall - this.lastPrune.wall < PRUNE_EVERY_MS && Math.abs(clock - this.lastPrune.clock) < PRUNE_EVERY_MS) return;
    this.lastPrune = { wall, clock };
    await this.ctx.store.transaction((tx) => pruneDeliveries(tx, clock, this.settings.logLimit));
  }

  /** Every subscription, for the CLI's banner. */
  subscriptions(): Promise<WebhookSubscriptionRow[]> {
    return webhookDb(this.ctx.store.db).selectFrom('webhook_subscriptions').selectAll().orderBy('created_time').execute();
  }

  /** Deliver to `handler` what subscription `id` (a `function:` one) receives. */
  setHandler(id: string, handler: WebhookHandler): void {
    this.handlers.set(id, handler);
  }

  /** Look for work now (after a write was acknowledged). */
  nudge(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.tick()
      .catch((error: unknown) => this.ctx.log.warn({ err: error }, 'webhook worker'))
      .finally(() => {
        this.ticking = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  private async tick(): Promise<void> {
    // Idle, the worker only reads: no transaction (and no write lock) until there is work.
    if (!(await this.hasWork())) {
      // Due later (a pending retry, another instance's lease): the timer comes back for it.
      if (this.tasks.size === 0 && this.dueTimer === undefined) await this.schedule();
      return;
    }
    await this.drainOutbox();
    if (this.stopped) return;
    for (const id of await this.claim()) {
      const task = this.run(id)
        .catch((error: unknown) => this.ctx.log.warn({ err: error, subscription: id }, 'webhook delivery'))
        .finally(() => {
          this.tasks.delete(id);
          if (this.tasks.size === 0) this.nudge();
        });
      this.tasks.set(id, task);
    }
    await this.prune();
    if (this.tasks.size === 0) await this.schedule();
  }

  /**
   * Fan out every recorded event, so that what is delivered next has met the events written before
   * it. One drain at a time in this instance, each after the one before: a tick and a delivery task
   * draining at once would each skip the rows the other holds (SKIP LOCKED), and the task could send
   * a delivery that the other's fan-out is about to merge away (a page created, then trashed, within
   * the aggregation window).
   */
  private drainOutbox(): Promise<void> {
    const run = (this.draining ?? Promise.resolve()).then(() => this.drainOnce());
    this.draining = run.catch(() => {});
    return run;
  }

  private async drainOnce(): Promise<void> {
    const w = webhookDb(this.ctx.store.db);
    while (!this.stopped && (await w.selectFrom('webhook_outbox').select('seq').limit(1).executeTakeFirst())) {
      if ((await dispatchOutbox(this.ctx, this.settings.windowMs)) === 0) return;
    }
  }

  /** Lease subscriptions with due deliveries that no live instance holds. */
  private async claim(): Promise<string[]> {
    const now = Date.now();
    const clock = this.clockMs();
    const local = [...this.handlers.keys()];
    const busy = [...this.tasks.keys()];
    return this.ctx.store.transaction(async (tx) => {
      const w = webhookDb(tx);
      let query = w
        .selectFrom('webhook_subscriptions as s')
        .select('s.id')
        .where('s.status', '!=', 'paused')
        .where((eb) => eb.or([eb('s.lease_until', 'is', null), eb('s.lease_until', '<', now)]))
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('webhook_deliveries as d')
              .select('d.id')
              .whereRef('d.subscription_id', '=', 's.id')
              .where('d.status', '=', 'pending')
              .where('d.due_ms', '<=', clock),
          ),
        )
        // A handler lives in one process: only that process delivers to it.
        .where((eb) => eb.or([eb('s.url', 'not like', 'function:%'), ...(local.length > 0 ? [eb('s.id', 'in', local)] : [])]))
        .orderBy('s.id')
        .limit(CLAIM_BATCH);
      if (busy.length > 0) query = query.where('s.id', 'not in', busy);
      const ids = (await claimRows(tx, query).execute()).map((r) => r.id);
      if (ids.length > 0) {
        await w
          .updateTable('webhook_subscriptions')
          .set({ lease_owner: this.instance, lease_until: now + this.leaseMs })
          .where('id', 'in', ids)
          .execute();
      }
      return ids;
    });
  }

  private async release(id: string): Promise<void> {
    await webhookDb(this.ctx.store.db)
      .updateTable('webhook_subscriptions')
      .set({ lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_owner', '=', this.instance)
      .execute();
  }

  /** Deliver a leased subscription's due events, oldest first, then give the lease back. */
  private async run(id: string): Promise<void> {
    const w = webhookDb(this.ctx.store.db);
    try {
      while (!this.stopped) {
        const sub = await w.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
        if (!sub || sub.status === 'paused' || sub.lease_owner !== this.instance) return;
        // A deletion recorded while the last batch was out may cancel what is next.
        await this.drainOutbox();
        const due = await w
          .selectFrom('webhook_deliveries')
          .selectAll()
          .where('subscription_id', '=', id)
          .where('status', '=', 'pending')
          .where('due_ms', '<=', this.clockMs())
          .orderBy('timestamp')
          .orderBy('seq')
          .limit(SEND_BATCH)
          .execute();
        if (due.length === 0) return;
        const sent: Sent[] = [];
        const started = Date.now();
        for (const delivery of due) {
          const number = delivery.attempts + 1;
          const target = {
            url: sub.url,
            token: sub.verification_token,
            handler: this.handlers.get(id),
            timeoutMs: this.settings.timeoutMs,
            allowHosts: this.settings.allowHosts,
            signal: this.abort.signal,
          };
          const result = await attempt(target, bodyOf(delivery, sub, number));
          // Stopped mid-request: the attempt is not counted; another instance (or a restart) sends it.
          if (this.stopped) break;
          sent.push({ delivery, number, result });
          // The lease is renewed when the batch is recorded: a slow receiver ends the batch early.
          if (Date.now() - started > this.leaseMs / 3) break;
        }
        if (sent.length === 0 || !(await this.settle(sub, sent))) return;
      }
    } finally {
      await this.release(id).catch(() => {});
    }
  }

  /** Record a batch of attempts and what follows from each; false when the lease was lost meanwhile. */
  private async settle(sub: WebhookSubscriptionRow, sent: Sent[]): Promise<boolean> {
    const now = Date.now();
    const clock = this.clockMs();
    return this.ctx.store.transaction(async (tx) => {
      const w = webhookDb(tx);
      const held = await w
        .updateTable('webhook_subscriptions')
        .set({ lease_until: now + this.leaseMs })
        .where('id', '=', sub.id)
        .where('lease_owner', '=', this.instance)
        .executeTakeFirst();
      if (Number(held.numUpdatedRows) === 0) return false;
      await w
        .insertInto('webhook_attempts')
        .values(
          sent.map(({ delivery, number, result }) => ({
            delivery_id: delivery.id,
            attempt_number: number,
            subscription_id: sub.id,
            time: new Date(clock).toISOString(),
            status_code: result.statusCode,
            error: result.error,
            latency_ms: Math.round(result.latencyMs * 1000) / 1000,
            response: result.response,
            instance: this.instance,
          })),
        )
        .execute();
      for (const { delivery, number, result } of sent) {
        // Disallowed destinations are not tried again: the answer would not change.
        const final = result.ok || number >= MAX_ATTEMPTS || result.error?.startsWith('destination host not allowed') === true;
        const delay = (RETRY_DELAYS_S[number - 1] ?? 0) * 1000 * this.settings.retryScale;
        await w
          .updateTable('webhook_deliveries')
          .set({
            attempts: number,
            last_status_code: result.statusCode,
            status: result.ok ? 'delivered' : final ? 'failed' : 'pending',
            due_ms: result.ok || final ? delivery.due_ms : clock + delay,
            delivered_ms: result.ok ? now : null,
          })
          .where('id', '=', delivery.id)
          .execute();
      }
      return true;
    });
  }

  private async hasWork(): Promise<boolean> {
    const w = webhookDb(this.ctx.store.db);
    if (await w.selectFrom('webhook_outbox').select('seq').limit(1).executeTakeFirst()) return true;
    const due = await w
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('due_ms', '<=', this.clockMs())
      .limit(1)
      .executeTakeFirst();
    return due !== undefined;
  }

  /** Whether anything is due: events not fanned out, or deliveries whose time has come. */
  private async pending(): Promise<boolean> {
    const w = webhookDb(this.ctx.store.db);
    if (await w.selectFrom('webhook_outbox').select('seq').limit(1).executeTakeFirst()) return true;
    const local = [...this.handlers.keys()];
    const due = await w
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
      .select('d.id')
      .where('d.status', '=', 'pending')
      .where('d.due_ms', '<=', this.clockMs())
      .where('s.status', '!=', 'paused')
      .where((eb) => eb.or([eb('s.url', 'not like', 'function:%'), ...(local.length > 0 ? [eb('s.id', 'in', local)] : [])]))
      .limit(1)
      .executeTakeFirst();
    return due !== undefined;
  }

  /**
   * Resolve once every due event is delivered (or has failed for good). Events whose time has not
   * come (an open aggregation window, a retry scheduled later) are not waited for.
   */
  async flush(): Promise<void> {
    const until = Date.now() + FLUSH_LIMIT_MS;
    for (;;) {
      if (this.stopped) return;
      await this.ticking;
      await this.tick();
      await Promise.all([...this.tasks.values()]);
      if (!(await this.pending())) {
        await this.prune(true);
        return;
      }
      if (Date.now() > until) throw new Error('webhooks: events are still due after a minute of flushing');
      // Held by another instance: give it a moment.
      if (this.tasks.size === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    clearTimeout(this.dueTimer);
    this.abort.abort();
    await this.ticking;
    await Promise.all([...this.tasks.values()]);
  }
}
