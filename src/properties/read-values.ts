// Reading the property values of pages in data sources (https://developers.notion.com/reference/page-property-values): stored values rendered against
// the schema, generated values (created/edited by and time, unique_id) filled in, rollups computed.
import { blocksByIds } from '../store/blocks.js';
import type { BlockRow, UserRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { usersByIds } from '../store/users.js';
import type { Actor } from '../actor.js';
import type { RollupFunction } from '../schemas/properties.js';
import { PAGE_PROPERTY_ITEM_LIMIT } from './limits.js';
import { findProperty, type PropertySchema, type Schema } from './schema.js';
import { schemaOf, storedValuesOf } from './row-properties.js';
import type { RichTextItem } from '../rich-text.js';
import { valueRecord, type PropertyRecord, type RollupResult } from './property-value.js';
import { PageGraph } from './page-graph.js';
import { reachOver, type Reach } from './reach.js';
import { setOwn } from '../validation/own-property.js';

/** What rendering a page of a data source needs besides its row. */
export interface DataSourcePage {
  row: BlockRow;
  dataSourceId: string;
  databaseId: string;
  schema: Schema;
}

export interface RenderedPage {
  databaseId: string;
  dataSourceId: string;
  /** Values by property name. */
  properties: Record<string, PropertyRecord>;
  /** The people the values name, for showing them in full. */
  users: Map<string, UserRow>;
}

/**
 * The data source context of pages whose parent is a data source, looked up in one go. `known`
 * holds rows the caller has just read in the same request (a page's ancestry): those data
 * sources are not read again.
 */
export async function dataSourceContexts(db: Db, rows: BlockRow[], known: readonly BlockRow[] = []): Promise<Map<string, DataSourcePage>> {
  const inSources = rows.filter((r) => r.parent_type === 'data_source_id');
  const ids = new Set(inSources.map((r) => r.parent_id!));
  const given = known.filter((k) => ids.has(k.id) && k.type === 'data_source');
  for (const k of given) ids.delete(k.id);
  const read = ids.size > 0 ? await blocksByIds(db, [...ids]) : [];
  // Each schema is parsed once, however many of its pages are rendered.
  const sources = new Map([...given, ...read].map((s) => [s.id, { source: s, schema: schemaOf(s) }]));
  const out = new Map<string, DataSourcePage>();
  for (const row of inSources) {
    const found = sources.get(row.parent_id!);
    if (!found) continue;
    out.set(row.id, { row, dataSourceId: found.source.id, databaseId: found.source.parent_id!, schema: found.schema });
  }
  return out;
}

type UserMention = RichTextItem & { mention: { type: 'user'; user: { id: string } } };
const isUserMention = (item: RichTextItem): item is UserMention =>
  item.type === 'mention' && (item as { mention?: { type?: string } }).mention?.type === 'user';

/** Ids of the users mentioned in a stored rich text value. */
function mentionedUsers(value: unknown): string[] {
  return ((value as RichTextItem[] | undefined) ?? []).filter(isUserMention).map((item) => item.mention.user.id);
}

/** What a caller of renderPages has already: the reach of the pages' data sources, rows just read. */
export interface RenderInputs {
  reach?: Reach;
  /** Rows read in this request that may be the pages' data sources (dataSourceContexts). */
  sources?: readonly BlockRow[];
}

/**
 * Rendered properties (by name) of each page of a data source among `rows`, as the integration
 * sees them (properties/reach.ts); formulas and rollups are computed at `now`.
 */
export async function renderPages(db: Db, actor: Actor, rows: BlockRow[], now: Date, inputs: RenderInputs = {}): Promise<Map<string, RenderedPage>> {
  const { reach } = inputs;
  const all = await dataSourceContexts(db, rows, inputs.sources);
  const roots = new Map([...all.values()].map((c) => [c.dataSourceId, c.schema]));
  const seen = reach ?? (await reachOver(db, actor, roots));
  const schemas = new Map([...seen.visibleSchemas()].filter(([id]) => !roots.has(id)));
  for (const id of roots.keys()) schemas.set(id, seen.visibleSchema(id, roots.get(id)!));
  const contexts = [...all.values()].map((c) => ({ ...c, schema: schemas.get(c.dataSourceId)! }));
  // Each page's stored values, parsed once for both passes below.
  const storedOf = new Map(contexts.map((c) => [c.row.id, storedValuesOf(c.row)]));
  const userIds = new Set<string>();
  for (const page of contexts) {
    const values = storedOf.get(page.row.id)!;
    for (const p of page.schema) {
      if (p.type === 'people') for (const id of (values[p.id] as string[] | undefined) ?? []) userIds.add(id);
      if (p.type === 'title' || p.type === 'rich_text') for (const id of mentionedUsers(values[p.id])) userIds.add(id);
      if (p.type === 'created_by') userIds.add(page.row.created_by);
      if (p.type === 'last_edited_by') userIds.add(page.row.last_edited_by);
    }
  }
  const users = new Map((await usersByIds(db, [...userIds])).map((u) => [u.id, u]));
  const computed = contexts.some((page) => page.schema.some((p) => p.type === 'rollup' || p.type === 'formula'));
  const values = computed
    ? await PageGraph.build(
        db,
        actor,
        contexts.map((c) => c.row),
        { now },
        schemas,
        users,
      )
    : undefined;
  const out = new Map<string, RenderedPage>();
  for (const page of contexts) {
    const stored = storedOf.get(page.row.id)!;
    values?.prime(page.row, stored);
    const properties: Record<string, PropertyRecord> = {};
    for (const p of page.schema) {
      const computed = values && (p.type === 'rollup' || p.type === 'formula') ? values.render(p, page.row) : undefined;
      setOwn(properties, p.name, computed ?? valueRecord(p, page.row, stored[p.id]));
    }
    out.set(page.row.id, { databaseId: page.databaseId, dataSourceId: page.dataSourceId, properties, users });
  }
  return out;
}

export interface RollupSource {
  relation: PropertySchema;
  target: PropertySchema | undefined;
  fn: RollupFunction;
}

/** The relation and target property a rollup reads. */
export function rollupSource(schema: Schema, rollup: PropertySchema, targetSchema: Schema): RollupSource | undefined {
  const config = rollup.config as { function: RollupFunction; relation_property_id: string; rollup_property_id: string };
  const relation = findProperty(schema, decodeURIComponent(config.relation_property_id));
  if (!relation || relation.type !== 'relation') return undefined;
  return { relation, target: findProperty(targetSchema, decodeURIComponent(config.rollup_property_id)), fn: config.function };
}

/**
 * Rollup values of `pages` at `now`, by page id then property id. `limit` caps the related pages
 * read per relation and the items of each array value read (25 in page objects; none for
 * property items). Rolled-up formulas and rollups are computed too (properties/page-graph.ts).
 */
export async function computeRollups(
  db: Db,
  actor: Actor,
  pages: DataSourcePage[],
  now: Date,
  limit: number = PAGE_PROPERTY_ITEM_LIMIT,
): Promise<Map<string, Map<string, RollupResult>>> {
  const out = new Map<string, Map<string, RollupResult>>();
  const withRollups = pages.filter((p) => p.schema.some((s) => s.type === 'rollup'));
  if (withRollups.length === 0) return out;
  const graph = await PageGraph.build(
    db,
    actor,
    withRollups.map((p) => p.row),
    { now, limit },
  );
  for (const page of withRollups) {
    const perPage = new Map<string, RollupResult>();
    for (const rollup of page.schema.filter((p) => p.type === 'rollup')) perPage.set(rollup.id, graph.rollup(page.row, rollup));
    out.set(page.row.id, perPage);
  }
  return out;
}
