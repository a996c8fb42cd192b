// From the outbox to deliveries: each recorded event goes to every active subscription whose
// integration can reach the entity (https://developers.notion.com/reference/webhooks: "only if
// the connection has access"), rendered for the subscription's API version, filtered by its
// event types, and merged with a pending event of the same entity and type while the
// aggregation window is open. Claimed rows are taken with SKIP LOCKED, so that instances sharing
// a PostgreSQL database each fan out different events, each exactly once.
import type { AppContext } from '../context.js';
import { ALL_CAPABILITIES, reachOf, type Capabilities } from '../services/access.js';
import { ancestry } from '../store/blocks.js';
import { claimRows } from '../store/dialect.js';
import type { Tx } from '../store/store.js';
import { isAggregated } from './catalogue.js';
import { envelopeOf, renderEvent, type ParentLookup, type SubscriberView } from './present.js';
import { deliveryId } from './subscriptions.js';
import { webhookDb, type WebhookDeliveryRow, type WebhookOutboxRow, type WebhookSubscriptionRow } from './tables.js';

type Outboxed = Omit<WebhookOutboxRow, 'seq'> & { seq: number };

const BATCH = 200;

async function subscribers(tx: Tx): Promise<SubscriberView[]> {
  // A paused subscription keeps its events, delivered once it is resumed; an unverified one gets none.
  const subs = await webhookDb(tx).selectFrom('webhook_subscriptions').selectAll().where('status', '!=', 'pending_verification').execute();
  if (subs.length === 0) return [];
  const integrations = await tx
    .selectFrom('integrations')
    .innerJoin('workspaces', 'workspaces.id', 'integrations.workspace_id')
    .select([
      'integrations.id',
      'integrations.kind',
      'integrations.bot_id',
      'integrations.owner_user_id',
      'integrations.capabilities',
      'integrations.workspace_id',
    ])
    .leftJoin('restricted_members', 'restricted_members.user_id', 'integrations.owner_user_id')
    .select(['workspaces.name as workspace_name', 'restricted_members.user_id as restricted'])
    .where(
      'integrations.id',
      'in',
      subs.map((s) => s.integration_id),
    )
    .execute();
  return subs.flatMap((sub: WebhookSubscriptionRow) => {
    const i = integrations.find((x) => x.id === sub.integration_id);
    if (!i) return [];
    const capabilities: Capabilities = { ...ALL_CAPABILITIES, ...(JSON.parse(i.capabilities) as Partial<Capabilities>) };
    const { restricted, ...integration } = i;
    return [{ sub, integration: { ...integration, capabilities }, reach: reachOf(i, restricted !== null) }];
  });
}

/** Parents looked up once per batch: a data source's database, an entity's current parent. */
function parentLookup(tx: Tx): ParentLookup {
  const cache = new Map<string, Promise<{ parent_type: string; parent_id: string | null } | undefined>>();
  return (id) => {
    let hit = cache.get(id);
    if (!hit) {
      hit = tx.selectFrom('blocks').select(['parent_type', 'parent_id']).where('id', '=', id).executeTakeFirst();
      cache.set(id, hit);
    }
    return hit;
  };
}

type Merged = { updated_blocks?: { id: string }[]; updated_properties?: (string | { id: string })[] } & Record<string, unknown>;

const keyOf = (item: string | { id: string }) => (typeof item === 'string' ? item : item.id);

/** The union of what two events of one entity say changed; the later one's parent. */
function mergeData(earlier: Merged, later: Merged): Merged {
  const union = <T extends string | { id: string }>(a: T[] | undefined, b: T[] | undefined): T[] | undefined => {
    if (!a && !b) return undefined;
    const out = [...(a ?? [])];
    for (const item of b ?? []) {
      const at = out.findIndex((x) => keyOf(x) === keyOf(item));
      // A property created in the window and changed again is still one the window created.
      if (at < 0) out.push(item);
      else if (typeof item !== 'string' && (out[at] as { action?: string }).action !== 'created') out[at] = item;
    }
    return out;
  };
  const merged: Merged = { ...earlier, ...later };
  const blocks = union(earlier.updated_blocks, later.updated_blocks);
  const properties = union(earlier.updated_properties, later.updated_properties);
  if (blocks) merged.updated_blocks = blocks;
  if (properties) merged.updated_properties = properties;
  return merged;
}

type Rendered = ReturnType<typeof renderEvent> extends Promise<(infer R)[]> ? R : never;

/**
 * Within the window: a deletion after a creation, or a restore after a deletion, leaves nothing
 * to tell (the state is back where it was); otherwise the event joins a pending one of its kind.
 */
