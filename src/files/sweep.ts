// The sweep: uploads that expired (or failed) unattached lose their bytes, and bytes no part row
// names any more (a part sent again, an import replaced, a write a crash cut short) are removed.
// Upload objects stay, as Notion keeps listing expired uploads (recorded). Bytes of attached
// uploads are never swept, so files of trashed pages stay readable while they can be restored.
import type { AppContext } from '../context.js';
import { blobCreatedAt } from './blob-store.js';
import { blobsOf } from './blobs.js';
import { expireDue } from './upload-store.js';

export interface SweepOptions {
  /** Blob keys to keep whatever the rows say: those held snapshots name, which a restore brings back. */
  held?: () => Iterable<string>;
  /** How old a blob no row names must be before it goes: a blob is written before its row (ms, default an hour). */
  graceMs?: number;
}

export const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

export async function sweepFiles(ctx: AppContext, options: SweepOptions = {}): Promise<{ removed: number }> {
  await ctx.store.transaction(async (tx) => {
    await expireDue(tx, ctx.clock.now().toISOString());
    const dead = tx.selectFrom('file_uploads').select('id').where('status', 'in', ['expired', 'failed']);
    await tx.deleteFrom('file_parts').where('upload_id', 'in', dead).execute();
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
  return { removed: unnamed.length };
}

/** Sweep every SWEEP_INTERVAL_MS until the returned function is called. */
export function startSweeping(ctx: AppContext, options: SweepOptions = {}): () => void {
  const timer = setInterval(() => {
    sweepFiles(ctx, options).catch((error: unknown) => ctx.log.warn({ err: error }, 'the file sweep failed'));
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
