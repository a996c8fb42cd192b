// Databases and their data sources (https://developers.notion.com/reference/create-a-database, https://developers.notion.com/reference/create-a-data-source, https://developers.notion.com/reference/data-source). A database is a container block
// (`child_database`) in its parent page; each data source is a row of `blocks` under it (type
// `data_source`) holding the schema; the pages of a data source are its children.
import type { AppContext } from '../context.js';
import { NotionError, objectNotFound, validationError } from '../errors.js';
import type { RichTextItemRequest } from '../schemas/common.js';
import type { CreateDatabaseBody, CreateDataSourceBody } from '../schemas/databases.js';
import { allocatePositions, dataSourcesOf, insertBlocks, newBlockRow, POSITION_GAP, updateBlock } from '../store/blocks.js';
import type { BlockRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { assertEditable, grantTopLevel, reachable, requireCapability, findPage, type Actor } from './access.js';
import { fileUpload, normalizeIcon } from './block-content.js';
import { addSyncedProperty } from '../properties/relations.js';
import { schemaOf } from '../properties/row-properties.js';
import { reachOver, schemasOfRows, type SchemaVisibility } from '../properties/reach.js';
import { type PropertySchema, type Schema } from '../properties/schema.js';
import { normalizeRichText, type MentionTargets, type RichTextItem } from '../rich-text.js';
import { resolveMentions } from './rich-text.js';
import { searchableText } from '../properties/mentions.js';
import { buildSchema, type ConfigRequest, type RelatedSchemas } from '../properties/schema-build.js';
import type { SchemaReach } from '../properties/schema-update.js';
import { hasDataSources, type ApiVersion } from '../api-version.js';
import { attachFileUploads } from '../files/attach.js';
import { recordEvents } from '../webhooks/record.js';
import { addDefaultView } from '../views/defaults.js';
import { refuseLinked } from './linked-databases.js';

/** What a database block keeps in `content`. */
export interface DatabaseContent {
  title: RichTextItem[];
  description: RichTextItem[];
  is_inline: boolean;
}

/** What a data source block keeps in `content`; its schema is in `properties`. */
export interface DataSourceContent {
  title: RichTextItem[];
  description: RichTextItem[];
}

export type { SchemaVisibility };

export interface DatabaseRecord {
  database: BlockRow;
  dataSources: BlockRow[];
  visible?: SchemaVisibility;
}

export interface DataSourceRecord {
  dataSource: BlockRow;
  database: BlockRow;
  visible?: SchemaVisibility;
}

/**
 * Which properties of the data sources `sources` the integration sees: those not based on a
 * relation to a data source it cannot reach (properties/reach.ts).
 */
export async function schemaVisibility(db: Db, actor: Actor, sources: BlockRow[]): Promise<SchemaVisibility> {
  return (await reachOver(db, actor, schemasOfRows(sources))).visibility(sources.map((s) => s.id));
}

/** The database row for `id` when the integration may reach it; 404 otherwise. */
export async function findDatabase(db: Db, actor: Actor, id: string) {
  const chain = await reachable(db, actor, id, 'database');
  const row = chain[0]!;
  if (row.type !== 'child_database') throw objectNotFound('database', id, actor);
  return { row, chain };
}

/** The data source row for `id` when the integration may reach it; 404 otherwise. */
export async function findDataSource(db: Db, actor: Actor, id: string) {
  const chain = await reachable(db, actor, id, 'data source');
  const row = chain[0]!;
  if (row.type !== 'data_source') throw objectNotFound('data source', id, actor);
  return { row, chain, database: chain[1]! };
}

/** Under 2022-06-28 a database is its one data source; one with several cannot be shown (https://developers.notion.com/reference/status-codes). */
export function legacyDataSource(database: BlockRow, dataSources: BlockRow[]): BlockRow {
  if (dataSources.length === 1) return dataSources[0]!;
  throw new NotionError('validation_error', 'Databases with multiple data sources are not supported in this API version.', {
    error_type: 'multiple_data_sources_for_database',
    database_id: database.id,
    child_data_source_ids: dataSources.map((d) => d.id),
    minimum_api_version: '2025-09-03',
  });
}

/** The data source a `database_id` names where one is meant (page parents, relations). */
export async function soleDataSource(db: Db, actor: Actor, databaseId: string): Promise<BlockRow> {
  const { row } = await findDatabase(db, actor, databaseId);
  const sources = await dataSourcesOf(db, [row.id]);
  if (sources.length === 0) throw objectNotFound('database', databaseId, actor);
  return legacyDataSource(row, sources);
}

/** What a schema update of `source` (in `databaseId`) may reach, as this integration sees it. */
export async function schemaReach(db: Db, actor: Actor, source: BlockRow, databaseId: string): Promise<SchemaReach> {
  return {
    related: (current) => relatedSchemas(db, actor, { id: source.id, databaseId, schema: current }),
    visible: await schemaVisibility(db, actor, [source]),
  };
}

/** Relation targets as this integration sees them. */
export function relatedSchemas(db: Db, actor: Actor, local?: { id: string; databaseId: string; schema: () => Schema }): RelatedSchemas {
  return {
    self: local ? { dataSourceId: local.id, workspaceId: actor.workspaceId } : undefined,
    async target(dataSourceId, databaseId) {
      if (local && dataSourceId === local.id) return { dataSourceId: local.id, databaseId: local.databaseId, schema: local.schema() };
      if (dataSourceId) {
        const { row, database } = await findDataSource(db, actor, dataSourceId);
        return { dataSourceId: row.id, databaseId: database.id, schema: schemaOf(row) };
      }
      if (databaseId) {
        const row = await soleDataSource(db, actor, databaseId);
        return { dataSourceId: row.id, databaseId, schema: schemaOf(row) };
      }
      throw validationError('body failed validation: a relation needs `data_source_id`.');
    },
  };
}

function rich(items: RichTextItemRequest[] | undefined, targets: MentionTargets, ctx: AppContext): RichTextItem[] {
  return normalizeRichText(items ?? [], targets, ctx.config.urlBase);
}

function coverOf(cover: NonNullable<CreateDatabaseBody['cover']>, actor: Actor): Record<string, unknown> {
  if ('external' in cover) return { type: 'external', external: { url: cover.external.url } };
  return fileUpload(cover.file_upload.id, { actor });
}

/**
 * The reverse side of each new dual relation: a property on the related data source that points
 * back, so that both sides are kept in step (https://developers.notion.com/reference/property-object).
 */
export async function linkDualRelations(
  tx: Db,
  ctx: AppContext,
  source: { id: string; databaseId: string; title: string },
  schema: Schema,
  added: PropertySchema[],
  now: string,
  actor: Actor,
): Promise<void> {
  for (const property of added) {
    if (property.type !== 'relation' || property.config.type !== 'dual_property') continue;
    await addSyncedProperty(tx, ctx, source, schema, property, now, actor);
  }
}

export async function createDatabase(ctx: AppContext, actor: Actor, body: CreateDatabaseBody, version: ApiVersion): Promise<DatabaseRecord> {
  requireCapability(actor, 'insert_content');
  const now = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx) => {
    await attachFileUploads(ctx, tx, actor, body);
    let parentType: BlockRow['parent_type'] = 'workspace';
    let parentId: string | null = null;
    if ('page_id' in body.parent) {
      const { chain } = await findPage(tx, actor, body.parent.page_id);
      assertEditable(chain);
      parentType = 'page_id';
      parentId = body.parent.page_id;
    } else if (actor.kind === 'internal') {
      throw validationError(
        "Provide a `parent.page_id` parameter to create a database, or use a public integration with `insert_content` capability. Internal integrations aren't owned by a single user, so creating workspace-level private databases is not supported.",
      );
    } else if (body.is_inline) {
      // Workspace-level databases are full-page databases (https://developers.notion.com/reference/create-a-database).
      throw validationError('Databases with a workspace parent must be full-page databases: `is_inline` cannot be true.');
    }
    const targets = await resolveMentions(tx, body, actor);
    const title = rich(body.title, targets, ctx);
    const description = rich(body.description, targets, ctx);
    const databaseId = ctx.ids.uuid();
    const dataSourceId = ctx.ids.uuid();
    let schema: Schema = [];
    const requested = (!hasDataSources(version) ? body.properties : body.initial_data_source?.properties) ?? {};
    schema = await buildSchema(
      requested as Record<string, ConfigRequest>,
      ctx.ids,
      relatedSchemas(tx, actor, { id: dataSourceId, databaseId, schema: () => schema }),
      {
        defaultTitle: true,
      },
    );
    const [position] = parentId ? await allocatePositions(tx, parentId, 1, { type: 'end' }) : [0];
    const icon = body.icon ? JSON.stringify(normalizeIcon(body.icon, 'body.icon', { actor, targets })) : null;
    const database = newBlockRow(
      { workspaceId: actor.workspaceId, userId: actor.botId, now },
      {
        id: databaseId,
        type: 'child_database',
        parent_type: parentType,
        parent_id: parentId,
        position: position!,
        content: JSON.stringify({ title, description, is_inline: body.is_inline ?? false } satisfies DatabaseContent),
        title: searchableText(title),
        icon,
        cover: body.cover ? JSON.stringify(coverOf(body.cover, actor)) : null,
      },
    );
    const dataSource = newBlockRow(
      { workspaceId: actor.workspaceId, userId: actor.botId, now },
      {
        id: dataSourceId,
        type: 'data_source',
        parent_type: 'database_id',
        parent_id: databaseId,
        position: POSITION_GAP,
        content: JSON.stringify({ title, description } satisfies DataSourceContent),
        properties: JSON.stringify(schema),
        title: searchableText(title),
        icon,
      },
    );
    await insertBlocks(tx, [database, dataSource]);
    await linkDualRelations(tx, ctx, { id: dataSourceId, databaseId, title: searchableText(title) }, schema, schema, now, actor);
    if (parentType === 'workspace') await grantTopLevel(tx, actor, databaseId);
    const stored = (await dataSourcesOf(tx, [databaseId]))[0]!;
    await recordEvents(tx, ctx, actor, { kind: 'database', after: database }, { kind: 'data_source', after: stored });
    await addDefaultView(tx, ctx.ids, stored);
    return { database, dataSources: [stored] };
  });
}

