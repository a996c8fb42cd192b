// Row types of the webhook tables (migration 0009). They are this module's own: queries reach
// them through `webhookDb`, so the shared table list in store/schema.ts stays as it is.
import type { Generated } from 'kysely';
import type { Db, Tx } from '../store/store.js';

export type SubscriptionStatus = 'pending_verification' | 'active' | 'paused';
export type SubscriptionOrigin = 'control' | 'fixture' | 'option' | 'cli';

export interface WebhookSubscriptionRow {
  id: string;
  integration_id: string;
  /** An http(s) URL, or `function:<name>` for a handler in the test process. */
  url: string;
  /** JSON array of event types; null for every type. */
  event_types: string | null;
  api_version: string;
  verification_token: string;
  status: SubscriptionStatus;
  origin: SubscriptionOrigin;
  /** Events of the outbox after this sequence number are the subscription's. */
  since_seq: number;
  created_time: string;
  lease_owner: string | null;
  lease_until: number | null;
}

export interface WebhookOutboxRow {
  seq: Generated<number>;
  workspace_id: string;
  type: string;
  entity_id: string;
  entity_type: string;
  /** The block whose reach decides which integrations hear of it. */
  reach_id: string;
  /** `{type, id}` as the row names its parent (parent_type, parent_id); null: the entity's current one. */
  parent: string | null;
  data: string;
  author_id: string;
  author_type: string;
  timestamp: string;
  /** Wall-clock ms of the write, for the delay from write to delivery. */
  recorded_ms: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryRow {
  id: string;
  subscription_id: string;
  kind: 'event' | 'verification';
  type: string;
  entity_id: string;
  entity_type: string;
  aggregate_key: string | null;
  authors: string;
  /** The event as sent, without `attempt_number` (JSON). */
  data: string;
  timestamp: string;
  seq: number;
  recorded_ms: number;
  /** When the next attempt is due, in ms of the emulator clock. */
  due_ms: number;
  attempts: number;
  status: DeliveryStatus;
  last_status_code: number | null;
  delivered_ms: number | null;
}

export interface WebhookAttemptRow {
  delivery_id: string;
  attempt_number: number;
  subscription_id: string;
  time: string;
  status_code: number | null;
  error: string | null;
  latency_ms: number;
  response: string | null;
  instance: string;
}

export type WebhookTables = {
  webhook_subscriptions: WebhookSubscriptionRow;
  webhook_outbox: WebhookOutboxRow;
  webhook_deliveries: WebhookDeliveryRow;
  webhook_attempts: WebhookAttemptRow;
};

/** The store's handle (or a transaction) with the webhook tables known to Kysely. */
export function webhookDb(db: Db | Tx) {
  return db.withTables<WebhookTables>();
}

export type WebhookDb = ReturnType<typeof webhookDb>;
