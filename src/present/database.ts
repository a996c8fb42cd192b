// Database and data source objects (https://developers.notion.com/reference/data-source), per version. From 2025-09-03 a database is a
// container listing its data sources; under 2022-06-28 it is shown as its one data source's table.
import type { DatabaseContent, DataSourceContent } from '../services/databases.js';
import type { PropertySchema, Schema } from '../properties/schema.js';
import { setOwn } from '../validation/own-property.js';
import type { BlockRow } from '../store/schema.js';
import { parentOf, parseJson, partialUser } from './common.js';
import { dashless } from '../urls.js';
import { hasArchived } from '../api-version.js';
import type { View } from './view.js';

const schemaOf = (row: BlockRow): Schema => parseJson<Schema>(row.properties) ?? [];

/** Which properties an integration sees: relations to data sources it cannot reach are left out. */
export type PropertyVisibility = (p: PropertySchema) => boolean;
const everything: PropertyVisibility = () => true;

/** A schema in response form: properties keyed by name, ids URL-encoded (https://developers.notion.com/reference/property-object). */
export function presentSchema(schema: Schema, visible: PropertyVisibility = everything): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of schema) {
    if (!visible(p)) continue;
    setOwn(out, p.name, { id: encodeURIComponent(p.id), name: p.name, description: p.description, type: p.type, [p.type]: p.config });
  }
  return out;
}

function trash(out: Record<string, unknown>, row: BlockRow, view: View): void {
  out.in_trash = row.in_trash === 1;
  if (hasArchived(view.version)) out.archived = row.in_trash === 1;
}

/** The database object of 2025-09-03 on. */
export function presentDatabase(database: BlockRow, dataSources: BlockRow[], view: View): Record<string, unknown> {
  if (!view.actor.capabilities.read_content) return { object: 'database', id: database.id };
  const content = JSON.parse(database.content) as DatabaseContent;
  const out: Record<string, unknown> = {
    object: 'database',
    id: database.id,
    title: content.title,
    description: content.description,
    parent: parentOf(database),
    is_inline: content.is_inline,
  };
  out.in_trash = database.in_trash === 1;
  out.is_locked = database.is_locked === 1;
  // The database container names no creator or editor from 2025-09-03 on (recorded); its data
  // sources do.
  out.created_time = database.created_time;
  out.last_edited_time = database.last_edited_time;
  out.data_sources = dataSources.map((d) => ({ id: d.id, name: d.title ?? '' }));
  out.icon = parseJson(database.icon);
  out.cover = parseJson(database.cover);
  out.url = `${view.urlBase}${dashless(database.id)}`;
  out.public_url = null;
  // The deprecated `archived` alias comes last (recorded key order); 2026-03-11 drops it.
  if (hasArchived(view.version)) out.archived = database.in_trash === 1;
  return out;
}

/** The database object of 2022-06-28: the container with its one data source's schema. */
export function presentLegacyDatabase(database: BlockRow, dataSource: BlockRow, view: View, visible: PropertyVisibility = everything): Record<string, unknown> {
  if (!view.actor.capabilities.read_content) return { object: 'database', id: database.id };
  const content = JSON.parse(database.content) as DatabaseContent;
  const out: Record<string, unknown> = {
    object: 'database',
    id: database.id,
    created_time: database.created_time,
    last_edited_time: database.last_edited_time,
    created_by: partialUser(database.created_by),
    last_edited_by: partialUser(database.last_edited_by),
    title: content.title,
    description: content.description,
    icon: parseJson(database.icon),
    cover: parseJson(database.cover),
    properties: presentSchema(schemaOf(dataSource), visible),
    parent: parentOf(database),
    url: `${view.urlBase}${dashless(database.id)}`,
    public_url: null,
  };
  trash(out, database, view);
  out.is_inline = content.is_inline;
  out.is_locked = database.is_locked === 1;
  return out;
}

/** The data source object (2025-09-03 on). */
export function presentDataSource(dataSource: BlockRow, database: BlockRow, view: View, visible: PropertyVisibility = everything): Record<string, unknown> {
  const properties = presentSchema(schemaOf(dataSource), visible);
  if (!view.actor.capabilities.read_content) return { object: 'data_source', id: dataSource.id, properties };
  const content = JSON.parse(dataSource.content) as DataSourceContent;
  const dbContent = JSON.parse(database.content) as DatabaseContent;
  const out: Record<string, unknown> = {
    object: 'data_source',
    id: dataSource.id,
    title: content.title,
    description: content.description,
    parent: { type: 'database_id', database_id: database.id },
    database_parent: parentOf(database),
    is_inline: dbContent.is_inline,
  };
  trash(out, dataSource, view);
  out.created_time = dataSource.created_time;
  out.last_edited_time = dataSource.last_edited_time;
  out.created_by = partialUser(dataSource.created_by);
  out.last_edited_by = partialUser(dataSource.last_edited_by);
  out.properties = properties;
  out.icon = parseJson(dataSource.icon);
  out.cover = null;
  out.url = `${view.urlBase}${dashless(dataSource.id)}`;
  out.public_url = null;
  return out;
}