export async function retrieveDatabase(ctx: AppContext, actor: Actor, id: string): Promise<DatabaseRecord> {
  requireCapability(actor, 'read_content');
  const { row } = await findDatabase(ctx.store.db, actor, id);
  refuseLinked(row);
  const dataSources = await dataSourcesOf(ctx.store.db, [row.id]);
  return { database: row, dataSources, visible: await schemaVisibility(ctx.store.db, actor, dataSources) };
}

export async function createDataSource(ctx: AppContext, actor: Actor, body: CreateDataSourceBody): Promise<DataSourceRecord> {
  requireCapability(actor, 'insert_content');
  const now = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx) => {
    await attachFileUploads(ctx, tx, actor, body);
    const { row: database, chain } = await findDatabase(tx, actor, body.parent.database_id);
    refuseLinked(database);
    assertEditable(chain);
    const targets = await resolveMentions(tx, body, actor);
    const title = rich(body.title, targets, ctx);
    const id = ctx.ids.uuid();
    let schema: Schema = [];
    schema = await buildSchema(
      body.properties as Record<string, ConfigRequest>,
      ctx.ids,
      relatedSchemas(tx, actor, { id, databaseId: database.id, schema: () => schema }),
      {
        defaultTitle: false,
      },
    );
    const [position] = await allocatePositions(tx, database.id, 1, { type: 'end' });
    const dataSource = newBlockRow(
      { workspaceId: actor.workspaceId, userId: actor.botId, now },
      {
        id,
        type: 'data_source',
        parent_type: 'database_id',
        parent_id: database.id,
        position: position!,
        content: JSON.stringify({ title, description: [] } satisfies DataSourceContent),
        properties: JSON.stringify(schema),
        title: searchableText(title),
        icon: body.icon ? JSON.stringify(normalizeIcon(body.icon, 'body.icon', { actor, targets })) : null,
      },
    );
    await insertBlocks(tx, [dataSource]);
    await linkDualRelations(tx, ctx, { id, databaseId: database.id, title: searchableText(title) }, schema, schema, now, actor);
    await updateBlock(tx, database.id, { last_edited_time: now, last_edited_by: actor.botId });
    const stored = (await dataSourcesOf(tx, [database.id])).find((d) => d.id === id)!;
    await recordEvents(tx, ctx, actor, { kind: 'data_source', after: stored });
    await addDefaultView(tx, ctx.ids, stored);
    return { dataSource: stored, database };
  });
}

export async function retrieveDataSource(ctx: AppContext, actor: Actor, id: string): Promise<DataSourceRecord> {
  requireCapability(actor, 'read_content');
  const { row, database } = await findDataSource(ctx.store.db, actor, id);
  return { dataSource: row, database, visible: await schemaVisibility(ctx.store.db, actor, [row]) };
}
