import type { Kysely } from 'kysely';
import { migrationDialect } from '../dialect.js';

// Webhooks (https://developers.notion.com/reference/webhooks): subscriptions, the outbox every
// write puts its events in (in the write's own transaction), the deliveries fanned out from it per
// subscription, and the log of each attempt. Times that order work are milliseconds (bigint).
export async function up(db: Kysely<unknown>): Promise<void> {
  const { text, engine } = migrationDialect(db);
  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('integration_id', text, (c) => c.notNull())
    .addColumn('url', text, (c) => c.notNull())
    .addColumn('event_types', text)
    .addColumn('api_version', text, (c) => c.notNull())
    .addColumn('verification_token', text, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('origin', text, (c) => c.notNull())
    .addColumn('since_seq', 'bigint', (c) => c.notNull())
    .addColumn('created_time', text, (c) => c.notNull())
    .addColumn('lease_owner', text)
    .addColumn('lease_until', 'bigint')
    .execute();
  await db.schema
    .createTable('webhook_outbox')
    .addColumn('seq', engine === 'postgres' ? 'bigserial' : 'integer', (c) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('workspace_id', text, (c) => c.notNull())
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('entity_id', text, (c) => c.notNull())
    .addColumn('entity_type', text, (c) => c.notNull())
    .addColumn('reach_id', text, (c) => c.notNull())
    .addColumn('parent', text)
    .addColumn('data', text, (c) => c.notNull())
    .addColumn('author_id', text, (c) => c.notNull())
    .addColumn('author_type', text, (c) => c.notNull())
    .addColumn('timestamp', text, (c) => c.notNull())
    .addColumn('recorded_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('subscription_id', text, (c) => c.notNull())
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('entity_id', text, (c) => c.notNull())
    .addColumn('entity_type', text, (c) => c.notNull())
    .addColumn('aggregate_key', text)
    .addColumn('authors', text, (c) => c.notNull())
    .addColumn('data', text, (c) => c.notNull())
    .addColumn('timestamp', text, (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('recorded_ms', 'bigint', (c) => c.notNull())
    .addColumn('due_ms', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('last_status_code', 'integer')
    .addColumn('delivered_ms', 'bigint')
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'subscription_id', 'due_ms']).execute();
  await db.schema.createIndex('webhook_deliveries_order').on('webhook_deliveries').columns(['subscription_id', 'timestamp', 'seq']).execute();
  await db.schema
    .createTable('webhook_attempts')
    .addColumn('delivery_id', text, (c) => c.notNull())
    .addColumn('attempt_number', 'integer', (c) => c.notNull())
    .addColumn('subscription_id', text, (c) => c.notNull())
    .addColumn('time', text, (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', text)
    .addColumn('latency_ms', 'double precision', (c) => c.notNull())
    .addColumn('response', text)
    .addColumn('instance', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').columns(['delivery_id', 'time']).execute();
}
