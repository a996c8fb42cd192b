// Async tasks (https://developers.notion.com/reference/retrieve-async-task): an operation accepted
// with `allow_async` answers 202 at once and runs after the response, in its own transaction; the
// task walks queued, running (retrying), then succeeded with the synchronous answer or failed with
// its error envelope. The emulator's controls can hold tasks in queued, move a held task to running
// or retrying, release it, or make the next task fail, so polling clients can be tested without
// timing. One runner per store: the control API and the routes find the same one.
import type { AppContext } from '../context.js';
import { internalError, NotionError, objectNotFound, type ErrorCode } from '../errors.js';
import type { Actor } from '../services/access.js';
import { asyncTaskById, deleteAsyncTasksBefore, insertAsyncTask, updateAsyncTask } from '../store/async-tasks.js';
import type { AsyncTaskRow } from '../store/schema.js';

/** Tasks stay retrievable this long after they were made (docs/decisions.md). */
export const TASK_RETENTION_MS = 24 * 60 * 60 * 1000;

export type TaskWork = () => Promise<Record<string, unknown>>;

export interface ForcedFailure {
  code: ErrorCode;
  message: string;
  status?: number;
}

const TASK_ID = /^task_[0-9a-f]{32}$/;

export class TaskRunner {
  /** While true, new tasks wait in `queued` until released. */
  holding = false;
  private readonly held = new Map<string, TaskWork>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private failNext: ForcedFailure | undefined;

  constructor(private readonly ctx: AppContext) {}

  /** Accept an operation: the task is stored as queued and its work runs after the response. */
  async start(actor: Actor, operation: string, input: unknown, work: TaskWork): Promise<AsyncTaskRow> {
    const now = this.ctx.clock.now();
    const row: AsyncTaskRow = {
      id: `task_${this.ctx.ids.uuid().replace(/-/g, '')}`,
      integration_id: actor.integrationId,
      operation,
      status: 'queued',
      created_time: now.toISOString(),
      input: JSON.stringify(input),
      result: null,
      error: null,
    };
    await this.ctx.store.transaction(async (tx) => {
      await deleteAsyncTasksBefore(tx, new Date(now.getTime() - TASK_RETENTION_MS).toISOString());
      await insertAsyncTask(tx, row);
    });
    if (this.holding) this.held.set(row.id, work);
    else this.schedule(row.id, work);
    return row;
  }

  private schedule(id: string, work: TaskWork): void {
    const run = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run(id, work));
    this.inFlight.set(id, run);
    void run.finally(() => this.inFlight.delete(id));
  }

  private async run(id: string, work: TaskWork): Promise<void> {
    const db = this.ctx.store.db;
    const forced = this.failNext;
    this.failNext = undefined;
    try {
      await updateAsyncTask(db, id, { status: 'running' });
      if (forced) throw new NotionError(forced.code, forced.message, undefined, forced.status);
      const result = await work();
      await updateAsyncTask(db, id, { status: 'succeeded', result: JSON.stringify(result) });
    } catch (error) {
      const failure = error instanceof NotionError ? error : internalError();
      if (!(error instanceof NotionError)) this.ctx.log.error({ err: error, task: id }, 'an async task failed');
      const envelope: Record<string, unknown> = { object: 'error', status: failure.status, code: failure.code, message: failure.message };
      if (failure.additionalData) envelope.additional_data = failure.additionalData;
      await updateAsyncTask(db, id, { status: 'failed', error: JSON.stringify(envelope) }).catch((e: unknown) =>
        this.ctx.log.error({ err: e, task: id }, 'an async task could not record its failure'),
      );
    }
  }

  /** The task, for the integration that started it; 404 for any other id. */
  async find(actor: Actor, id: string): Promise<AsyncTaskRow> {
    if (!TASK_ID.test(id)) throw objectNotFound('async task', id, actor);
    // A task already running is answered once it is done: a client polling right away reads
    // its outcome rather than a race with it.
    await this.inFlight.get(id);
    const row = await asyncTaskById(this.ctx.store.db, id);
    if (!row || row.integration_id !== actor.integrationId) throw objectNotFound('async task', id, actor);
    return row;
  }

  /** Ids of the tasks held in queued (or moved on by hand), oldest first. */
  heldIds(): string[] {
    return [...this.held.keys()];
  }

  /** Show a held task as running or retrying; it still waits to be released. */
  async mark(id: string, status: 'queued' | 'running' | 'retrying'): Promise<boolean> {
    if (!this.held.has(id)) return false;
    await updateAsyncTask(this.ctx.store.db, id, { status });
    return true;
  }

  /** Run held tasks (all, or the one named) and stop holding new ones when all are released. */
  async release(id?: string): Promise<string[]> {
    const ids = id === undefined ? this.heldIds() : this.held.has(id) ? [id] : [];
    if (id === undefined) this.holding = false;
    for (const taskId of ids) {
      const work = this.held.get(taskId)!;
      this.held.delete(taskId);
      this.schedule(taskId, work);
    }
    await Promise.all(ids.map((taskId) => this.inFlight.get(taskId)));
    return ids;
  }

  /** The next task to run fails with this error instead of doing its work. */
  failNextWith(failure: ForcedFailure | undefined): void {
    this.failNext = failure;
  }

  get pendingFailure(): ForcedFailure | undefined {
    return this.failNext;
  }

  /** Forget held work and settings (the store was reset or replaced). */
  clear(): void {
    this.held.clear();
    this.holding = false;
    this.failNext = undefined;
  }
}

const runners = new WeakMap<AppContext['store'], TaskRunner>();

/** The task runner of a context's store. */
export function tasksOf(ctx: AppContext): TaskRunner {
  let runner = runners.get(ctx.store);
  if (!runner) runners.set(ctx.store, (runner = new TaskRunner(ctx)));
  return runner;
}
