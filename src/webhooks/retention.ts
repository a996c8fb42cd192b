// How long the delivery log keeps what is finished. Notion keeps no log a client can read; its
// retries end about 24 hours after an event (https://developers.notion.com/reference/webhooks-events-delivery),
// so a delivered or failed event is kept a week of the emulator's clock after it happened, and
// the newest `maxFinished` of them at most; verification requests stay (docs/decisions.md, "Webhook events and authors").
import type { Db } from '../store/store.js';
import { webhookDb } from './tables.js';

export const LOG_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
export const DEFAULT_LOG_LIMIT = 10_000;
/** Rows removed per statement, so that one pruning never holds a long lock. */
const PRUNE_BATCH = 500;

async function removeDeliveries(db: Db, ids: string[]): Promise<void> {
  const w = webhookDb(db);
  await w.deleteFrom('webhook_attempts').where('delivery_id', 'in', ids).execute();
  await w.deleteFrom('webhook_deliveries').where('id', 'in', ids).execute();
}

/** Remove finished deliveries older than the retention, then the oldest beyond `maxFinished`; answers how many went. */
export async function pruneDeliveries(db: Db, clockMs: number, maxFinished: number): Promise<number> {
  const w = webhookDb(db);
  const finished = ['delivered', 'failed'] as const;
  const cutoff = new Date(clockMs - LOG_RETENTION_MS).toISOString();
  let removed = 0;
  for (;;) {
    const old = await w
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('kind', '=', 'event')
      .where('status', 'in', finished)
      .where('timestamp', '<', cutoff)
      .limit(PRUNE_BATCH)
      .execute();
    if (old.length === 0) break;
    await removeDeliveries(
      db,
      old.map((r) => r.id),
    );
    removed += old.length;
  }
  const count = await w
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('kind', '=', 'event')
    .where('status', 'in', finished)
    .executeTakeFirstOrThrow();
  let excess = Number(count.n) - maxFinished;
  while (excess > 0) {
    const oldest = await w
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('kind', '=', 'event')
      .where('status', 'in', finished)
      .orderBy('timestamp')
      .orderBy('seq')
      .limit(Math.min(excess, PRUNE_BATCH))
      .execute();
    if (oldest.length === 0) break;
    await removeDeliveries(
      db,
      oldest.map((r) => r.id),
    );
    removed += oldest.length;
    excess -= oldest.length;
  }
  return removed;
}
