// Pages (https://developers.notion.com/reference/post-page): create under a page, a data source or the workspace, retrieve, update, trash
// and restore. Property items (P4) are in property-items.ts.
import type { AppContext } from '../context.js';
import { archivedAncestor, archivedBlock, validationError } from '../errors.js';
import type { BlockRequest } from '../schemas/blocks.js';
import type { RichTextItemRequest } from '../schemas/common.js';
import { TitlePropertyValue, type CreatePageBody, type UpdatePageBody } from '../schemas/pages.js';
import { blocksByIds, getBlock, insertBlocks, insertPlaced, lockBlocks, newBlockRow, updateBlock } from '../store/blocks.js';
import { nextValue } from '../store/counters.js';
import type { BlockRow } from '../store/schema.js';
import type { Db, Tx } from '../store/store.js';
import { formatIssue } from '../validation/format.js';
import { validate } from '../validation/validate.js';
import { assertEditable, grantTopLevel, findPage, reachable, requireCapability, type Actor } from './access.js';
import { buildBlocks, checkBlockCount, normalizeIcon, fileUpload, type BuildContext } from './block-content.js';
import { blockRows, placementOf, type Placement } from './blocks.js';
import { normalizeRichText, type MentionTargets, type RichTextItem } from '../rich-text.js';
import { resolveMentions } from './rich-text.js';
import { searchableText } from '../properties/mentions.js';
import type { PageProperties } from '../properties/row-properties.js';
import { findDataSource, schemaVisibility, soleDataSource } from './databases.js';
import { renderPages, type RenderedPage } from '../properties/read-values.js';
import { schemaOf, storedValuesOf } from '../properties/row-properties.js';
import { initialValues, titleOf, writeValues, type WriteContext } from '../properties/write-values.js';
import type { Schema } from '../properties/schema.js';
import { dualChanges, syncRelations } from '../properties/relations.js';
import { reindexPages } from '../properties/value-index.js';
import { markdownBody } from './markdown.js';
import { attachFileUploads } from '../files/attach.js';
import { recordEvents } from '../webhooks/record.js';

const WORKSPACE_PARENT_REFUSED =
  'Provide a `parent.page_id` or `parent.database_id` parameter to create a page, or use a public integration with `insert_content` capability. ' +
  "Internal integrations aren't owned by a single user, so creating workspace-level private pages is not supported.";

/**
 * The title of a page outside a data source, from `properties`. `title` is its only property;
 * any other key is one that does not exist.
 */
function titleFromProperties(properties: Record<string, unknown>, targets: MentionTargets, urlBase: string): RichTextItem[] | undefined {
  // Generated values (rollup, created_time, ...) fail here too: such a page has no such property.
  // Notion reports every failing key, joined by spaces.
  const unknown = Object.keys(properties).filter((key) => key !== 'title');
  if (unknown.length > 0) throw validationError(unknown.map((key) => `${key} is not a property that exists.`).join(' '));
  if (!('title' in properties)) return undefined;
  const checked = validate(TitlePropertyValue, properties.title, 'body.properties.title');
  if (!checked.ok) throw validationError(formatIssue('body', checked.issue));
  const value = checked.value as RichTextItemRequest[] | { title: RichTextItemRequest[] };
  return normalizeRichText(Array.isArray(value) ? value : value.title, targets, urlBase);
}

function coverOf(cover: NonNullable<CreatePageBody['cover']>, actor: Actor): Record<string, unknown> {
  if ('external' in cover) return { type: 'external', external: { url: cover.external.url } };
  return fileUpload(cover.file_upload.id, { actor });
}

/** A page with what presenting it needs: its rendered properties when it is in a data source. */
export interface PageRecord {
  row: BlockRow;
  rendered?: RenderedPage;
}

/**
 * Add the rendered properties of a page in a data source; `sources` as renderPages takes them
 * (rows just read in this request, e.g. the page's ancestry).
 */
export async function pageRecord(db: Db, actor: Actor, row: BlockRow, now: Date, sources?: readonly BlockRow[]): Promise<PageRecord> {
  if (row.parent_type !== 'data_source_id') return { row };
  return { row, rendered: (await renderPages(db, actor, [row], now, { sources })).get(row.id) };
}

export function writeContext(ctx: AppContext, actor: Actor, db: Db, targets: MentionTargets, schema: Schema): WriteContext {
  return { ctx, actor, db, targets, schema, schemaChanged: false, relationChanges: new Map() };
}

/**
 * Store a schema that a write added options to, and keep dual relations in step. True when that
 * changed the page's own values too: a dual relation of a data source to itself linking the page.
 */
