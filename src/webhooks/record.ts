// The outbox: each write records the events it causes in its own transaction, so that an
// acknowledged write always has its events and a rolled-back one never does
// (https://developers.notion.com/reference/webhooks-events-delivery). What a change means is
// worked out here from the rows before and after it; services call recordEvents in one line.
import type { AppContext } from '../context.js';
import { sql } from 'kysely';
import { ancestry } from '../store/blocks.js';
import { compiledOnce } from '../store/compiled.js';
import type { BlockRow, CommentRow, FileUploadRow, ViewRow } from '../store/schema.js';
import { afterCommit, type Db } from '../store/store.js';
import type { Actor } from '../actor.js';
import { fileUploadEvents, permissionEvents, viewEvents, type FileUploadAction, type ViewAction } from './record-more.js';
import { webhookWorker } from './install.js';
import { webhookDb } from './tables.js';
import { linkedSourceOf } from '../views/linked.js';

/** What a write changed, as services describe it. */
export type Change =
  | { kind: 'page'; before?: BlockRow; after: BlockRow }
  | { kind: 'block'; before: BlockRow; after: BlockRow }
  /** Blocks added, changed or removed under `under` (a page or a block inside one). */
  | { kind: 'content'; under: string; blockIds: (string | { id: string; type: 'page' | 'database' | 'block' })[] }
  | { kind: 'database'; before?: BlockRow; after: BlockRow }
  | { kind: 'data_source'; before?: BlockRow; after: BlockRow }
  | { kind: 'comment'; action: 'created' | 'updated' | 'deleted'; comment: CommentRow }
  | { kind: 'file_upload'; action: FileUploadAction; upload: FileUploadRow }
  /** `before` for an update (what changed is worked out), absent for a creation or deletion. */
  | { kind: 'view'; action: ViewAction; view: ViewRow; before?: ViewRow }
  /** What page `pageId` is shared with changed. */
  | { kind: 'permissions'; pageId: string };

export type EntityType = 'page' | 'block' | 'database' | 'data_source' | 'comment' | 'file_upload' | 'view';

/** Who made a change, as `authors` names them (https://developers.notion.com/reference/webhooks-events-delivery). */
export interface EventAuthor {
  id: string;
  type: 'person' | 'bot';
}

/** What a write done outside a request (the control API, the clock) is told as: its workspace and author. */
export interface EventSource {
  workspaceId: string;
  author: EventAuthor;
}

/**
 * The author of an API request's changes: a personal access token and an OAuth installation act
 * for their person (the token's owner, the user who installed it), an internal integration as its
 * bot (docs/decisions.md, "Webhook events and authors").
 */
export function authorOf(actor: Actor): EventAuthor {
  if (actor.kind !== 'internal' && actor.ownerUserId !== null) return { id: actor.ownerUserId, type: 'person' };
  return { id: actor.botId, type: 'bot' };
}

const sourceOf = (by: Actor | EventSource): EventSource => ('author' in by ? by : { workspaceId: by.workspaceId, author: authorOf(by) });

/** A parent as the row names it: the subscription's version decides how it is shown. */
export interface StoredParent {
  type: BlockRow['parent_type'];
  id: string | null;
}

/** One event in the store's own terms, before it is shown to any subscription. */
export interface RecordedEvent {
  type: string;
  entity: { id: string; type: EntityType };
  /** The block whose reach decides who hears of it; for a file upload, the integration that made it. */
  reachId: string;
  parent: StoredParent | null;
  /** null: the event has no `data` (file_upload.created, .completed, .expired). */
  data: Record<string, unknown> | null;
}

const parentOf = (row: Pick<BlockRow, 'parent_type' | 'parent_id'>): StoredParent => ({ type: row.parent_type, id: row.parent_id });
const changed = (a: unknown, b: unknown) => a !== b;

/** Property ids whose stored values differ, in the order of the later values. */
function changedProperties(before: BlockRow, after: BlockRow): string[] {
  if (before.properties === after.properties) return [];
  const was = JSON.parse(before.properties ?? '{}') as Record<string, unknown>;
  const now = JSON.parse(after.properties ?? '{}') as Record<string, unknown>;
  const ids = new Set([...Object.keys(now), ...Object.keys(was)]);
  // Property ids are shown URL-encoded, as in every response (https://developers.notion.com/reference/property-object).
  return [...ids].filter((id) => JSON.stringify(was[id] ?? null) !== JSON.stringify(now[id] ?? null)).map(encodeURIComponent);
}

