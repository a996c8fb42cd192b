// Reading the property values of pages in data sources (spec 5.2): stored values rendered against
// the schema, generated values (created/edited by and time, unique_id) filled in, rollups computed.
import { minuteTime, partialUser } from '../present/common.js';
import { presentUser } from '../present/user.js';
import { blocksByIds } from '../store/blocks.js';
import type { BlockRow, UserRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { usersByIds } from '../store/users.js';
import type { Actor } from '../services/access.js';
import { optionsOf, type PropertySchema, type Schema } from './schema.js';
import type { StoredValues } from './write-values.js';
import type { RichTextItem } from '../services/rich-text.js';
import { PAGE_PROPERTY_ITEM_LIMIT } from '../present/page.js';
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
  properties: Record<string, unknown>;
}

export const storedValuesOf = (row: Pick<BlockRow, 'properties'>): StoredValues => (row.properties ? (JSON.parse(row.properties) as StoredValues) : {});

/** The data source context of pages whose parent is a data source, looked up in one go. */
export async function dataSourceContexts(db: Db, rows: BlockRow[]): Promise<Map<string, DataSourcePage>> {
  const inSources = rows.filter((r) => r.parent_type === 'data_source_id');
  // Each schema is parsed once, however many of its pages are rendered.
  const sources = new Map(
    (await blocksByIds(db, [...new Set(inSources.map((r) => r.parent_id!))])).map((s) => [s.id, { source: s, schema: JSON.parse(s.properties ?? '[]') as Schema }]),
  );
  const out = new Map<string, DataSourcePage>();
  for (const row of inSources) {
    const found = sources.get(row.parent_id!);
    if (!found) continue;
    out.set(row.id, { row, dataSourceId: found.source.id, databaseId: found.source.parent_id!, schema: found.schema });
  }
  return out;
}

function option(property: PropertySchema, id: unknown) {
  const found = optionsOf(property).find((o) => o.id === id);
  return found ? { id: found.id, name: found.name, color: found.color } : null;
}

/**
 * A stored value in response form; `users` holds the people the page names. Array values keep at
 * most `limit` items: 25 in page objects (spec P2), all of them for the property item endpoint.
 * `computed` is the value of a rollup or formula (properties/page-graph.ts computes them).
 */