async function afterValues(tx: Db, w: WriteContext, dataSourceId: string, pageId: string, now: string): Promise<boolean> {
  if (w.schemaChanged) await updateBlock(tx, dataSourceId, { properties: JSON.stringify(w.schema) });
  await syncRelations(tx, w.schema, w.relationChanges, pageId, now, w.actor);
  await reindexPages(tx, [pageId]);
  return [...w.relationChanges.values()].some((c) => c.added.includes(pageId) || c.removed.includes(pageId));
}

/**
 * A create holding its data source shared found it must hold it alone: it adds options to the
 * schema, or links pages through a two-way relation of the data source with itself, whose update
 * of the other side locks the data source (properties/relations.ts): two creates holding it
 * shared would each wait for the other.
 */
class SchemaWrite extends Error {}

const locksOwnSource = (w: WriteContext, sourceId: string): boolean =>
  w.schemaChanged || dualChanges(w.schema, w.relationChanges).some(({ property }) => property.config.data_source_id === sourceId);

export async function createPage(ctx: AppContext, actor: Actor, body: CreatePageBody): Promise<PageRecord> {
  requireCapability(actor, 'insert_content');
  // Creates in one data source hold it shared, so they do not wait for each other; one that must
  // hold it alone (SchemaWrite) starts again doing so (docs/decisions.md, "Creates in a data
  // source share it"). SQLite's one writer needs neither.
  try {
    return await createPageWith(ctx, actor, body, ctx.store.engine === 'postgres' ? 'share' : 'update');
  } catch (e) {
    if (e instanceof SchemaWrite) return createPageWith(ctx, actor, body, 'update');
    throw e;
  }
}

async function createPageWith(ctx: AppContext, actor: Actor, body: CreatePageBody, schemaLock: 'share' | 'update'): Promise<PageRecord> {
  const fromMarkdown = markdownBody(body);
  const children = fromMarkdown?.children ?? ((body.children ?? body.content ?? []) as BlockRequest[]);
  checkBlockCount(children);
  const now = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx) => {
    await attachFileUploads(ctx, tx, actor, body);
    let parentType: BlockRow['parent_type'];
    let parentId: string | null;
    let placement: Placement = { type: 'end' };
    let source: BlockRow | undefined;
    const parent = body.parent;
    // A data source is locked before it is read, shared unless the create must hold it alone
    // (SchemaWrite). Positions under a parent are given by insertPlaced.
    if ('page_id' in parent) {
      const { chain } = await findPage(tx, actor, parent.page_id);
      assertEditable(chain);
      parentType = 'page_id';
      parentId = parent.page_id;
      if (body.position) placement = await placementOf(tx, actor, parentId, body.position);
    } else if ('database_id' in parent || 'data_source_id' in parent) {
      // A database id names its data source only while it has just one (https://developers.notion.com/reference/post-page).
      if ('data_source_id' in parent) {
        await lockBlocks(tx, [parent.data_source_id], schemaLock);
        const found = await findDataSource(tx, actor, parent.data_source_id);
        assertEditable(found.chain);
        source = found.row;
      } else {
        const sole = await soleDataSource(tx, actor, parent.database_id);
        await lockBlocks(tx, [sole.id], schemaLock);
        source = (await blocksByIds(tx, [sole.id]))[0]!;
        assertEditable([source, ...(await reachable(tx, actor, source.parent_id!, 'database'))]);
      }
      parentType = 'data_source_id';
      parentId = source.id;
    } else {
      if (actor.kind === 'internal') throw validationError(WORKSPACE_PARENT_REFUSED);
      parentType = 'workspace';
      parentId = null;
    }
    if (body.position && parentType !== 'page_id') {
      throw validationError(
        'body failed validation: body.position should be not present, instead was an object: position is only supported when the parent is a page.',
      );
    }
    const targets = await resolveMentions(tx, fromMarkdown ? [body, fromMarkdown] : body, actor);
    const b: BuildContext = { ids: ctx.ids, targets, urlBase: ctx.config.urlBase, actor };
    let properties: string;
    let title: string;
    let w: WriteContext | undefined;
    if (source) {
      const schema = schemaOf(source);
      w = writeContext(ctx, actor, tx, targets, schema);
      if (body.properties) w.visible = await schemaVisibility(tx, actor, [source]);
      const titleProperty = schema.find((p) => p.type === 'title');
      const given = fromMarkdown?.title && titleProperty ? { [titleProperty.name]: { title: fromMarkdown.title } } : body.properties;
      const values = await writeValues(w, given ?? {}, initialValues(schema));
      if (schemaLock === 'share' && locksOwnSource(w, source.id)) throw new SchemaWrite();
      for (const p of schema) if (p.type === 'unique_id') values[p.id] = await nextValue(tx, `unique_id:${source.id}:${p.id}`);
      properties = JSON.stringify(values);
      title = titleOf(schema, values);
    } else {
      const titleText =
        titleFromProperties(body.properties ?? {}, targets, ctx.config.urlBase) ?? normalizeRichText(fromMarkdown?.title ?? [], targets, ctx.config.urlBase);
      properties = JSON.stringify({ title: titleText } satisfies PageProperties);
      title = searchableText(titleText);
    }
    const icon = body.icon ? normalizeIcon(body.icon, 'body.icon', b) : null;
    const cover = body.cover ? coverOf(body.cover, actor) : null;
    const blocks = buildBlocks(children, body.markdown !== undefined ? 'body.markdown' : body.children ? 'body.children' : 'body.content', b);

    const id = ctx.ids.uuid();
    const page = newBlockRow(
      { workspaceId: actor.workspaceId, userId: actor.botId, now },
      {
        id,
        type: 'child_page',
        parent_type: parentType,
        parent_id: parentId,
        position: 0,
        properties,
        title,
        icon: icon && JSON.stringify(icon),
        cover: cover && JSON.stringify(cover),
      },
    );
    const rows = [page, ...blockRows(blocks, page, 0, now, actor)];
    // Placed among its parent's children as it is inserted; a page at the top level has no siblings.
    if (parentId !== null) await insertPlaced(tx, parentId, rows, 1, placement);
    else await insertBlocks(tx, rows);
    // A page an integration creates at the top level is one it can reach afterwards.
    if (parentType === 'workspace') await grantTopLevel(tx, actor, id);
    if (w && source) await afterValues(tx, w, source.id, id, now);
    await recordEvents(tx, ctx, actor, { kind: 'page', after: page });
    return pageRecord(tx, actor, page, ctx.clock.now());
  });
}

