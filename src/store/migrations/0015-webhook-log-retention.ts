import type { Kysely } from 'kysely';

// The delivery log is pruned by age and count (docs/decisions.md, "Webhook events and authors"):
// finished deliveries are found oldest first without reading the whole table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('webhook_deliveries_finished').on('webhook_deliveries').columns(['status', 'timestamp']).execute();
}