async function aggregate(tx: Tx, sub: WebhookSubscriptionRow, event: Rendered, key: string, eventMs: number): Promise<boolean> {
  const w = webhookDb(tx);
  const open = w
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('subscription_id', '=', sub.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', 0)
    .where('due_ms', '>', eventMs)
    .where('entity_id', '=', event.entity.id);
  const [prefix, action] = [event.type.slice(0, event.type.lastIndexOf('.')), event.type.slice(event.type.lastIndexOf('.') + 1)];
  const undone = action === 'deleted' ? `${prefix}.created` : action === 'undeleted' ? `${prefix}.deleted` : undefined;
  if (undone) {
    const earlier = await open.where('type', '=', undone).executeTakeFirst();
    if (earlier) {
      // What happened to the entity in between is undone with it.
      await w
        .deleteFrom('webhook_deliveries')
        .where('subscription_id', '=', sub.id)
        .where('entity_id', '=', event.entity.id)
        .where('status', '=', 'pending')
        .where('attempts', '=', 0)
        .where('due_ms', '>', eventMs)
        .execute();
      return true;
    }
  }
  const pending = await open.where('aggregate_key', '=', key).executeTakeFirst();
  if (!pending) return false;
  const envelope = JSON.parse(pending.data) as { authors: { id: string }[]; data: Merged };
  envelope.data = mergeData(envelope.data, event.data as Merged);
  for (const author of event.authors) if (!envelope.authors.some((a) => a.id === author.id)) envelope.authors.push(author);
  await w
    .updateTable('webhook_deliveries')
    .set({ data: JSON.stringify(envelope), authors: JSON.stringify(envelope.authors) })
    .where('id', '=', pending.id)
    .execute();
  return true;
}

async function reaches(tx: Tx, view: SubscriberView, row: Outboxed, memo: Map<string, Promise<boolean>>): Promise<boolean> {
  const { capabilities } = view.integration;
  // An upload is reached by the integration that made it, whatever it was given.
  if (row.entity_type === 'file_upload') return row.reach_id === view.integration.id;
  if (!(row.entity_type === 'comment' ? capabilities.read_comments : capabilities.read_content)) return false;
  const key = `${view.integration.id}:${row.reach_id}`;
  let hit = memo.get(key);
  if (!hit) {
    hit = ancestry(tx, row.reach_id, view.reach).then((chain) => chain.some((a) => a.granted));
    memo.set(key, hit);
  }
  return hit;
}

async function fanOutRow(
  tx: Tx,
  windowMs: number,
  views: SubscriberView[],
  row: Outboxed,
  lookup: ParentLookup,
  memo: Map<string, Promise<boolean>>,
): Promise<void> {
  for (const view of views) {
    const { sub, integration } = view;
    if (row.seq <= sub.since_seq || integration.workspace_id !== row.workspace_id) continue;
    if (!(await reaches(tx, view, row, memo))) continue;
    const wanted = sub.event_types ? (JSON.parse(sub.event_types) as string[]) : undefined;
    for (const event of await renderEvent(row, sub.api_version, lookup)) {
      if (wanted && !wanted.includes(event.type)) continue;
      const eventMs = Date.parse(row.timestamp);
      const aggregated = windowMs > 0 && isAggregated(event.type);
      const key = `${event.type}:${event.entity.id}`;
      if (aggregated && (await aggregate(tx, sub, event, key, eventMs))) continue;
      const id = deliveryId(sub.id, row.seq, event.type, event.entity.id);
      const delivery: WebhookDeliveryRow = {
        id,
        subscription_id: sub.id,
        kind: 'event',
        type: event.type,
        entity_id: event.entity.id,
        entity_type: event.entity.type,
        aggregate_key: aggregated ? key : null,
        authors: JSON.stringify(event.authors),
        data: JSON.stringify(envelopeOf(id, row, view, event)),
        timestamp: row.timestamp,
        seq: row.seq,
        recorded_ms: row.recorded_ms,
        due_ms: eventMs + (aggregated ? windowMs : 0),
        attempts: 0,
        status: 'pending',
        last_status_code: null,
        delivered_ms: null,
      };
      await webhookDb(tx).insertInto('webhook_deliveries').values(delivery).execute();
    }
  }
}

/** Fan out a batch of the outbox; the number of events taken (0 when it was empty). */
export async function dispatchOutbox(ctx: AppContext, windowMs: number): Promise<number> {
  return ctx.store.transaction(async (tx) => {
    const w = webhookDb(tx);
    const rows = (await claimRows(tx, w.selectFrom('webhook_outbox').selectAll().orderBy('seq').limit(BATCH)).execute()).map((r) => ({
      ...r,
      seq: Number(r.seq),
    }));
    if (rows.length === 0) return 0;
    const views = await subscribers(tx);
    const lookup = parentLookup(tx);
    const memo = new Map<string, Promise<boolean>>();
    for (const row of rows) await fanOutRow(tx, windowMs, views, row, lookup, memo);
    await w
      .deleteFrom('webhook_outbox')
      .where(
        'seq',
        'in',
        rows.map((r) => r.seq),
      )
      .execute();
    return rows.length;
  });
}
