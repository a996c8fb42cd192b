// Relations (https://developers.notion.com/reference/property-object, https://developers.notion.com/reference/page-property-values): a dual relation is a pair of properties, one on each data source,
// that Notion keeps in step.
import type { AppContext } from '../context.js';
import { getBlock, lockBlocks, updateBlock } from '../store/blocks.js';
import type { Db } from '../store/store.js';
import type { Actor } from '../actor.js';
import { newPropertyId, type PropertySchema, type Schema } from './schema.js';
import { reindexPages } from './value-index.js';
import { schemaOf, storedValuesOf } from './row-properties.js';

function uniqueName(wanted: string, schema: Schema): string {
  let name = wanted;
  for (let n = 2; schema.some((p) => p.name === name); n++) name = `${wanted} ${n}`;
  return name;
}

/**
 * Create the property on the related data source that mirrors `property` (a dual relation of the
 * data source `source`), and point each at the other.
 */
export async function addSyncedProperty(
  tx: Db,
  ctx: AppContext,
  source: { id: string; databaseId: string; title: string },
  _schema: Schema,
  property: PropertySchema,
  now: string,
  actor: Actor,
): Promise<void> {
  const targetId = property.config.data_source_id as string;
  await lockBlocks(tx, [targetId]);
  const targetSchema = schemaOf(await getBlock(tx, targetId));
  const requested = (property.config.dual_property as { synced_property_name?: string }).synced_property_name;
  // Notion names the mirror after the source: "Related to <source title> (<property name>)".
  const name = uniqueName(requested || `Related to ${source.title || 'Untitled'} (${property.name})`, targetSchema);
  const id = newPropertyId(ctx.ids, new Set(targetSchema.map((p) => p.id)));
  targetSchema.push({
    id,
    name,
    description: null,
    type: 'relation',
    config: {
      database_id: source.databaseId,
      data_source_id: source.id,
      type: 'dual_property',
      dual_property: { synced_property_id: encodeURIComponent(property.id), synced_property_name: property.name },
    },
  });
  await updateBlock(tx, targetId, { properties: JSON.stringify(targetSchema), last_edited_time: now, last_edited_by: actor.botId });

  // Read the source again: for a relation of a data source to itself, it is the row just written.
  const sourceSchema = schemaOf(await getBlock(tx, source.id));
  const own = sourceSchema.find((p) => p.id === property.id)!;
  own.config = { ...own.config, dual_property: { synced_property_id: encodeURIComponent(id), synced_property_name: name } };
  await updateBlock(tx, source.id, { properties: JSON.stringify(sourceSchema) });
}

type RelationChanges = Map<string, { added: string[]; removed: string[] }>;

/** The dual relations among `changes`, whose other side syncRelations updates under the related data source's lock. */
export function dualChanges(schema: Schema, changes: RelationChanges): Array<{ property: PropertySchema; added: string[]; removed: string[] }> {
  return [...changes].flatMap(([propertyId, change]) => {
    const property = schema.find((p) => p.id === propertyId);
    return property && property.config.type === 'dual_property' ? [{ property, ...change }] : [];
  });
}

/**
 * After a page's relations changed, update the other side of each dual relation: pages newly
 * linked list this page in the synced property, pages unlinked no longer do.
 */
export async function syncRelations(tx: Db, schema: Schema, changes: RelationChanges, pageId: string, now: string, actor: Actor): Promise<void> {
  const touched = new Set<string>();
  for (const { property, added, removed } of dualChanges(schema, changes)) {
    const synced = decodeURIComponent((property.config.dual_property as { synced_property_id: string }).synced_property_id);
    // The related data source, then its pages, as a schema change there takes them.
    await lockBlocks(tx, [property.config.data_source_id as string]);
    await lockBlocks(tx, [...added, ...removed]);
    for (const [ids, link] of [
      [added, true],
      [removed, false],
    ] as const) {
      for (const id of ids) {
        const row = await getBlock(tx, id);
        if (!row) continue;
        const values = storedValuesOf(row);
        const current = (values[synced] as string[] | undefined) ?? [];
        const next = link ? (current.includes(pageId) ? current : [...current, pageId]) : current.filter((x) => x !== pageId);
        if (next === current) continue;
        values[synced] = next;
        await updateBlock(tx, id, { properties: JSON.stringify(values), last_edited_time: now, last_edited_by: actor.botId });
        touched.add(id);
      }
    }
  }
  await reindexPages(tx, touched);
}