export function renderValue(
  property: PropertySchema,
  stored: unknown,
  page: BlockRow,
  users: Map<string, UserRow>,
  actor: Actor,
  computed: unknown,
  limit: number = PAGE_PROPERTY_ITEM_LIMIT,
): Record<string, unknown> {
  const out: Record<string, unknown> = { id: encodeURIComponent(property.id), type: property.type };
  const person = (id: string) => {
    const user = users.get(id);
    return user ? presentUser(user, actor) : partialUser(id);
  };
  switch (property.type) {
    case 'title':
    case 'rich_text':
      out[property.type] = ((stored as RichTextItem[] | undefined) ?? []).slice(0, limit).map((item) => withFullUser(item, users, actor));
      break;
    case 'number':
    case 'url':
    case 'email':
    case 'phone_number':
    case 'date':
      out[property.type] = stored ?? null;
      break;
    case 'place': {
      // A place answers `name: null` when it has none (docs/decisions.md).
      const place = stored as ({ lat: number; lon: number; name?: string | null } & Record<string, unknown>) | null | undefined;
      if (!place) out.place = null;
      else {
        const { lat, lon, name, ...rest } = place;
        out.place = { lat, lon, name: name ?? null, ...rest };
      }
      break;
    }
    case 'checkbox':
      out.checkbox = stored === true;
      break;
    case 'select':
    case 'status':
      out[property.type] = stored ? option(property, stored) : null;
      break;
    case 'multi_select':
      out.multi_select = ((stored as string[] | undefined) ?? []).map((id) => option(property, id)).filter((o) => o !== null);
      break;
    case 'people':
      out.people = ((stored as string[] | undefined) ?? []).slice(0, limit).map(person);
      break;
    case 'files':
      out.files = stored ?? [];
      break;
    case 'relation': {
      const ids = (stored as string[] | undefined) ?? [];
      out.relation = ids.slice(0, limit).map((id) => ({ id }));
      out.has_more = ids.length > limit;
      break;
    }
    case 'rollup':
      out.rollup = computed;
      break;
    case 'formula':
      out.formula = computed ?? { type: 'string', string: null };
      break;
    case 'created_time':
      out.created_time = minuteTime(page.created_time);
      break;
    case 'last_edited_time':
      out.last_edited_time = minuteTime(page.last_edited_time);
      break;
    case 'created_by':
      out.created_by = person(page.created_by);
      break;
    case 'last_edited_by':
      out.last_edited_by = person(page.last_edited_by);
      break;
    case 'unique_id':
      out.unique_id = { prefix: (property.config.prefix as string | null | undefined) ?? null, number: (stored as number | undefined) ?? null };
      break;
    case 'button':
      out.button = {};
      break;
    case 'verification':
      out.verification = stored ?? { state: 'unverified', verified_by: null, date: null };
      if (out.verification && (out.verification as { verified_by: string | null }).verified_by) {
        const v = out.verification as { verified_by: string };
        out.verification = { ...(out.verification as object), verified_by: person(v.verified_by) };
      }
      break;
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

// A user mention in a page's property value names the whole user, as api.notion.com answers it;
// stored, it keeps only the id, so the current name and avatar are shown.
function withFullUser(item: RichTextItem, users: Map<string, UserRow>, actor: Actor): RichTextItem {
  if (!isUserMention(item)) return item;
  const user = users.get(item.mention.user.id);
  return user ? { ...item, mention: { type: 'user', user: presentUser(user, actor) } } : item;
}

/**
 * Rendered properties (by name) of each page of a data source among `rows`, as the integration
 * sees them (properties/reach.ts); formulas and rollups are computed at `now`. `graph` is one
 * already built for these rows; `reach` one the caller computed for their data sources.
 */
export async function renderPages(db: Db, actor: Actor, rows: BlockRow[], now: Date, graph?: PageGraph, reach?: Reach): Promise<Map<string, RenderedPage>> {
  const all = await dataSourceContexts(db, rows);
  const roots = new Map([...all.values()].map((c) => [c.dataSourceId, c.schema]));
  const seen = reach ?? (await reachOver(db, actor, roots));
  const schemas = new Map([...seen.visibleSchemas()].filter(([id]) => !roots.has(id)));
  for (const id of roots.keys()) schemas.set(id, seen.visibleSchema(id, roots.get(id)!));
  const contexts = [...all.values()].map((c) => ({ ...c, schema: schemas.get(c.dataSourceId)! }));
  const userIds = new Set<string>();
  for (const page of contexts) {
    const values = storedValuesOf(page.row);
    for (const p of page.schema) {
      if (p.type === 'people') for (const id of (values[p.id] as string[] | undefined) ?? []) userIds.add(id);
      if (p.type === 'title' || p.type === 'rich_text') for (const id of mentionedUsers(values[p.id])) userIds.add(id);
      if (p.type === 'created_by') userIds.add(page.row.created_by);
      if (p.type === 'last_edited_by') userIds.add(page.row.last_edited_by);
    }
  }
  const users = new Map((await usersByIds(db, [...userIds])).map((u) => [u.id, u]));
  const computed = contexts.some((page) => page.schema.some((p) => p.type === 'rollup' || p.type === 'formula'));
  const values = computed ? (graph ?? (await PageGraph.build(db, actor, contexts.map((c) => c.row), { now }, schemas, users))) : undefined;
  const out = new Map<string, RenderedPage>();
  for (const page of contexts) {
    const stored = storedValuesOf(page.row);
    values?.prime(page.row, stored);
    const properties: Record<string, unknown> = {};
    for (const p of page.schema) {
      const value = values && (p.type === 'rollup' || p.type === 'formula') ? values.render(p, page.row) : undefined;
      setOwn(properties, p.name, value ? { ...value, id: encodeURIComponent(p.id) } : renderValue(p, stored[p.id], page.row, users, actor, undefined));
    }
    out.set(page.row.id, { databaseId: page.databaseId, dataSourceId: page.dataSourceId, properties });
  }
  return out;
}