/** Created, updated and deleted properties between two schemas (data source rows). */
function schemaChanges(before: BlockRow, after: BlockRow): { id: string; name: string | null; action: string }[] {
  if (before.properties === after.properties) return [];
  type P = { id: string; name: string };
  const was = JSON.parse(before.properties ?? '[]') as P[];
  const now = JSON.parse(after.properties ?? '[]') as P[];
  const out: { id: string; name: string | null; action: string }[] = [];
  for (const p of now) {
    const old = was.find((q) => q.id === p.id);
    if (!old) out.push({ id: encodeURIComponent(p.id), name: p.name, action: 'created' });
    else if (JSON.stringify(old) !== JSON.stringify(p)) out.push({ id: encodeURIComponent(p.id), name: p.name, action: 'updated' });
  }
  for (const p of was) if (!now.some((q) => q.id === p.id)) out.push({ id: encodeURIComponent(p.id), name: p.name, action: 'deleted' });
  return out;
}

/** Lifecycle events of a page, database or data source row: created, moved, trashed, restored. */
function lifecycle(prefix: string, entity: RecordedEvent['entity'], before: BlockRow | undefined, after: BlockRow): RecordedEvent[] {
  const event = (type: string, data: Record<string, unknown> = {}): RecordedEvent => ({
    type: `${prefix}.${type}`,
    entity,
    reachId: after.id,
    parent: parentOf(after),
    data,
  });
  if (!before) return [event('created')];
  const out: RecordedEvent[] = [];
  if (changed(before.parent_id, after.parent_id) || changed(before.parent_type, after.parent_type)) out.push(event('moved'));
  if (before.in_trash !== after.in_trash) out.push(event(after.in_trash ? 'deleted' : 'undeleted'));
  return out;
}

/** A row of a data source changed: the data source's content changed too. */
function rowOfDataSource(row: Pick<BlockRow, 'id' | 'parent_type' | 'parent_id'>): RecordedEvent[] {
  if (row.parent_type !== 'data_source_id' || !row.parent_id) return [];
  const entity = { id: row.parent_id, type: 'data_source' as const };
  return [{ type: 'data_source.content_updated', entity, reachId: row.parent_id, parent: null, data: { updated_blocks: [{ id: row.id, type: 'page' }] } }];
}

function pageEvents(before: BlockRow | undefined, after: BlockRow): RecordedEvent[] {
  const entity = { id: after.id, type: 'page' as const };
  const events = lifecycle('page', entity, before, after);
  if (before) {
    const properties = changedProperties(before, after);
    if (properties.length > 0 && before.parent_id === after.parent_id) {
      events.push({ type: 'page.properties_updated', entity, reachId: after.id, parent: parentOf(after), data: { updated_properties: properties } });
    }
    if (before.is_locked !== after.is_locked) {
      events.push({ type: after.is_locked ? 'page.locked' : 'page.unlocked', entity, reachId: after.id, parent: parentOf(after), data: {} });
    }
  }
  if (events.length === 0) return [];
  const sources = [after, ...(before && before.parent_id !== after.parent_id ? [before] : [])];
  return [...events, ...sources.flatMap(rowOfDataSource)];
}

function dataSourceEvents(before: BlockRow | undefined, after: BlockRow): RecordedEvent[] {
  const entity = { id: after.id, type: 'data_source' as const };
  const events = lifecycle('data_source', entity, before, after);
  const properties = before ? schemaChanges(before, after) : [];
  if (properties.length > 0)
    events.push({ type: 'data_source.schema_updated', entity, reachId: after.id, parent: parentOf(after), data: { updated_properties: properties } });
  return events;
}

/** The nearest page at or above block `id`. */
async function pageAbove(db: Db, id: string): Promise<string | undefined> {
  // The grant flag is not needed here: any integration id will do.
  const chain = await ancestry(db, id, ['', '']);
  return chain.find((a) => a.type === 'child_page')?.id;
}

