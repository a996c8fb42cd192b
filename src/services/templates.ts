// Data source templates (https://developers.notion.com/guides/data-apis/creating-pages-from-templates):
// template pages listed per data source, and applied to a page made or updated with `template`.
// Notion's API cannot make templates; fixtures and the control API do (README, "Templates").
// Applying copies the template's content (new ids, after the page's own unless it is erased) and
// the property values the page does not set; Notion applies a template after the response, so
// the page returned is the one before it, and the template is in place once the call returns.
import type { AppContext } from '../context.js';
import { invalidCursor, validationError } from '../errors.js';
import { schemaOf, storedValuesOf } from '../properties/row-properties.js';
import { reindexPages } from '../properties/value-index.js';
import type { CreatePageBody, TemplateRequest, UpdatePageBody } from '../schemas/pages.js';
import { allocatePositions, blocksByIds, lockBlocks, updateBlock } from '../store/blocks.js';
import type { BlockRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { insertTemplate, setDefaultTemplate, templateById, templatesOf, type TemplateEntry } from '../store/templates.js';
import { requireCapability, findPage, type Actor } from './access.js';
import { findDataSource, soleDataSource } from './databases.js';
import { createPage, updatePage, type PageRecord } from './pages.js';
import { checkTimezone, resolveTemplateMentions, templateVariables, type TemplateVariables } from './template-variables.js';
import { titleOf } from '../properties/write-values.js';

export interface TemplateList {
  templates: Array<{ id: string; name: string; is_default: boolean }>;
  has_more: boolean;
  next_cursor: string | null;
}

/** The templates of a data source, optionally those whose name holds `name` (any case). */
export async function listTemplates(
  ctx: AppContext,
  actor: Actor,
  dataSourceId: string,
  query: { name?: string; start_cursor?: string },
  pageSize: number,
): Promise<TemplateList> {
  requireCapability(actor, 'read_content');
  const { row } = await findDataSource(ctx.store.db, actor, dataSourceId);
  let all = await templatesOf(ctx.store.db, row.id);
  if (query.name) {
    const wanted = query.name.toLowerCase();
    all = all.filter((t) => t.name.toLowerCase().includes(wanted));
  }
  // Cursors are template ids: the first of the next page.
  const start = query.start_cursor === undefined ? 0 : all.findIndex((t) => t.id === query.start_cursor);
  if (start < 0) throw invalidCursor(query.start_cursor!);
  const page = all.slice(start, start + pageSize);
  const next = all[start + pageSize];
  return {
    templates: page.map((t) => ({ id: t.id, name: t.name, is_default: t.is_default === 1 })),
    has_more: next !== undefined,
    next_cursor: next?.id ?? null,
  };
}

/** What a control call or fixture gives to make a template: the page as POST /v1/pages takes it. */
export interface NewTemplate {
  dataSourceId: string;
  properties?: Record<string, unknown>;
  children?: unknown[];
  icon?: unknown;
  isDefault?: boolean;
}

/** A template page of a data source; a default one becomes the only default. */
export async function createTemplate(ctx: AppContext, actor: Actor, template: NewTemplate): Promise<TemplateEntry> {
  const body = {
    parent: { data_source_id: template.dataSourceId },
    properties: template.properties ?? {},
    ...(template.children ? { children: template.children } : {}),
    ...(template.icon ? { icon: template.icon } : {}),
  } as CreatePageBody;
  const page = await createPage(ctx, actor, body);
  await ctx.store.transaction(async (tx) => {
    await insertTemplate(tx, { page_id: page.row.id, data_source_id: template.dataSourceId, is_default: 0 });
    if (template.isDefault) await setDefaultTemplate(tx, template.dataSourceId, page.row.id);
  });
  return { id: page.row.id, name: page.row.title ?? '', is_default: template.isDefault ? 1 : 0 };
}

/** Make a template its data source's default (or, with `isDefault` false, no longer the default). */
export async function markDefaultTemplate(ctx: AppContext, pageId: string, isDefault: boolean): Promise<boolean> {
  return ctx.store.transaction(async (tx) => {
    const row = await templateById(tx, pageId);
    if (!row) return false;
    if (isDefault) await setDefaultTemplate(tx, row.data_source_id, pageId);
    else if (row.is_default) await setDefaultTemplate(tx, row.data_source_id, null);
    return true;
  });
}

/** The data source a new page's parent names, if it names one. */
async function parentSource(db: Db, actor: Actor, parent: CreatePageBody['parent']): Promise<string | undefined> {
  if ('data_source_id' in parent) return (await findDataSource(db, actor, parent.data_source_id)).row.id;
  if ('database_id' in parent) return (await soleDataSource(db, actor, parent.database_id)).id;
  return undefined;
}

/** The template page a request names, checked before anything is written. */
async function templateOf(db: Db, actor: Actor, dataSourceId: string | undefined, request: Exclude<TemplateRequest, { type: 'none' }>): Promise<BlockRow> {
  if (request.type === 'template_id') {
    const { row } = await findPage(db, actor, request.template_id);
    return row;
  }
  // `default` needs a data source with a default template (https://developers.notion.com/reference/post-page).
  if (!dataSourceId) throw validationError('template.type `default` can only be used when the parent is a data source.');
  const chosen = (await templatesOf(db, dataSourceId)).find((t) => t.is_default === 1);
  if (!chosen) throw validationError(`The data source ${dataSourceId} has no default template.`);
  return (await blocksByIds(db, [chosen.id]))[0]!;
}

const COPIED_TYPES_SKIPPED = new Set(['child_database', 'data_source']);

/** Stored JSON with the template's variables resolved; the same string when it holds none. */
function resolved(json: string, vars: TemplateVariables): string {
  if (!json.includes('template_mention')) return json;
  const value = JSON.parse(json) as unknown;
  return resolveTemplateMentions(value, vars) ? JSON.stringify(value) : json;
}

/** Copy the live content under `fromId` to under `toId`, after what is there, with new ids and variables resolved. */
async function copyContent(
  tx: Db,
  ctx: AppContext,
  from: string,
  to: { id: string; page: boolean },
  actor: Actor,
  now: string,
  vars: TemplateVariables,
): Promise<void> {
  const children = (await tx.selectFrom('blocks').selectAll().where('parent_id', '=', from).where('in_trash', '=', 0).orderBy('position').execute()).filter(
    (b) => !COPIED_TYPES_SKIPPED.has(b.type),
  );
  if (children.length === 0) return;
  const positions = await allocatePositions(tx, to.id, children.length, { type: 'end' });
  const copies: Array<[string, { id: string; page: boolean }]> = [];
  const rows = children.map((child, i) => {
    const id = ctx.ids.uuid();
    copies.push([child.id, { id, page: child.type === 'child_page' }]);
    return {
      ...child,
      id,
      content: resolved(child.content, vars),
      parent_id: to.id,
      parent_type: (to.page ? 'page_id' : 'block_id') as BlockRow['parent_type'],
      position: positions[i]!,
      created_time: now,
      created_by: actor.botId,
      last_edited_time: now,
      last_edited_by: actor.botId,
    };
  });
  await tx.insertInto('blocks').values(rows).execute();
  for (const [source, copy] of copies) await copyContent(tx, ctx, source, copy, actor, now, vars);
}

/** Apply `template` to the page `pageId`: its content after the page's, and the values it lacks. */
async function applyTemplate(ctx: AppContext, actor: Actor, pageId: string, template: BlockRow, erase: boolean, timezone: string | undefined): Promise<void> {
  const instant = ctx.clock.now();
  const now = instant.toISOString();
  await ctx.store.transaction(async (tx) => {
    const vars = await templateVariables(tx, actor, instant, timezone);
    await lockBlocks(tx, [pageId]);
    const page = (await blocksByIds(tx, [pageId]))[0]!;
    if (erase) await eraseChildren(tx, pageId, now);
    await copyContent(tx, ctx, template.id, { id: pageId, page: true }, actor, now, vars);
    const patch: Partial<BlockRow> = { last_edited_time: now, last_edited_by: actor.botId };
    if (page.parent_type === 'data_source_id' && template.parent_type === 'data_source_id') {
      const schema = schemaOf((await blocksByIds(tx, [page.parent_id!]))[0]);
      const own = storedValuesOf(page);
      const theirs = storedValuesOf({ properties: template.properties && resolved(template.properties, vars) });
      const values = { ...own } as Record<string, unknown>;
      // Only values of properties the page's data source has with the same type, and unset on the page.
      for (const property of schema) {
        const mine = own[property.id];
        const empty = mine === undefined || mine === null || (Array.isArray(mine) && mine.length === 0);
        if (empty && theirs[property.id] !== undefined && template.parent_id === page.parent_id) values[property.id] = theirs[property.id];
      }
      patch.properties = JSON.stringify(values);
      if (!page.title) patch.title = titleOf(schema, values) || template.title;
    }
    await updateBlock(tx, pageId, patch);
    if (page.parent_type === 'data_source_id') await reindexPages(tx, [pageId]);
  });
}

/** Trash every child of a page: `erase_content` (https://developers.notion.com/reference/patch-page). */
async function eraseChildren(tx: Db, pageId: string, now: string): Promise<void> {
  await tx.updateTable('blocks').set({ in_trash: 1, last_edited_time: now }).where('parent_id', '=', pageId).where('in_trash', '=', 0).execute();
}

/** POST /v1/pages with a template: the page made as asked, then the template applied to it. */
export async function createPageFromTemplate(ctx: AppContext, actor: Actor, body: CreatePageBody): Promise<PageRecord> {
  const request = body.template as TemplateRequest | undefined;
  if (!request || request.type === 'none') return createPage(ctx, actor, body);
  if (body.children || body.content || body.markdown !== undefined) {
    throw validationError('body failed validation: a page made from a template cannot also be given children, content or markdown.');
  }
  checkTimezone(request.timezone);
  const template = await templateOf(ctx.store.db, actor, await parentSource(ctx.store.db, actor, body.parent), request);
  const page = await createPage(ctx, actor, { ...body, template: undefined });
  await applyTemplate(ctx, actor, page.row.id, template, false, request.timezone);
  return page;
}

/** PATCH /v1/pages/{id} with `template` or `erase_content`: the update, then the content changes. */
export async function updatePageWithTemplate(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: UpdatePageBody & { template?: Exclude<TemplateRequest, { type: 'none' }>; erase_content?: boolean },
): Promise<PageRecord> {
  const { template: request, erase_content: erase, ...rest } = body;
  if (!request && !erase) return updatePage(ctx, actor, id, rest);
  checkTimezone(request?.timezone);
  const { row } = await findPage(ctx.store.db, actor, id);
  const dataSourceId = row.parent_type === 'data_source_id' ? row.parent_id! : undefined;
  const template = request ? await templateOf(ctx.store.db, actor, dataSourceId, request) : undefined;
  const page = await updatePage(ctx, actor, id, rest);
  if (template) await applyTemplate(ctx, actor, id, template, erase === true, request?.timezone);
  else if (erase) await ctx.store.transaction((tx) => eraseChildren(tx, id, ctx.clock.now().toISOString()));
  return page;
}