export async function retrievePage(ctx: AppContext, actor: Actor, id: string): Promise<PageRecord> {
  requireCapability(actor, 'read_content');
  // The ancestry just read holds the page's data source: its schema is not read again.
  const { row, chain } = await findPage(ctx.store.db, actor, id);
  return pageRecord(ctx.store.db, actor, row, ctx.clock.now(), chain);
}

export async function updatePage(ctx: AppContext, actor: Actor, id: string, body: UpdatePageBody): Promise<PageRecord> {
  requireCapability(actor, 'update_content');
  const now = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx: Tx) => {
    await attachFileUploads(ctx, tx, actor, body);
    // Lock the data source before the page (the order schema updates take them in) when the
    // schema is read, then the page, and read both only once they are held.
    const peek = body.properties ? await getBlock(tx, id) : undefined;
    if (peek?.parent_type === 'data_source_id') await lockBlocks(tx, [peek.parent_id!]);
    await lockBlocks(tx, [id]);
    const { row, chain } = await findPage(tx, actor, id);
    const trash = body.in_trash ?? body.archived;
    const edits = body.properties !== undefined || body.icon !== undefined || body.cover !== undefined || body.is_locked !== undefined;
    // A trashed page can only be restored; anything else is an edit of an archived block.
    if (row.in_trash && (edits || trash === undefined)) throw archivedBlock();
    if (chain.slice(1).some((a) => a.in_trash) && (edits || trash === false)) throw archivedAncestor();

    const patch: Partial<BlockRow> = { last_edited_time: now, last_edited_by: actor.botId };
    const targets = await resolveMentions(tx, body, actor);
    let w: WriteContext | undefined;
    if (body.properties && row.parent_type === 'data_source_id') {
      const source = (await blocksByIds(tx, [row.parent_id!]))[0]!;
      const schema = schemaOf(source);
      w = writeContext(ctx, actor, tx, targets, schema);
      w.visible = await schemaVisibility(tx, actor, [source]);
      const values = await writeValues(w, body.properties, storedValuesOf(row));
      patch.properties = JSON.stringify(values);
      patch.title = titleOf(schema, values);
    } else if (body.properties) {
      const title = titleFromProperties(body.properties, targets, ctx.config.urlBase);
      if (title) {
        patch.properties = JSON.stringify({ title } satisfies PageProperties);
        patch.title = searchableText(title);
      }
    }
    if (body.icon !== undefined) patch.icon = body.icon && JSON.stringify(normalizeIcon(body.icon, 'body.icon', { actor, targets }));
    if (body.cover !== undefined) patch.cover = body.cover && JSON.stringify(coverOf(body.cover, actor));
    if (body.is_locked !== undefined) patch.is_locked = body.is_locked ? 1 : 0;
    if (trash !== undefined) patch.in_trash = trash ? 1 : 0;
    await updateBlock(tx, id, patch);
    const updated = { ...row, ...patch };
    if (w && (await afterValues(tx, w, row.parent_id!, id, now))) updated.properties = (await blocksByIds(tx, [id]))[0]!.properties;
    await recordEvents(tx, ctx, actor, { kind: 'page', before: row, after: updated });
    return pageRecord(tx, actor, updated, ctx.clock.now());
  });
}
