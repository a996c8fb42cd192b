// The delivery log: each event a subscription got (or is to get), its attempts with their status
// codes, latencies and response snippets; and redelivery of an event on request.
import type { AppContext } from '../context.js';
import { presentDelivery } from './present.js';
import { WebhookInputError } from './subscriptions.js';
import { webhookDb, type DeliveryStatus } from './tables.js';

export interface DeliveryFilter {
  subscription_id?: string;
  status?: DeliveryStatus;
  type?: string;
  /** At most this many, newest first. Default 100. */
  limit?: number;
}

export async function listDeliveries(ctx: AppContext, filter: DeliveryFilter = {}): Promise<ReturnType<typeof presentDelivery>[]> {
  const w = webhookDb(ctx.store.db);
  let query = w.selectFrom('webhook_deliveries').selectAll();
  if (filter.subscription_id) query = query.where('subscription_id', '=', filter.subscription_id);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.type) query = query.where('type', '=', filter.type);
  const rows = await query
    .orderBy('timestamp', 'desc')
    .orderBy('seq', 'desc')
    .limit(filter.limit ?? 100)
    .execute();
  if (rows.length === 0) return [];
  const attempts = await w
    .selectFrom('webhook_attempts')
    .selectAll()
    .where(
      'delivery_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('time')
    .orderBy('attempt_number')
    .execute();
  return rows.map((r) =>
    presentDelivery(
      r,
      attempts.filter((a) => a.delivery_id === r.id),
    ),
  );
}

export async function getDelivery(ctx: AppContext, id: string): Promise<ReturnType<typeof presentDelivery>> {
  const w = webhookDb(ctx.store.db);
  const row = await w.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new WebhookInputError(404, `No webhook delivery has the id ${id}.`);
  const attempts = await w.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', id).orderBy('time').orderBy('attempt_number').execute();
  return presentDelivery(row, attempts);
}

/** Send an event again, now, from attempt 1; its earlier attempts stay in the log. */
export async function redeliver(ctx: AppContext, id: string): Promise<ReturnType<typeof presentDelivery>> {
  await getDelivery(ctx, id);
  await webhookDb(ctx.store.db)
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, due_ms: ctx.clock.now().getTime(), delivered_ms: null })
    .where('id', '=', id)
    .execute();
  return getDelivery(ctx, id);
}
