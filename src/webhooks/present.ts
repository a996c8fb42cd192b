// Webhook JSON: events as Notion sends them (https://developers.notion.com/reference/webhooks-events-delivery),
// per subscription API version, and the control API's views of subscriptions and deliveries.
import type { Capabilities } from '../services/access.js';
import type { EntityType, StoredParent } from './record.js';
import type { WebhookAttemptRow, WebhookDeliveryRow, WebhookOutboxRow, WebhookSubscriptionRow } from './tables.js';

export interface SubscriberView {
  sub: WebhookSubscriptionRow;
  integration: {
    id: string;
    kind: 'internal' | 'public' | 'personal';
    bot_id: string;
    owner_user_id: string | null;
    workspace_id: string;
    workspace_name: string;
    capabilities: Capabilities;
  };
  /** Whose grants decide what it reaches (services/access.ts reachOf). */
  reach: readonly [string, string];
}

/** The parent of a block row, looked up by id. */
export type ParentLookup = (id: string) => Promise<{ parent_type: string; parent_id: string | null } | undefined>;

export interface RenderedEvent {
  type: string;
  entity: { id: string; type: EntityType };
  authors: { id: string; type: string }[];
  /** null: the event type has no `data` (file uploads but a failed import). */
  data: Record<string, unknown> | null;
}

type ParentView = { id: string; type: string; data_source_id?: string };

/**
 * A parent as webhooks name it: `space` for the workspace, a data source's database with the
 * data source's id beside it (SDK `webhooks.d.ts`); 2022-06-28 knows databases only.
 */
async function parentView(parent: StoredParent, workspaceId: string, legacy: boolean, lookup: ParentLookup): Promise<ParentView> {
  switch (parent.type) {
    case 'workspace':
      return { id: workspaceId, type: 'space' };
    case 'page_id':
      return { id: parent.id!, type: 'page' };
    case 'block_id':
      return { id: parent.id!, type: 'block' };
    case 'database_id':
      return { id: parent.id!, type: 'database' };
    case 'data_source_id': {
      const database = (await lookup(parent.id!))?.parent_id ?? parent.id!;
      return legacy ? { id: database, type: 'database' } : { id: database, type: 'database', data_source_id: parent.id! };
    }
  }
}

async function currentParent(id: string, lookup: ParentLookup): Promise<StoredParent | undefined> {
  const row = await lookup(id);
  return row ? { type: row.parent_type as StoredParent['type'], id: row.parent_id } : undefined;
}

/**
 * The events one recorded event is for a subscription of `version`. Under 2022-06-28 a database
 * is its data source: row and schema changes are `database.*` events of the database, and a data
 * source's own life is not told; later versions get `data_source.*` (docs/decisions.md, "Webhooks").
 */
export async function renderEvent(row: Omit<WebhookOutboxRow, 'seq'>, version: string, lookup: ParentLookup): Promise<RenderedEvent[]> {
  const legacy = version === '2022-06-28';
  let type = row.type;
  let entity = { id: row.entity_id, type: row.entity_type as EntityType };
  const data = JSON.parse(row.data) as Record<string, unknown> | null;
  if (legacy && type.startsWith('data_source.')) {
    if (!/\.(content_updated|schema_updated)$/.test(type)) return [];
    const database = (await lookup(entity.id))?.parent_id;
    if (!database) return [];
    type = type.replace('data_source.', 'database.');
    entity = { id: database, type: 'database' };
  }
  const authors = [{ id: row.author_id, type: row.author_type }];
  if (entity.type === 'comment' || entity.type === 'file_upload' || data === null) return [{ type, entity, authors, data }];
  const stored = (row.parent && type === row.type ? (JSON.parse(row.parent) as StoredParent) : undefined) ?? (await currentParent(entity.id, lookup));
  const parent = stored ? await parentView(stored, row.workspace_id, legacy, lookup) : undefined;
  return [{ type, entity, authors, data: parent ? { parent, ...data } : data }];
}

/** The event as sent, `attempt_number` set on each attempt. Field order as in Notion's samples. */
export function envelopeOf(id: string, row: Pick<WebhookOutboxRow, 'timestamp'>, view: SubscriberView, event: RenderedEvent): Record<string, unknown> {
  const { sub, integration } = view;
  // accessible_by is for public connections: who owns a connection of it and can see the entity.
  const accessible =
    integration.kind === 'public'
      ? { accessible_by: [...(integration.owner_user_id ? [{ id: integration.owner_user_id, type: 'person' }] : []), { id: integration.bot_id, type: 'bot' }] }
      : {};
  return {
    id,
    timestamp: row.timestamp,
    workspace_id: integration.workspace_id,
    workspace_name: integration.workspace_name,
    subscription_id: sub.id,
    integration_id: integration.id,
    type: event.type,
    authors: event.authors,
    ...accessible,
    attempt_number: 0,
    api_version: sub.api_version,
    entity: event.entity,
    ...(event.data ? { data: event.data } : {}),
  };
}

/** The bytes of one attempt: the event with its attempt number, or the verification request. */
export function bodyOf(delivery: WebhookDeliveryRow, sub: Pick<WebhookSubscriptionRow, 'verification_token'>, attempt: number): string {
  if (delivery.kind === 'verification') return JSON.stringify({ verification_token: sub.verification_token });
  const envelope = JSON.parse(delivery.data) as Record<string, unknown>;
  envelope.attempt_number = attempt;
  return JSON.stringify(envelope);
}

export function presentSubscription(row: WebhookSubscriptionRow) {
  return {
    object: 'webhook_subscription',
    id: row.id,
    integration_id: row.integration_id,
    url: row.url,
    event_types: row.event_types ? (JSON.parse(row.event_types) as string[]) : null,
    api_version: row.api_version,
    verification_token: row.verification_token,
    status: row.status,
    created_time: row.created_time,
  };
}

export function presentDelivery(row: WebhookDeliveryRow, attempts: WebhookAttemptRow[]) {
  return {
    object: 'webhook_delivery',
    id: row.id,
    subscription_id: row.subscription_id,
    kind: row.kind,
    type: row.type,
    entity: row.kind === 'event' ? { id: row.entity_id, type: row.entity_type } : null,
    timestamp: row.timestamp,
    status: row.status,
    attempts: row.attempts,
    last_status_code: row.last_status_code,
    next_attempt_time: row.status === 'pending' ? new Date(Number(row.due_ms)).toISOString() : null,
    event: row.kind === 'event' ? (JSON.parse(row.data) as Record<string, unknown>) : null,
    log: attempts.map((a) => ({
      attempt_number: a.attempt_number,
      time: a.time,
      status_code: a.status_code,
      error: a.error,
      latency_ms: a.latency_ms,
      response: a.response,
    })),
  };
}
