// Moving a page (https://developers.notion.com/reference/move-page): under another page, or into a data source, at the end of its new
// parent. A page that changes data source keeps its title and the values of properties of the same
// name and type: plain values as they are, select and multi-select options by name (created where
// missing, as a write creates them), a status where the new data source has one of that name. The
// rest start empty, as on a new row there. Its dual relations are taken out of the pages they
// linked (docs/decisions.md).
import type { AppContext } from '../context.js';
import { objectNotFound, validationError } from '../errors.js';
import type { PageProperties } from '../properties/row-properties.js';
import type { MovePageBody } from '../schemas/pages.js';
import { allocatePositions, blocksByIds, lockBlocks, updateBlock, type AncestorRow } from '../store/blocks.js';
import { nextValue } from '../store/counters.js';
import type { BlockRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { assertEditable, reachable, requireCapability, findPage, type Actor } from './access.js';
import { findDataSource, soleDataSource } from './databases.js';
import { schemaOf, storedValuesOf } from '../properties/row-properties.js';
import { initialValues, titleOf, writeValues, type StoredValues } from '../properties/write-values.js';
import { pageRecord, writeContext, type PageRecord } from './pages.js';
import type { PropertyType } from '../schemas/properties.js';
import { optionsOf, type PropertySchema, type Schema } from '../properties/schema.js';
import { syncRelations } from '../properties/relations.js';
import { NO_MENTIONS, type RichTextItem } from '../rich-text.js';
import { searchableText } from '../properties/mentions.js';
import { reindexPages } from '../properties/value-index.js';
import { recordEvents } from '../webhooks/record.js';

/** Types whose stored value means the same in any data source. */
const CARRIED: ReadonlySet<PropertyType> = new Set(['rich_text', 'number', 'checkbox', 'url', 'email', 'phone_number', 'date', 'people', 'files']);

/** Option names of a stored select, multi-select or status value. */
function optionNames(property: PropertySchema, value: unknown): string[] {
  const ids = Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
  const options = optionsOf(property);
  return ids.flatMap((id) => options.filter((o) => o.id === id).map((o) => o.name));
}

/** The write request that gives a page's options to the same-named property of another data source. */
function optionRequest(from: PropertySchema, to: PropertySchema, value: unknown): unknown {
  const names = optionNames(from, value);
  if (names.length === 0) return undefined;
  if (to.type === 'multi_select') return { multi_select: names.map((name) => ({ name })) };
  if (to.type === 'select') return { select: { name: names[0] } };
  // Status options are not created by writes: only a name the new data source knows moves.
  return optionsOf(to).some((o) => o.name === names[0]) ? { status: { name: names[0] } } : undefined;
}

const OPTION_TYPES: ReadonlySet<PropertyType> = new Set(['select', 'multi_select', 'status']);

const INTO_ITSELF = 'The page cannot be moved into itself or into a page inside it.';

/** The new parent (a page, or a data source) and its chain up to the workspace. */
async function destination(tx: Db, actor: Actor, parent: MovePageBody['parent']): Promise<{ row: BlockRow; chain: AncestorRow[] }> {
  if ('data_source_id' in parent) {
    await lockBlocks(tx, [parent.data_source_id]);
    const { row, chain } = await findDataSource(tx, actor, parent.data_source_id);
    return { row, chain };
  }
  const chain = await reachable(tx, actor, parent.page_id, 'page');
  const row = chain[0]!;
  // A database with a single data source is taken for it (discouraged, as Notion says).
  if (row.type === 'child_database') {
    const sole = await soleDataSource(tx, actor, parent.page_id);
    await lockBlocks(tx, [sole.id]);
    return { row: (await blocksByIds(tx, [sole.id]))[0]!, chain: [sole as AncestorRow, ...chain] };
  }
  if (row.type !== 'child_page') throw objectNotFound('page', parent.page_id, actor);
  return { row, chain };
}

/** The page's title rich text, from its values in `from` (its data source's schema) or as a page's. */
function titleItems(values: StoredValues, from: Schema | undefined): RichTextItem[] {
  const key = from ? from.find((p) => p.type === 'title')?.id : 'title';
  return ((key && values[key]) as RichTextItem[] | undefined) ?? [];
}

export async function movePage(ctx: AppContext, actor: Actor, id: string, body: MovePageBody): Promise<PageRecord> {
  requireCapability(actor, 'update_content');
  const now = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx) => {
    await lockBlocks(tx, [id]);
    const { row, chain } = await findPage(tx, actor, id);
    assertEditable(chain);
    const target = await destination(tx, actor, body.parent);
    assertEditable(target.chain);
    if (target.chain.some((a) => a.id === id)) throw validationError(INTO_ITSELF);

    const fromSource = row.parent_type === 'data_source_id' ? (await blocksByIds(tx, [row.parent_id!]))[0]! : undefined;
    const fromSchema = fromSource ? schemaOf(fromSource) : undefined;
    const intoSource = target.row.type === 'data_source';
    const patch: Partial<BlockRow> = { last_edited_time: now, last_edited_by: actor.botId };
    if (target.row.id !== row.parent_id) {
      const [position] = await allocatePositions(tx, target.row.id, 1, { type: 'end' });
      Object.assign(patch, { parent_type: intoSource ? 'data_source_id' : 'page_id', parent_id: target.row.id, position });
      const old = storedValuesOf(row);
      const title = titleItems(old, fromSchema);
      if (intoSource) {
        const schema = schemaOf(target.row);
        let values = initialValues(schema);
        const options: Record<string, unknown> = {};
        for (const p of schema) {
          const same = fromSchema?.find((q) => q.name === p.name && q.type === p.type);
          if (p.type === 'title') values[p.id] = title;
          else if (p.type === 'unique_id') values[p.id] = await nextValue(tx, `unique_id:${target.row.id}:${p.id}`);
          else if (same && old[same.id] !== undefined && CARRIED.has(p.type)) values[p.id] = old[same.id];
          else if (same && OPTION_TYPES.has(p.type)) {
            const request = optionRequest(same, p, old[same.id]);
            if (request !== undefined) options[p.id] = request;
          }
        }
        if (Object.keys(options).length > 0) {
          const w = writeContext(ctx, actor, tx, NO_MENTIONS, schema);
          values = await writeValues(w, options, values);
          if (w.schemaChanged) await updateBlock(tx, target.row.id, { properties: JSON.stringify(schema) });
        }
        patch.properties = JSON.stringify(values);
        patch.title = titleOf(schema, values);
      } else {
        patch.properties = JSON.stringify({ title } satisfies PageProperties);
        patch.title = searchableText(title);
      }
      // The pages it linked through dual relations no longer list it.
      if (fromSchema) {
        const changes = new Map<string, { added: string[]; removed: string[] }>();
        for (const p of fromSchema) if (p.type === 'relation' && Array.isArray(old[p.id])) changes.set(p.id, { added: [], removed: old[p.id] as string[] });
        await syncRelations(tx, fromSchema, changes, id, now, actor);
      }
    }
    await updateBlock(tx, id, patch);
    await reindexPages(tx, [id]);
    await recordEvents(tx, ctx, actor, { kind: 'page', before: row, after: { ...row, ...patch } });
    return pageRecord(tx, actor, { ...row, ...patch }, ctx.clock.now());
  });
}
