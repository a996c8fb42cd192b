// The property item endpoint (https://developers.notion.com/reference/retrieve-a-page-property, https://developers.notion.com/reference/property-item-object): one property of one page. Single-value types come
// back whole as one `property_item`; title, rich_text, people, relation and rollup come back as a
// paged list with one rich text item, user or page reference per result. Unlike page objects,
// which stop at 25 references (https://developers.notion.com/reference/retrieve-a-page), these lists hold every item.
import type { AppContext } from '../context.js';
import { NotionError } from '../errors.js';
import type { RollupFunction } from '../schemas/properties.js';
import { blocksByIds } from '../store/blocks.js';
import type { BlockRow, UserRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { usersByIds } from '../store/users.js';
import { requireCapability, findPage, type Actor } from './access.js';
import { decodeOffsetCursor, encodeOffsetCursor } from '../properties/offset-cursor.js';
import { computeRollups, dataSourceContexts, rollupSource, type DataSourcePage } from '../properties/read-values.js';
import { pagePropertiesOf, schemaOf, storedValuesOf } from '../properties/row-properties.js';
import { valueRecord, type PropertyRecord, type RollupResult } from '../properties/property-value.js';
import { findProperty, type PropertySchema, type Schema } from '../properties/schema.js';
import { reachOver } from '../properties/reach.js';
import { PageGraph } from '../properties/page-graph.js';
import type { RichTextItem } from '../rich-text.js';

/**
 * One `property_item`: a rich text item, a user or a page reference of a listed value (under the
 * property's URL-encoded id), or the whole value of a property on a page.
 */
export type PropertyItem =
  | { kind: 'text'; propertyId: string; type: 'title' | 'rich_text'; text: RichTextItem }
  | { kind: 'person'; propertyId: string; userId: string }
  | { kind: 'page'; propertyId: string; pageId: string }
  | { kind: 'value'; record: PropertyRecord };

export type ListedType = 'title' | 'rich_text' | 'people' | 'relation' | 'rollup';

/** What `property_item.<type>` of a list carries: nothing, a rollup's result, or that it is not known yet. */
export type ListValue = { kind: 'none' } | { kind: 'rollup'; result: RollupResult } | { kind: 'incomplete'; function: RollupFunction };

export interface PropertyItemList {
  kind: 'list';
  /** The page's id, for `next_url`. */
  pageId: string;
  /** The property's id as responses carry it (URL-encoded). */
  propertyId: string;
  type: ListedType;
  results: PropertyItem[];
  nextCursor: string | null;
  value: ListValue;
  /** The people the results name, for showing them in full. */
  users: Map<string, UserRow>;
}

export type PropertyItemResult = { kind: 'item'; item: PropertyItem; users: Map<string, UserRow> } | PropertyItemList;

// Rollup functions whose value the endpoint does not compute: it lists the rolled-up values
// instead and reports the value as unsupported (https://developers.notion.com/reference/property-item-object).
const LISTED_UNSUPPORTED: ReadonlySet<RollupFunction> = new Set(['show_unique', 'unique', 'median', 'count_per_group', 'percent_per_group']);

const ALL = Number.POSITIVE_INFINITY;

const NONE: ListValue = { kind: 'none' };

/** The property a path names: its id, as stored or URL-encoded as responses carry it. */
function propertyById(schema: Schema, key: string): PropertySchema | undefined {
  return schema.find((p) => p.id === key) ?? schema.find((p) => encodeURIComponent(p.id) === key);
}

const propertyNotFound = (key: string): NotionError => new NotionError('object_not_found', `Could not find property with ID: ${key}.`);

async function usersById(db: Db, ids: Iterable<string>): Promise<Map<string, UserRow>> {
  return new Map((await usersByIds(db, [...new Set(ids)])).map((u) => [u.id, u]));
}

/** The people a value of `property` on `row` names, for rendering it. */
function peopleIn(property: PropertySchema, row: BlockRow): string[] {
  const stored = storedValuesOf(row)[property.id];
  switch (property.type) {
    case 'people':
      return (stored as string[] | undefined) ?? [];
    case 'created_by':
      return [row.created_by];
    case 'last_edited_by':
      return [row.last_edited_by];
    case 'verification': {
      const by = (stored as { verified_by?: string | null } | undefined)?.verified_by;
      return by ? [by] : [];
    }
    default:
      return [];
  }
}

/**
 * The items of `property` on `row`, as this endpoint returns them: one per rich text item, user or
 * page reference for listed types, otherwise the one item of the whole value. `computed` is the
 * result of a formula or rollup property.
 */
function itemsOf(property: PropertySchema, row: BlockRow, computed?: PropertyRecord['computed']): PropertyItem[] {
  const propertyId = encodeURIComponent(property.id);
  const stored = storedValuesOf(row)[property.id];
  switch (property.type) {
    case 'title':
    case 'rich_text':
      return ((stored as RichTextItem[] | undefined) ?? []).map((text) => ({ kind: 'text', propertyId, type: property.type as 'title' | 'rich_text', text }));
    case 'people':
      return ((stored as string[] | undefined) ?? []).map((userId) => ({ kind: 'person', propertyId, userId }));
    case 'relation':
      return ((stored as string[] | undefined) ?? []).map((pageId) => ({ kind: 'page', propertyId, pageId }));
    default:
      return [{ kind: 'value', record: valueRecord(property, row, stored, computed, ALL) }];
  }
}

interface Paged {
  results: PropertyItem[];
  nextCursor: string | null;
  last: boolean;
}

/** One page of `items` from the cursor on. A cursor past the end (the list shrank) gives none. */
function paginate(items: PropertyItem[], scope: string, cursor: string | undefined, pageSize: number): Paged {
  const start = cursor === undefined ? 0 : decodeOffsetCursor(cursor, scope);
  const end = start + pageSize;
  const last = end >= items.length;
  return { results: items.slice(start, end), nextCursor: last ? null : encodeOffsetCursor(scope, end), last };
}

interface RollupItems {
  items: PropertyItem[];
  /** The result `property_item.rollup` carries on the last page. */
  final: RollupResult;
  /** Whether pages before the last carry `incomplete` instead (aggregating functions). */
  aggregates: boolean;
  /** The people the items name. */
  users: Map<string, UserRow>;
}

/**
 * A rollup as the endpoint lists it (https://developers.notion.com/reference/property-item-object). Aggregating functions list the related pages (as
 * items of the relation) and compute the value over all of them; `show_original` and the
 * functions the endpoint does not compute list the rolled-up values of every related page.
 */
async function rollupItems(db: Db, actor: Actor, page: DataSourcePage, rollup: PropertySchema, now: Date): Promise<RollupItems> {
  const config = rollup.config as { function: RollupFunction; relation_property_id: string };
  const fn = config.function;
  const unsupported: RollupItems = { items: [], final: { type: 'unsupported', function: fn }, aggregates: false, users: new Map() };
  const relation = findProperty(page.schema, decodeURIComponent(config.relation_property_id));
  if (!relation || relation.type !== 'relation') return unsupported;
  const [targetSource] = await blocksByIds(db, [relation.config.data_source_id as string]);
  const targetSchema = schemaOf(targetSource);
  const source = rollupSource(page.schema, rollup, targetSchema);
  if (!source?.target) return unsupported;
  const target = source.target;

  // The related pages a rollup reads: those that exist and are not in the trash, in relation order.
  const ids = (storedValuesOf(page.row)[relation.id] as string[] | undefined) ?? [];
  const rows = new Map((await blocksByIds(db, ids)).map((r) => [r.id, r]));
  const related = ids.map((id) => rows.get(id)).filter((r): r is BlockRow => r !== undefined && !r.in_trash);

  if (fn !== 'show_original' && !LISTED_UNSUPPORTED.has(fn)) {
    // Computed as page objects compute it, for this rollup alone and over every related page.
    const alone = { ...page, schema: page.schema.filter((p) => p.type !== 'rollup' || p.id === rollup.id) };
    const value = (await computeRollups(db, actor, [alone], now, ALL)).get(page.row.id)?.get(rollup.id);
    const propertyId = encodeURIComponent(relation.id);
    const items = related.map((r): PropertyItem => ({ kind: 'page', propertyId, pageId: r.id }));
    return { items, final: value ?? unsupported.final, aggregates: true, users: new Map() };
  }

  // Rolled-up values, flattened: each related page's items of the target property.
  const users = await usersById(
    db,
    related.flatMap((r) => peopleIn(target, r)),
  );
  const nested = target.type === 'rollup' || target.type === 'formula' ? await PageGraph.build(db, actor, related, { now, limit: ALL }) : undefined;
  const computed = (r: BlockRow) => (nested ? (target.type === 'rollup' ? nested.rollup(r, target) : nested.formula(r, target)) : undefined);
  const items = related.flatMap((r) => itemsOf(target, r, computed(r)));
  const final: RollupResult = fn === 'show_original' ? { type: 'array', function: fn, items: [] } : unsupported.final;
  return { items, final, aggregates: false, users };
}

/**
 * The page's data source context and the property a path names, as the integration sees them;
 * `chain` is the page's ancestry, just read, which holds its data source.
 */
async function visibleProperty(
  db: Db,
  actor: Actor,
  row: BlockRow,
  chain: readonly BlockRow[],
  propertyKey: string,
): Promise<{ page: DataSourcePage; property: PropertySchema }> {
  const found = (await dataSourceContexts(db, [row], chain)).get(row.id);
  // A property the integration does not see is one that does not exist (properties/reach.ts).
  const reach = found && (await reachOver(db, actor, new Map([[found.dataSourceId, found.schema]])));
  const page = found && reach && { ...found, schema: reach.visibleSchema(found.dataSourceId, found.schema) };
  const property = page && propertyById(page.schema, propertyKey);
  if (!page || !property) throw propertyNotFound(propertyKey);
  return { page, property };
}

/** `GET /v1/pages/{page_id}/properties/{property_id}` (https://developers.notion.com/reference/retrieve-a-page-property). */
export async function retrievePropertyItem(
  ctx: AppContext,
  actor: Actor,
  pageId: string,
  propertyKey: string,
  cursor: string | undefined,
  pageSize: number,
): Promise<PropertyItemResult> {
  requireCapability(actor, 'read_content');
  const db = ctx.store.db;
  const { row, chain } = await findPage(db, actor, pageId);
  const scope = (property: string) => `${row.id}/${property}`;

  if (row.parent_type !== 'data_source_id') {
    // A page outside a data source has its title and nothing else.
    if (propertyKey !== 'title') throw propertyNotFound(propertyKey);
    const title = pagePropertiesOf(row).title.map((text): PropertyItem => ({ kind: 'text', propertyId: 'title', type: 'title', text }));
    const paged = paginate(title, scope('title'), cursor, pageSize);
    return {
      kind: 'list',
      pageId: row.id,
      propertyId: 'title',
      type: 'title',
      results: paged.results,
      nextCursor: paged.nextCursor,
      value: NONE,
      users: new Map(),
    };
  }

  const { page, property } = await visibleProperty(db, actor, row, chain, propertyKey);
  const id = encodeURIComponent(property.id);
  const list = (type: ListedType, items: PropertyItem[], value: (last: boolean) => ListValue, users = new Map<string, UserRow>()): PropertyItemList => {
    const paged = paginate(items, scope(property.id), cursor, pageSize);
    return { kind: 'list', pageId: row.id, propertyId: id, type, results: paged.results, nextCursor: paged.nextCursor, value: value(paged.last), users };
  };

  switch (property.type) {
    case 'title':
    case 'rich_text':
    case 'relation':
      return list(property.type, itemsOf(property, row), () => NONE);
    case 'people': {
      const listed = list('people', itemsOf(property, row), () => NONE);
      // Only the users of the page asked for are looked up.
      listed.users = await usersById(
        db,
        listed.results.flatMap((item) => (item.kind === 'person' ? [item.userId] : [])),
      );
      return listed;
    }
    case 'rollup': {
      const rolled = await rollupItems(db, actor, page, property, ctx.clock.now());
      // An aggregate is known once the last page has been read; the pages before say so (https://developers.notion.com/reference/property-item-object).
      const incomplete: ListValue = { kind: 'incomplete', function: rolled.final.function };
      return list('rollup', rolled.items, (last) => (rolled.aggregates && !last ? incomplete : { kind: 'rollup', result: rolled.final }), rolled.users);
    }
    case 'formula': {
      // The whole value, over every related page the formula reads.
      const graph = await PageGraph.build(db, actor, [row], { now: ctx.clock.now(), limit: ALL });
      return { kind: 'item', item: itemsOf(property, row, graph.formula(row, property))[0]!, users: new Map() };
    }
    default: {
      const users = await usersById(db, peopleIn(property, row));
      return { kind: 'item', item: itemsOf(property, row)[0]!, users };
    }
  }
}
