// What the clone read, as the rows of an export file (src/emulator/export-file.ts): the objects
// in the form the store keeps them, ids, timestamps and authors as the source gave them.
// Relations to what was not cloned are dropped and reported, never left dangling.
import { ATTACHED_SCHEME } from '../files/attach.js';
import type { PropertySchema, Schema } from '../properties/schema.js';
import type { BlockRow, CommentRow, TemplateRow, ViewRow } from '../store/schema.js';
import type { Collected } from './read.js';

import type { Json } from './json.js';

/** Positions of siblings, spaced as the store spaces them (src/store/blocks.ts). */
const STEP = 65536;

const plain = (rich: unknown): string => ((rich as Json[] | undefined) ?? []).map((t) => (t.plain_text as string | undefined) ?? '').join('');
const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

export interface RowContext {
  workspaceId: string;
  /** Who made an object when the source does not say (a database container names no one). */
  fallbackUser: string;
  out: Collected;
  /** Ids of every cloned page, database, data source and block. */
  cloned: Set<string>;
}

function timesOf(o: Json, fallbackUser: string) {
  return {
    created_time: o.created_time as string,
    created_by: (o.created_by?.id as string | undefined) ?? fallbackUser,
    last_edited_time: o.last_edited_time as string,
    last_edited_by: (o.last_edited_by?.id as string | undefined) ?? (o.created_by?.id as string | undefined) ?? fallbackUser,
  };
}

/** A parent as the store keeps it; a parent that was not cloned makes the object top-level. */
function parentOf(parent: Json | undefined, rc: RowContext, what: string): Pick<BlockRow, 'parent_type' | 'parent_id'> {
  const type = parent?.type as string | undefined;
  const id = type && type !== 'workspace' ? (parent![type] as string) : null;
  if (!type || type === 'workspace' || !id) return { parent_type: 'workspace', parent_id: null };
  if (!rc.cloned.has(id)) {
    rc.out.notes.push(`${what}: its parent ${id} was not cloned; it is top-level in the clone`);
    return { parent_type: 'workspace', parent_id: null };
  }
  return { parent_type: type as BlockRow['parent_type'], parent_id: id };
}

function blockRow(rc: RowContext, o: Json, fields: Partial<BlockRow> & Pick<BlockRow, 'id' | 'type' | 'parent_type' | 'parent_id' | 'position'>): BlockRow {
  return {
    workspace_id: rc.workspaceId,
    content: '{}',
    properties: null,
    title: null,
    icon: null,
    cover: null,
    in_trash: o.in_trash === true || o.archived === true ? 1 : 0,
    is_locked: o.is_locked === true ? 1 : 0,
    ...timesOf(o, rc.fallbackUser),
    ...fields,
  };
}

/** A schema as stored: the response's properties, ids decoded; relations to data sources not cloned dropped. */
export function schemaRows(rc: RowContext, dataSource: Json): Schema {
  const schema: Schema = [];
  const dropped = new Set<string>();
  for (const p of Object.values((dataSource.properties ?? {}) as Record<string, Json>)) {
    const config = structuredClone((p[p.type] ?? {}) as Record<string, unknown>);
    if (p.type === 'relation' && !rc.cloned.has(config.data_source_id as string)) {
      rc.out.notes.push(`data source ${dataSource.id}: relation "${p.name}" points to data source ${config.data_source_id}, which was not cloned; dropped`);
      dropped.add(decodeURIComponent(p.id as string));
      continue;
    }
    schema.push({
      id: decodeURIComponent(p.id as string),
      name: p.name as string,
      description: (p.description as string | null | undefined) ?? null,
      type: p.type,
      config,
    });
  }
  // A rollup over a dropped relation has nothing to roll up.
  return schema.filter((p) => {
    if (p.type !== 'rollup' || !dropped.has(decodeURIComponent(String(p.config.relation_property_id)))) return true;
    rc.out.notes.push(`data source ${dataSource.id}: rollup "${p.name}" rolls up a dropped relation; dropped`);
    return false;
  });
}

/** A page value as stored (src/properties/write-values.ts); computed values are not stored. */
function storedValue(rc: RowContext, page: Json, property: PropertySchema, value: Json): unknown {
  const v = value[value.type as string] as Json | null | undefined;
  switch (property.type) {
    case 'title':
    case 'rich_text':
    case 'files':
    case 'place':
      return v ?? undefined;
    case 'number':
    case 'url':
    case 'email':
    case 'phone_number':
    case 'checkbox':
      return v ?? undefined;
    case 'date':
      return v ? { start: v.start, end: v.end ?? null, time_zone: v.time_zone ?? null } : undefined;
    case 'select':
    case 'status':
      return v?.id ?? undefined;
    case 'multi_select':
      return (v as Json[] | undefined)?.map((o) => o.id as string);
    case 'people':
      return (v as Json[] | undefined)?.map((u) => u.id as string);
    case 'relation': {
      const ids = ((v as Json[] | undefined) ?? []).map((r) => r.id as string);
      const kept = ids.filter((id) => rc.cloned.has(id));
      if (kept.length < ids.length)
        rc.out.notes.push(`page ${page.id}: ${ids.length - kept.length} of its "${property.name}" relations point to pages not cloned; dropped`);
      return kept;
    }
    case 'unique_id':
      return v?.number ?? undefined;
    case 'verification':
      return v ? { ...v, verified_by: (v.verified_by?.id as string | undefined) ?? null } : undefined;
    default:
      return undefined;
  }
}

