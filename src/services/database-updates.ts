// Updating databases and data sources (https://developers.notion.com/reference/update-a-database, https://developers.notion.com/reference/update-a-data-source): their title, icon, trash state and
// parent, and under 2022-06-28 the schema of a database's one data source. Each update is one
// transaction; schema changes are in schema-update.ts.
import { refuseLinked } from './linked-databases.js';
import type { AppContext } from '../context.js';
import { archivedAncestor, archivedBlock, validationError } from '../errors.js';
import { hasDataSources, type ApiVersion } from '../api-version.js';
import type { UpdateDatabaseBody, UpdateDataSourceBody } from '../schemas/databases.js';
import { allocatePositions, dataSourcesOf, getBlock, lockBlocks, updateBlock } from '../store/blocks.js';
import type { AncestorRow } from '../store/blocks.js';
import type { BlockRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { assertEditable, grantTopLevel, requireCapability, findPage, type Actor } from './access.js';
import { fileUpload, normalizeIcon } from './block-content.js';
import {
  findDatabase,
  findDataSource,
  legacyDataSource,
  schemaReach,
  schemaVisibility,
  type DatabaseContent,
  type DatabaseRecord,
  type DataSourceContent,
  type DataSourceRecord,
} from './databases.js';
import { normalizeRichText } from '../rich-text.js';
import { resolveMentions } from './rich-text.js';
import { searchableText } from '../properties/mentions.js';
import { relinkDatabase, updateSchema, type PropertiesUpdate } from '../properties/schema-update.js';
import { attachFileUploads } from '../files/attach.js';
import { databaseChanges, recordEvents } from '../webhooks/record.js';

const WORKSPACE_PARENT_REFUSED =
  "Provide a `parent.page_id` parameter to move a database, or use a public integration with `insert_content` capability. Internal integrations aren't owned by a single user, so workspace-level private databases are not supported.";

/**
 * A trashed database or data source can only be restored; one under a trashed page cannot be
 * edited or restored (as pages, https://developers.notion.com/reference/patch-page).
 */
function checkTrash(chain: Pick<AncestorRow, 'in_trash'>[], edits: boolean, trash: boolean | undefined): void {
  if (chain[0]!.in_trash && (edits || trash === undefined)) throw archivedBlock();
  if (chain.slice(1).some((a) => a.in_trash) && (edits || trash === false)) throw archivedAncestor();
}

/** A database keeps at least one data source: the last one is not trashed. */
async function keepOneDataSource(tx: Db, database: BlockRow, leaving: string): Promise<void> {
  const others = (await dataSourcesOf(tx, [database.id])).filter((d) => d.id !== leaving);
  if (others.length === 0) {
    throw validationError(`Data source ${leaving} is the only data source of database ${database.id}; trash or move the database instead.`);
  }
}

export async function updateDataSource(ctx: AppContext, actor: Actor, id: string, body: UpdateDataSourceBody): Promise<DataSourceRecord> {
  requireCapability(actor, 'update_content');
  const now = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx) => {
    // Held until commit: schema changes and page writes in this data source take turns.
    await lockBlocks(tx, [id]);
    await attachFileUploads(ctx, tx, actor, body);
    const { row, chain, database } = await findDataSource(tx, actor, id);
    const trash = body.in_trash ?? body.archived;
    const edits = body.title !== undefined || body.icon !== undefined || body.properties !== undefined || body.parent !== undefined;
    checkTrash(chain, edits, trash);

    const patch: Partial<BlockRow> = { last_edited_time: now, last_edited_by: actor.botId };
    if (body.title !== undefined) {
      const content = JSON.parse(row.content) as DataSourceContent;
      content.title = normalizeRichText(body.title, await resolveMentions(tx, body.title, actor), ctx.config.urlBase);
      patch.content = JSON.stringify(content);
      patch.title = searchableText(content.title);
    }
    if (body.icon) patch.icon = JSON.stringify(normalizeIcon(body.icon, 'body.icon', { actor, targets: await resolveMentions(tx, body.icon, actor) }));
    else if (body.icon === null) patch.icon = null;
    let databaseId = database.id;
    if (body.parent && body.parent.database_id !== database.id) {
      const target = await findDatabase(tx, actor, body.parent.database_id);
      refuseLinked(target.row);
      assertEditable(target.chain);
      const [position] = await allocatePositions(tx, target.row.id, 1, { type: 'end' });
      patch.parent_id = target.row.id;
      patch.position = position!;
      databaseId = target.row.id;
      // Moving a database's last data source away leaves an empty container, which goes to the
      // trash (docs/decisions.md); it can be restored, empty, like any trashed database.
      const emptied = (await dataSourcesOf(tx, [database.id])).every((d) => d.id === id);
      await updateBlock(tx, database.id, { last_edited_time: now, last_edited_by: actor.botId, ...(emptied ? { in_trash: 1 } : {}) });
      await updateBlock(tx, databaseId, { last_edited_time: now, last_edited_by: actor.botId });
    }
    if (trash !== undefined) {
      if (trash && !row.in_trash) await keepOneDataSource(tx, database, id);
      patch.in_trash = trash ? 1 : 0;
    }
    await updateBlock(tx, id, patch);
    if (body.properties !== undefined) {
      await updateSchema(
        tx,
        ctx,
        actor,
        { ...row, ...patch },
        databaseId,
        body.properties as PropertiesUpdate,
        now,
        await schemaReach(tx, actor, { ...row, ...patch }, databaseId),
      );
    }
    if (databaseId !== database.id) await relinkDatabase(tx, actor.workspaceId, id, databaseId);
    const dataSource = (await getBlock(tx, id))!;
    await recordEvents(tx, ctx, actor, { kind: 'data_source', before: row, after: dataSource });
    // Relations to data sources the integration cannot reach are left out, as on retrieve.
    return { dataSource, database: (await getBlock(tx, databaseId))!, visible: await schemaVisibility(tx, actor, [dataSource]) };
  });
}

