// The sweep: uploads that expired (or failed) unattached lose their bytes, and bytes no part row
// names any more (a part sent again, an import replaced, a write a crash cut short) are removed.
// Upload objects stay, as Notion keeps listing expired uploads (recorded). Bytes of attached
// uploads are never swept, so files of trashed pages stay readable while they can be restored.
import type { AppContext } from '../context.js';
import { blobCreatedAt } from './blob-store.js';
import { blobsOf } from './blobs.js';
import { expireUploads } from './events.js';

export interface SweepOptions {
  /** Blob keys to keep whatever the rows say: those held snapshots name, which a restore brings back. */
  held?: () => Iterable<string>;
  /** How old a blob no row names must be before it goes: a blob is written before its row (ms, default an hour). */
  graceMs?: number;
}

export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

export async function sweepFiles(ctx: AppContext, options: SweepOptions = {}): Promise<{ expired: number; removed: number }> {
  const expired = await ctx.store.transaction(async (tx) => {
    const count = await expireUploads(ctx, tx);
    const dead = tx.selectFrom('file_uploads').select('id').where('status', 'in', ['expired', 'failed']);
    await tx.deleteFrom('file_parts').where('upload_id', 'in', dead).execute();
    return count;
  });
  const blobs = blobsOf(ctx);
  // Wall-clock time: blobs age on the machine's clock, not on the emulator's.
  const before = Date.now() - (options.graceMs ?? 60 * 60 * 1000);
  const named = new Set((await ctx.store.db.selectFrom('file_parts').select('blob_key').execute()).map((r) => r.blob_key));
  for (const key of options.held?.() ?? []) named.add(key);
  const unnamed: string[] = [];
  for await (const key of blobs.keys()) if (!named.has(key) && blobCreatedAt(key) < before) unnamed.push(key);
  await blobs.remove(unnamed);
  await blobs.removeUnfinished(before);
  return { expired, removed: unnamed.length };
}

/**
 * Sweeps every SWEEP_INTERVAL_MS of the emulator's clock or of the machine's, whichever comes
 * first: a test that advances the clock past an upload's expiry sees the sweep on its next
 * request, and a frozen clock still has orphan bytes removed (docs/decisions.md).
 */
export class FileSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastClockMs: number;
  private lastWallMs = Date.now();

  constructor(
    private readonly ctx: AppContext,
    private readonly options: SweepOptions = {},
  ) {
    this.lastClockMs = ctx.clock.now().getTime();
  }

  start(): void {
    if (this.timer || this.stopped) return;
    // A cheap look at both clocks; the sweep itself runs only when one of them says it is due.
    this.timer = setInterval(() => this.check(), Math.min(SWEEP_INTERVAL_MS, 60 * 1000));
    this.timer.unref();
  }

  /** Start a sweep when one is due and none runs; cheap otherwise. */
  check(): void {
    if (this.stopped || this.running) return;
    const clockMs = this.ctx.clock.now().getTime();
    const wallMs = Date.now();
    // A clock set back restarts the count from there.
    if (clockMs < this.lastClockMs) this.lastClockMs = clockMs;
    if (clockMs - this.lastClockMs < SWEEP_INTERVAL_MS && wallMs - this.lastWallMs < SWEEP_INTERVAL_MS) return;
    this.lastClockMs = clockMs;
    this.lastWallMs = wallMs;
    this.running = sweepFiles(this.ctx, this.options)
      .then(() => undefined)
      .catch((error: unknown) => this.ctx.log.warn({ err: error }, 'the file sweep failed'))
      .finally(() => (this.running = undefined));
  }

  /** Sweep now, after the sweep under way if any (the control API's `POST /file-uploads/sweep`). */
  async sweepNow(): Promise<{ expired: number; removed: number }> {
    await this.settled();
    const run = sweepFiles(this.ctx, this.options);
    this.running = run.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await run;
    } finally {
      this.running = undefined;
      this.lastClockMs = this.ctx.clock.now().getTime();
      this.lastWallMs = Date.now();
    }
  }

  /** Resolves once the sweep running now, if any, has finished. */
  async settled(): Promise<void> {
    await this.running;
  }

  /** No more sweeps; waits for the one running, which needs the store still open. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.settled();
  }
}