async function eventsOf(db: Db, change: Change): Promise<RecordedEvent[]> {
  switch (change.kind) {
    case 'page':
      return pageEvents(change.before, change.after);
    case 'database':
      // A linked database is a block to webhooks (https://developers.notion.com/reference/webhooks-events-delivery).
      return lifecycle('database', { id: change.after.id, type: linkedSourceOf(change.after) ? 'block' : 'database' }, change.before, change.after);
    case 'data_source':
      return dataSourceEvents(change.before, change.after);
    case 'block': {
      const { before, after } = change;
      if (after.type === 'child_page') return pageEvents(before, after);
      if (after.type === 'child_database') return lifecycle('database', { id: after.id, type: 'database' }, before, after);
      return eventsOf(db, { kind: 'content', under: after.id, blockIds: [after.id] });
    }
    case 'content': {
      const page = await pageAbove(db, change.under);
      if (!page) return [];
      const updated_blocks = change.blockIds.map((b) => (typeof b === 'string' ? { id: b, type: 'block' } : b));
      return [{ type: 'page.content_updated', entity: { id: page, type: 'page' }, reachId: page, parent: null, data: { updated_blocks } }];
    }
    case 'comment': {
      const { comment } = change;
      const page = await pageAbove(db, comment.parent_id);
      const data = { page_id: page ?? comment.parent_id, parent: { id: comment.parent_id, type: comment.parent_type === 'page_id' ? 'page' : 'block' } };
      return [{ type: `comment.${change.action}`, entity: { id: comment.id, type: 'comment' }, reachId: comment.parent_id, parent: null, data }];
    }
    case 'file_upload':
      return fileUploadEvents(change.action, change.upload);
    case 'view':
      return viewEvents(change.action, change.view, change.before);
    case 'permissions':
      return permissionEvents(db, change.pageId);
  }
}

/** A database's changes, and those of its data sources (a schema changed through the database). */
export function databaseChanges(before: BlockRow, after: BlockRow, sourcesBefore: BlockRow[], sourcesAfter: BlockRow[]): Change[] {
  const sources = sourcesBefore.map((s): Change => ({ kind: 'data_source', before: s, after: sourcesAfter.find((d) => d.id === s.id) ?? s }));
  return [{ kind: 'database', before, after }, ...sources];
}

/**
 * Whether any subscription exists: asked by every write, so compiled once, and on PostgreSQL read
 * with the transaction's BEGIN (store/compiled.ts).
 */
const anySubscription = compiledOnce((db: Db) => webhookDb(db).selectFrom('webhook_subscriptions').select('id').limit(sql.lit(1)), 'read with begin');

/**
 * Put the events of `changes` in the outbox, inside the write's transaction `tx`. The delivery
 * worker fans them out to subscriptions once the write has committed.
 */
export async function recordEvents(tx: Db, ctx: AppContext, by: Actor | EventSource, ...changes: (Change | undefined)[]): Promise<void> {
  if (changes.every((change) => change === undefined)) return;
  // Without a subscription no one would hear of it: the outbox is not written (docs/decisions.md).
  // Asked first, since working out the events can read the store (the page above a block).
  if ((await anySubscription(tx)).length === 0) return;
  const events: RecordedEvent[] = [];
  for (const change of changes) if (change) events.push(...(await eventsOf(tx, change)));
  if (events.length === 0) return;
  const { workspaceId, author } = sourceOf(by);
  const timestamp = ctx.clock.now().toISOString();
  const recorded_ms = Date.now();
  await webhookDb(tx)
    .insertInto('webhook_outbox')
    .values(
      events.map((e) => ({
        workspace_id: workspaceId,
        type: e.type,
        entity_id: e.entity.id,
        entity_type: e.entity.type,
        reach_id: e.reachId,
        parent: e.parent ? JSON.stringify(e.parent) : null,
        data: JSON.stringify(e.data),
        author_id: author.id,
        author_type: author.type,
        timestamp,
        recorded_ms,
      })),
    )
    .execute();
  // The worker sleeps while there is nothing to do: the committed events wake it.
  afterCommit(tx, () => webhookWorker(ctx)?.nudge());
}
