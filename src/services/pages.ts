// Pages (spec 3.2): create under a page or the workspace, retrieve, update, trash and restore,
// and the title property item. Databases and data sources as parents come with their own module.
import type { AppContext } from '../context.js';
import { archivedAncestor, archivedBlock, invalidCursor, NotionError, objectNotFound, validationError } from '../errors.js';
import type { BlockRequest } from '../schemas/blocks.js';
import type { RichTextItemRequest } from '../schemas/common.js';
import { TitlePropertyValue, type CreatePageBody, type UpdatePageBody } from '../schemas/pages.js';
import { allocatePositions, insertBlocks, updateBlock, type BlockWithChildren } from '../store/blocks.js';
import type { BlockRow } from '../store/schema.js';
import type { Db, Tx } from '../store/store.js';
import { grant } from '../store/users.js';
import { formatIssue } from '../validation/format.js';
import { validate } from '../validation/validate.js';
import { assertEditable, reachable, requireCapability, type Actor } from './access.js';
import { buildBlocks, checkBlockCount, normalizeIcon, fileUpload, type BuildContext } from './block-content.js';
import { blockRows, placementOf, type Placement } from './blocks.js';
import { normalizeRichText, plainText, resolveMentions, type MentionTargets, type RichTextItem } from './rich-text.js';
import type { PageProperties } from '../present/page.js';

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

/** The page row for `id`, when the integration may reach it; 404 for anything else. */
export async function findPage(db: Db, actor: Actor, id: string) {
  const chain = await reachable(db, actor, id, 'page');
  const row = chain[0]!;
  if (row.type !== 'child_page') throw objectNotFound('page', id, actor.integrationName);
  return { row, chain };
}

export async function createPage(ctx: AppContext, actor: Actor, body: CreatePageBody): Promise<BlockRow> {
  requireCapability(actor, 'insert_content');
  const children = (body.children ?? body.content ?? []) as BlockRequest[];
  checkBlockCount(children);
  const now = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx) => {
    let parentType: BlockRow['parent_type'];
    let parentId: string | null;
    let placement: Placement = { type: 'end' };
    const parent = body.parent;
    if ('page_id' in parent) {
      const { chain } = await findPage(tx, actor, parent.page_id);
      assertEditable(chain);
      parentType = 'page_id';
      parentId = parent.page_id;
      if (body.position) placement = await placementOf(tx, actor, parentId, body.position);
    } else if ('database_id' in parent) {
      throw objectNotFound('database', parent.database_id, actor.integrationName);
    } else if ('data_source_id' in parent) {
      throw objectNotFound('data source', parent.data_source_id, actor.integrationName);
    } else {
      if (actor.kind === 'internal') throw validationError(WORKSPACE_PARENT_REFUSED);
      parentType = 'workspace';
      parentId = null;
    }
    if (body.position && parentType !== 'page_id') {
      throw validationError('body failed validation: body.position should be not present, instead was an object: position is only supported when the parent is a page.');
    }
    const targets = await resolveMentions(tx, body);
    const b: BuildContext = { ids: ctx.ids, targets, urlBase: ctx.config.urlBase, actor };
    const title = titleFromProperties(body.properties ?? {}, targets, ctx.config.urlBase) ?? [];
    const icon = body.icon ? normalizeIcon(body.icon, 'body.icon', b) : null;
    const cover = body.cover ? coverOf(body.cover, actor) : null;
    const blocks = buildBlocks(children, body.children ? 'body.children' : 'body.content', b);

    const id = ctx.ids.uuid();
    const [position] = parentId ? await allocatePositions(tx, parentId, 1, placement) : [0];
    const props: PageProperties = { title };
    const page: BlockRow = {
      id,
      workspace_id: actor.workspaceId,
      type: 'child_page',
      parent_type: parentType,
      parent_id: parentId,
      position: position!,
      content: '{}',
      properties: JSON.stringify(props),
      title: plainText(title),
      icon: icon && JSON.stringify(icon),
      cover: cover && JSON.stringify(cover),
      in_trash: 0,
      is_locked: 0,
      created_time: now,
      created_by: actor.botId,
      last_edited_time: now,
      last_edited_by: actor.botId,
    };
    await insertBlocks(tx, [page, ...blockRows(blocks, page, 0, now, actor)]);
    // A page an integration creates at the top level is one it can reach afterwards.
    if (parentType === 'workspace') await grant(tx, actor.integrationId, id);
    return page;
  });
}

export async function retrievePage(ctx: AppContext, actor: Actor, id: string): Promise<BlockWithChildren> {
  requireCapability(actor, 'read_content');
  return (await findPage(ctx.store.db, actor, id)).row;
}

export async function updatePage(ctx: AppContext, actor: Actor, id: string, body: UpdatePageBody): Promise<BlockRow> {
  requireCapability(actor, 'update_content');
  const now = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx: Tx) => {
    const { row, chain } = await findPage(tx, actor, id);
    const trash = body.in_trash ?? body.archived;
    const edits = body.properties !== undefined || body.icon !== undefined || body.cover !== undefined || body.is_locked !== undefined;
    // A trashed page can only be restored; anything else is an edit of an archived block.
    if (row.in_trash && (edits || trash === undefined)) throw archivedBlock();
    if (chain.slice(1).some((a) => a.in_trash) && (edits || trash === false)) throw archivedAncestor();

    const patch: Partial<BlockRow> = { last_edited_time: now, last_edited_by: actor.botId };
    const targets = await resolveMentions(tx, body);
    if (body.properties) {
      const title = titleFromProperties(body.properties, targets, ctx.config.urlBase);
      if (title) {
        patch.properties = JSON.stringify({ title } satisfies PageProperties);
        patch.title = plainText(title);
      }
    }
    if (body.icon !== undefined) patch.icon = body.icon && JSON.stringify(normalizeIcon(body.icon, 'body.icon', { actor }));
    if (body.cover !== undefined) patch.cover = body.cover && JSON.stringify(coverOf(body.cover, actor));
    if (body.is_locked !== undefined) patch.is_locked = body.is_locked ? 1 : 0;
    if (trash !== undefined) patch.in_trash = trash ? 1 : 0;
    await updateBlock(tx, id, patch);
    return { ...row, ...patch };
  });
}

export interface PropertyItemPage {
  items: RichTextItem[];
  nextCursor: string | null;
}

/** The title of a page as a paginated list of property items (spec P4, 5.4). */
export async function retrieveTitleItems(
  ctx: AppContext,
  actor: Actor,
  id: string,
  propertyId: string,
  cursor: string | undefined,
  pageSize: number,
): Promise<PropertyItemPage> {
  requireCapability(actor, 'read_content');
  const { row } = await findPage(ctx.store.db, actor, id);
  if (propertyId !== 'title') {
    throw new NotionError('object_not_found', `Could not find property with ID: ${propertyId}.`);
  }
  const title = (JSON.parse(row.properties ?? '{"title":[]}') as PageProperties).title;
  let start = 0;
  if (cursor !== undefined) {
    start = Number(cursor);
    if (!/^\d+$/.test(cursor) || start > title.length) throw invalidCursor(cursor);
  }
  const items = title.slice(start, start + pageSize);
  const next = start + pageSize < title.length ? String(start + pageSize) : null;
  return { items, nextCursor: next };
}