export async function updateDatabase(ctx: AppContext, actor: Actor, id: string, body: UpdateDatabaseBody, version: ApiVersion): Promise<DatabaseRecord> {
  requireCapability(actor, 'update_content');
  const now = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx) => {
    // The database, then its data sources (which may follow its title or take a schema change).
    await lockBlocks(tx, [id]);
    await attachFileUploads(ctx, tx, actor, body);
    await lockBlocks(
      tx,
      (await dataSourcesOf(tx, [id])).map((d) => d.id),
    );
    const { row, chain } = await findDatabase(tx, actor, id);
    refuseLinked(row);
    const trash = body.in_trash ?? body.archived;
    const edits = [body.title, body.description, body.icon, body.cover, body.is_inline, body.is_locked, body.parent, body.properties].some(
      (v) => v !== undefined,
    );
    checkTrash(chain, edits, trash);
    const sources = await dataSourcesOf(tx, [id]);
    // Under 2022-06-28 the database is its one data source; one with several cannot be shown.
    const legacySource = !hasDataSources(version) ? legacyDataSource(row, sources) : undefined;

    const patch: Partial<BlockRow> = { last_edited_time: now, last_edited_by: actor.botId };
    const content = JSON.parse(row.content) as DatabaseContent;
    const targets = await resolveMentions(tx, [body.title, body.description], actor);
    if (body.title !== undefined) {
      content.title = normalizeRichText(body.title, targets, ctx.config.urlBase);
      patch.title = searchableText(content.title);
    }
    if (body.description !== undefined) content.description = normalizeRichText(body.description, targets, ctx.config.urlBase);
    if (body.is_inline !== undefined) content.is_inline = body.is_inline;
    if (body.title !== undefined || body.description !== undefined || body.is_inline !== undefined) patch.content = JSON.stringify(content);
    if (body.icon) patch.icon = JSON.stringify(normalizeIcon(body.icon, 'body.icon', { actor, targets: await resolveMentions(tx, body.icon, actor) }));
    else if (body.icon === null) patch.icon = null;
    if (body.cover !== undefined)
      patch.cover =
        body.cover &&
        JSON.stringify(
          'external' in body.cover ? { type: 'external', external: { url: body.cover.external.url } } : fileUpload(body.cover.file_upload.id, { actor }),
        );
    if (body.is_locked !== undefined) patch.is_locked = body.is_locked ? 1 : 0;
    if (trash !== undefined) patch.in_trash = trash ? 1 : 0;

    if (body.parent) {
      if ('page_id' in body.parent) {
        const page = await findPage(tx, actor, body.parent.page_id);
        assertEditable(page.chain);
        if (page.chain.some((a) => a.id === id)) throw validationError('A database cannot be moved into a page of its own.');
        if (row.parent_type !== 'page_id' || row.parent_id !== page.row.id) {
          const [position] = await allocatePositions(tx, page.row.id, 1, { type: 'end' });
          Object.assign(patch, { parent_type: 'page_id', parent_id: page.row.id, position: position! } satisfies Partial<BlockRow>);
        }
      } else {
        if (actor.kind === 'internal') throw validationError(WORKSPACE_PARENT_REFUSED);
        if (row.parent_type !== 'workspace') {
          Object.assign(patch, { parent_type: 'workspace', parent_id: null, position: 0 } satisfies Partial<BlockRow>);
          // The integration keeps reaching the database it moved to the top level.
          await grantTopLevel(tx, actor, id);
        }
      }
    }
    if ((patch.parent_type ?? row.parent_type) === 'workspace' && content.is_inline) {
      throw validationError('Databases with a workspace parent must be full-page databases: `is_inline` cannot be true.');
    }
    await updateBlock(tx, id, patch);
    await followDatabase(tx, row, patch, sources);
    if (body.properties !== undefined && legacySource) {
      const source = (await getBlock(tx, legacySource.id))!;
      await updateSchema(tx, ctx, actor, source, id, body.properties as PropertiesUpdate, now, await schemaReach(tx, actor, source, id));
    }
    const dataSources = await dataSourcesOf(tx, [id]);
    await recordEvents(tx, ctx, actor, ...databaseChanges(row, { ...row, ...patch }, sources, dataSources));
    return { database: (await getBlock(tx, id))!, dataSources, visible: await schemaVisibility(tx, actor, dataSources) };
  });
}

/**
 * A data source created with its database carries the database's title, description and icon;
 * while it still does, changing them on the database changes them on it too (a single-source
 * database is shown as one table). A data source given its own keeps it.
 */
async function followDatabase(tx: Db, before: BlockRow, patch: Partial<BlockRow>, sources: BlockRow[]): Promise<void> {
  const was = JSON.parse(before.content) as DatabaseContent;
  const now = patch.content ? (JSON.parse(patch.content) as DatabaseContent) : was;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const source of sources) {
    const content = JSON.parse(source.content) as DataSourceContent;
    let changed = false;
    if (!same(now.title, was.title) && same(content.title, was.title)) {
      content.title = now.title;
      changed = true;
    }
    if (!same(now.description, was.description) && same(content.description, was.description)) {
      content.description = now.description;
      changed = true;
    }
    const update: Partial<BlockRow> = changed ? { content: JSON.stringify(content), title: searchableText(content.title) } : {};
    if (patch.icon !== undefined && source.icon === before.icon) update.icon = patch.icon;
    if (Object.keys(update).length > 0) await updateBlock(tx, source.id, update);
  }
}
