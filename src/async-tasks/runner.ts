// Async tasks (https://developers.notion.com/reference/retrieve-async-task): an operation accepted
// with `allow_async` answers 202 at once and runs after the response, in its own transaction; the
// task walks queued, running (retrying), then succeeded with the synchronous answer or failed with
// its error envelope. The emulator's controls can hold tasks in queued, move a held task to running
// or retrying, release it, or make the next task fail, so polling clients can be tested without
// timing. Everything a task needs is in the store, the request it runs included: a held task
// survives a restart, and any instance on the same database releases or runs it; a queued task is
// claimed by one run only.
import type { AppContext } from '../context.js';
import { internalError, NotionError, objectNotFound, unauthorizedToken, type ErrorCode } from '../errors.js';
import { authenticate, type Actor } from '../services/access.js';
import {
  asyncTaskById,
  asyncTaskSettings,
  claimAsyncTask,
  deleteAsyncTasksBefore,
  heldAsyncTaskIds,
  insertAsyncTask,
  markHeldAsyncTask,
  releaseHeldAsyncTasks,
  setAsyncTaskSettings,
  takeFailNext,
  updateAsyncTask,
} from '../store/async-tasks.js';
import type { AsyncTaskRow } from '../store/schema.js';

/** Tasks stay retrievable this long after they were made (docs/decisions.md). */
export const TASK_RETENTION_MS = 24 * 60 * 60 * 1000;

/** The request a task runs, as stored: enough for its operation to run it again anywhere. */
export interface TaskRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  body: unknown;
  /** `filter_properties` of the request, when it gave them. */
  filter?: string[];
  version: string;
  betas: readonly string[];
}

/** What an operation does with a stored request, as the integration that sent it. */
export type TaskOperation = (actor: Actor, request: TaskRequest) => Promise<Record<string, unknown>>;

export interface ForcedFailure {
  code: ErrorCode;
  message: string;
  status?: number;
}

const TASK_ID = /^task_[0-9a-f]{32}$/;

export class TaskRunner {
  private readonly operations = new Map<string, TaskOperation>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly ctx: AppContext) {}

  /** Name what an operation does; the routes that accept it define it when the app is built. */
  define(operation: string, run: TaskOperation): void {
    this.operations.set(operation, run);
  }

  /** Accept a request: the task is stored as queued (held or not) and runs after the response. */
  async start(actor: Actor, operation: string, request: TaskRequest): Promise<AsyncTaskRow> {
    const now = this.ctx.clock.now();
    const row: AsyncTaskRow = {
      id: `task_${this.ctx.ids.uuid().replace(/-/g, '')}`,
      integration_id: actor.integrationId,
      operation,
      status: 'queued',
      created_time: now.toISOString(),
      input: JSON.stringify(request),
      result: null,
      error: null,
      held: 0,
    };
    await this.ctx.store.transaction(async (tx) => {
      await deleteAsyncTasksBefore(tx, new Date(now.getTime() - TASK_RETENTION_MS).toISOString());
      row.held = (await asyncTaskSettings(tx)).holding;
      await insertAsyncTask(tx, row);
    });
    if (!row.held) this.schedule(row.id);
    return row;
  }

  private schedule(id: string): Promise<void> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const run = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run(id));
    this.inFlight.set(id, run);
    void run.finally(() => this.inFlight.delete(id));
    return run;
  }

  private async run(id: string): Promise<void> {
    const db = this.ctx.store.db;
    try {
      if (!(await claimAsyncTask(db, id))) return;
      const row = (await asyncTaskById(db, id))!;
      const forced = await takeFailNext(db);
      if (forced) {
        const failure = JSON.parse(forced) as ForcedFailure;
        throw new NotionError(failure.code, failure.message, undefined, failure.status);
      }
      const result = await this.perform(row);
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

  /** Run the stored request as the integration that sent it, which may since have lost its token. */
  private async perform(row: AsyncTaskRow): Promise<Record<string, unknown>> {
    const operation = this.operations.get(row.operation);
    if (!operation) throw internalError();
    const integration = await this.ctx.store.db.selectFrom('integrations').select('token').where('id', '=', row.integration_id).executeTakeFirst();
    if (!integration) throw unauthorizedToken();
    return operation(await authenticate(this.ctx, integration.token), JSON.parse(row.input) as TaskRequest);
  }

  /** The task, for the integration that started it; 404 for any other id. */
  async find(actor: Actor, id: string): Promise<AsyncTaskRow> {
    if (!TASK_ID.test(id)) throw objectNotFound('async task', id, actor);
    let row = await asyncTaskById(this.ctx.store.db, id);
    if (!row || row.integration_id !== actor.integrationId) throw objectNotFound('async task', id, actor);
    // A queued task nobody runs (its server stopped before it ran, or it was released elsewhere)
    // is run here. A task under way is answered once it is done: a client polling right away
    // reads its outcome rather than a race with it.
    if (row.status === 'queued' && !row.held) await this.schedule(id);
    else await this.inFlight.get(id);
    row = (await asyncTaskById(this.ctx.store.db, id)) ?? row;
    return row;
  }

  /** Ids of the tasks held in queued (or moved on by hand), oldest first. */
  heldIds(): Promise<string[]> {
    return heldAsyncTaskIds(this.ctx.store.db);
  }

  async holding(): Promise<boolean> {
    return (await asyncTaskSettings(this.ctx.store.db)).holding === 1;
  }

  /** Hold new tasks in queued until released. */
  async hold(): Promise<void> {
    await this.ctx.store.transaction((tx) => setAsyncTaskSettings(tx, { holding: 1 }));
  }

  /** Show a held task as running or retrying; it still waits to be released. */
  mark(id: string, status: 'queued' | 'running' | 'retrying'): Promise<boolean> {
    return this.ctx.store.transaction((tx) => markHeldAsyncTask(tx, id, status));
  }

  /** Run held tasks (all, or the one named) and stop holding new ones when all are released. */
  async release(id?: string): Promise<string[]> {
    const ids = await this.ctx.store.transaction(async (tx) => {
      if (id === undefined) await setAsyncTaskSettings(tx, { holding: 0 });
      return releaseHeldAsyncTasks(tx, id);
    });
    await Promise.all(ids.map((taskId) => this.schedule(taskId)));
    return ids;
  }

  /** The next task to run fails with this error instead of doing its work. */
  async failNextWith(failure: ForcedFailure | undefined): Promise<void> {
    await this.ctx.store.transaction((tx) => setAsyncTaskSettings(tx, { fail_next: failure ? JSON.stringify(failure) : null }));
  }

  async pendingFailure(): Promise<ForcedFailure | undefined> {
    const { fail_next } = await asyncTaskSettings(this.ctx.store.db);
    return fail_next ? (JSON.parse(fail_next) as ForcedFailure) : undefined;
  }
}

const runners = new WeakMap<AppContext['store'], TaskRunner>();

/** The task runner of a context's store. */
export function tasksOf(ctx: AppContext): TaskRunner {
  let runner = runners.get(ctx.store);
  if (!runner) runners.set(ctx.store, (runner = new TaskRunner(ctx)));
  return runner;
}