export function pageRow(rc: RowContext, page: Json, position: number, schemas: Map<string, Schema>): BlockRow {
  const parent = parentOf(page.parent, rc, `page ${page.id}`);
  const fields = { id: page.id as string, type: 'child_page', ...parent, position: position * STEP, icon: json(page.icon), cover: json(page.cover) };
  const schema = parent.parent_type === 'data_source_id' ? schemas.get(parent.parent_id!) : undefined;
  if (!schema) {
    const title = (Object.values((page.properties ?? {}) as Record<string, Json>).find((v) => v.type === 'title')?.title as Json[] | undefined) ?? [];
    return blockRow(rc, page, { ...fields, properties: JSON.stringify({ title }), title: plain(title) });
  }
  const values: Record<string, unknown> = {};
  let title = '';
  for (const value of Object.values((page.properties ?? {}) as Record<string, Json>)) {
    const property = schema.find((p) => p.id === decodeURIComponent(value.id as string));
    if (!property) continue;
    const stored = storedValue(rc, page, property, value);
    if (stored !== undefined && stored !== null) values[property.id] = stored;
    if (property.type === 'title') title = plain(stored);
  }
  return blockRow(rc, page, { ...fields, properties: JSON.stringify(values), title });
}

export function contentBlockRow(rc: RowContext, block: Json, position: number): BlockRow {
  const parent = parentOf(block.parent, rc, `block ${block.id}`);
  const content = structuredClone((block[block.type as string] ?? {}) as Json);
  delete content.children;
  return blockRow(rc, block, { id: block.id as string, type: block.type as string, ...parent, position: position * STEP, content: JSON.stringify(content) });
}

export function databaseRows(rc: RowContext, database: Json, position: number, schemas: Map<string, Schema>): BlockRow[] {
  const parent = parentOf(database.parent, rc, `database ${database.id}`);
  const sources = ((database.data_sources ?? []) as Json[]).map((d) => rc.out.dataSources.get(d.id as string)).filter((d): d is Json => d !== undefined);
  // The database container names no creator from 2025-09-03 on; its first data source does.
  const author = sources[0] ?? database;
  const rows: BlockRow[] = [
    blockRow(
      rc,
      { ...database, created_by: author.created_by, last_edited_by: author.last_edited_by },
      {
        id: database.id as string,
        type: 'child_database',
        ...parent,
        position: position * STEP,
        content: JSON.stringify({ title: database.title ?? [], description: database.description ?? [], is_inline: database.is_inline === true }),
        title: plain(database.title),
        icon: json(database.icon),
        cover: json(database.cover),
      },
    ),
  ];
  sources.forEach((ds, i) => {
    rows.push(
      blockRow(rc, ds, {
        id: ds.id as string,
        type: 'data_source',
        parent_type: 'database_id',
        parent_id: database.id as string,
        position: (i + 1) * STEP,
        content: JSON.stringify({ title: ds.title ?? [], description: ds.description ?? [] }),
        properties: JSON.stringify(schemas.get(ds.id as string) ?? []),
        title: plain(ds.title),
        icon: json(ds.icon),
      }),
    );
  });
  return rows;
}

export function commentRow(rc: RowContext, c: Json): CommentRow | undefined {
  const type = c.parent?.type as 'page_id' | 'block_id';
  const parentId = c.parent?.[type] as string | undefined;
  if (!parentId || !rc.cloned.has(parentId)) return undefined;
  const attachments = ((c.attachments ?? []) as Json[]).map((a) => ({ category: a.category, external: { url: a.file?.url ?? a.external?.url } }));
  return {
    id: c.id as string,
    workspace_id: rc.workspaceId,
    parent_type: type,
    parent_id: parentId,
    discussion_id: c.discussion_id as string,
    rich_text: JSON.stringify(c.rich_text ?? []),
    display_name: JSON.stringify(c.display_name ?? { type: 'user', resolved_name: null }),
    attachments: attachments.length > 0 && attachments.every((a) => String(a.external.url).startsWith(ATTACHED_SCHEME)) ? JSON.stringify(attachments) : null,
    created_by: (c.created_by?.id as string | undefined) ?? rc.fallbackUser,
    created_time: c.created_time as string,
    last_edited_time: c.last_edited_time as string,
  };
}

/** Property ids in a view's configuration, decoded as the schema stores them. */
function decodeIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeIds);
  if (typeof value !== 'object' || value === null) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'property_id' && typeof v === 'string' ? decodeURIComponent(v) : decodeIds(v);
  return out;
}

export function viewRow(rc: RowContext, view: Json, position: number): ViewRow | undefined {
  const databaseId = view.parent?.database_id as string | undefined;
  if (!databaseId || !rc.cloned.has(databaseId)) return undefined;
  return {
    id: view.id as string,
    workspace_id: rc.workspaceId,
    database_id: databaseId,
    data_source_id: (view.data_source_id as string | null | undefined) ?? null,
    dashboard_view_id: (view.dashboard_view_id as string | undefined) ?? null,
    name: view.name as string,
    type: view.type as string,
    position,
    filter: json(decodeIds(view.filter)),
    sorts: json(decodeIds(view.sorts)),
    quick_filters: json(decodeIds(view.quick_filters)),
    configuration: json(decodeIds(view.configuration)),
    ...timesOf(view, rc.fallbackUser),
  };
}

export const templateRow = (t: { page_id: string; data_source_id: string; is_default: boolean }): TemplateRow => ({
  page_id: t.page_id,
  data_source_id: t.data_source_id,
  is_default: t.is_default ? 1 : 0,
});
