// Schema updates of a data source (https://developers.notion.com/reference/update-data-source-properties): properties renamed, reconfigured, retyped, added
// and removed, keyed by name or id, with the pages' stored values and the other side of each
// dual relation kept in step in the same transaction.
import type { AppContext } from '../context.js';
import { validationError } from '../errors.js';
import type { PropertyType } from '../schemas/properties.js';
import { blocksByIds, dataSourcesMentioning, getBlock, pagesOfDataSource, titlesOf, updateBlock } from '../store/blocks.js';
import { nextValue } from '../store/counters.js';
import type { BlockRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { usersByIds } from '../store/users.js';
import type { Actor } from '../actor.js';
import type { SchemaVisibility } from './reach.js';
import { schemaOf, storedValuesOf } from './row-properties.js';
import { defaultStatusOption, type StoredValues } from './write-values.js';
import {
  findProperty,
  newPropertyId,
  optionsOf,
  schemaResponseBytes,
  type PropertySchema,
  type Schema,
  type SelectOption,
  type StatusGroup,
} from './schema.js';
import { addSyncedProperty } from './relations.js';
import { reindexDataSource, reindexPages } from './value-index.js';
import { buildConfig, checkFormulas, configType, type ConfigRequest, type RelatedSchemas } from './schema-build.js';
import { CLEARED, convertValue, OPTION_TYPES, pruneOptions, type ConversionLookups } from './value-conversion.js';

/** The `properties` of an update request: a configuration, a rename, or `null` to remove. */
export type PropertiesUpdate = Record<string, ConfigRequest | null>;

/** Notion blocks schema updates that would make a schema larger than 50 KB (https://developers.notion.com/reference/data-source). */
export const SCHEMA_SIZE_LIMIT = 50_000;

/** One existing property the request touched: renamed, reconfigured or retyped. */
interface Change {
  before: PropertySchema;
  after: PropertySchema;
  /** The request listed the options itself; values naming other options are cleared. */
  explicitOptions: boolean;
  /** A new name for the other side of a dual relation (`dual_property.synced_property_name`). */
  syncedName?: string;
}

export interface SchemaPlan {
  schema: Schema;
  deleted: PropertySchema[];
  changed: Change[];
  added: PropertySchema[];
}

const notFound = (key: string) => validationError(`Could not find property with name or id: ${key}`);
const clone = (p: PropertySchema): PropertySchema => ({ ...p, config: structuredClone(p.config) });
const decode = (id: unknown): string => decodeURIComponent(String(id ?? ''));
const isDual = (p: PropertySchema): boolean => p.type === 'relation' && p.config.type === 'dual_property';
const syncedIdOf = (p: PropertySchema): string => decode((p.config.dual_property as { synced_property_id?: string } | undefined)?.synced_property_id);

/** The type a configuration names, or undefined for a rename (`{name}`, `{name, description}`). */
const requestedType = (request: ConfigRequest): PropertyType | undefined => configType(request) as PropertyType | undefined;

/**
 * A relation or rollup reconfigured without naming its target keeps the one it had; a relation
 * cannot be pointed at another data source (Notion keeps its pages' links meaningful that way).
 */
function completeRequest(before: PropertySchema, type: PropertyType, request: Record<string, unknown>): Record<string, unknown> {
  const out = { ...request };
  if (type === 'relation' && before.type === 'relation' && out.data_source_id === undefined && out.database_id === undefined) {
    out.data_source_id = before.config.data_source_id;
  }
  if (type === 'rollup' && before.type === 'rollup') {
    if (out.relation_property_id === undefined && out.relation_property_name === undefined) out.relation_property_id = before.config.relation_property_id;
    if (out.rollup_property_id === undefined && out.rollup_property_name === undefined) out.rollup_property_id = before.config.rollup_property_id;
  }
  return out;
}

/** Options a property retyped between select, multi_select and status carries over. */
function carryOptions(before: PropertySchema, after: PropertySchema): void {
  const old = optionsOf(before);
  if (after.type !== 'status') {
    after.config = { ...after.config, options: old.map((o) => ({ ...o })) };
    return;
  }
  const options = [...optionsOf(after)];
  const groups = ((after.config.groups as StatusGroup[] | undefined) ?? []).map((g) => ({ ...g, option_ids: [...g.option_ids] }));
  for (const o of old) {
    if (options.some((x) => x.name.toLowerCase() === o.name.toLowerCase())) continue;
    options.push({ ...o } satisfies SelectOption);
    groups[0]?.option_ids.push(o.id);
  }
  after.config = { options, groups };
}

/**
 * The new schema a `properties` update asks for, and what changed. Keys name the properties of
 * the schema as it was; deletions apply first, then the other entries in request order, rollups
 * last so that they can use a relation the same request adds or renames.
 */
export async function planSchemaUpdate(
  original: Schema,
  request: PropertiesUpdate,
  ctx: Pick<AppContext, 'ids'>,
  relatedFor: (current: () => Schema) => RelatedSchemas,
  visible: SchemaVisibility = () => true,
): Promise<SchemaPlan> {
  let schema = original.map(clone);
  const related = relatedFor(() => schema);
  const taken = new Set(original.map((p) => p.id));
  const plan: SchemaPlan = { schema, deleted: [], changed: [], added: [] };
  const touched = new Set<string>();
  const addedKeys = new Map<PropertySchema, string>();
  const items: Array<{ key: string; value: ConfigRequest; existing: PropertySchema | undefined; type: PropertyType | undefined }> = [];

  for (const [key, value] of Object.entries(request)) {
    const existing = findProperty(original, key);
    // A property the integration does not see is not there for it to change, and its name is not
    // free to take (properties/reach.ts, docs/decisions.md).
    if (existing && !visible(existing)) throw notFound(key);
    if (existing) {
      if (touched.has(existing.id)) throw validationError(`Property ${existing.name} is named more than once in this request.`);
      touched.add(existing.id);
    }
    if (value === null) {
      if (!existing) throw notFound(key);
      if (existing.type === 'title') throw validationError(`The title property ${existing.name} cannot be deleted.`);
      plan.deleted.push(existing);
      schema = schema.filter((p) => p.id !== existing.id);
      continue;
    }
    const type = requestedType(value);
    if (!existing && type === undefined) throw notFound(key);
    items.push({ key, value, existing, type });
  }
  plan.schema = schema;

  const ordered = [...items].sort((a, b) => Number(a.type === 'rollup') - Number(b.type === 'rollup'));
  for (const { key, value, existing, type } of ordered) {
    if (!existing) {
      if (type === 'title') throw validationError('A data source can have only one title property.');
      const id = newPropertyId(ctx.ids, taken);
      taken.add(id);
      const config = await buildConfig(type!, (value[type!] ?? {}) as Record<string, unknown>, ctx.ids, schema, related);
      const property: PropertySchema = { id, name: value.name ?? key, description: value.description ?? null, type: type!, config };
      schema.push(property);
      plan.added.push(property);
      addedKeys.set(property, key);
      continue;
    }
    const index = schema.findIndex((p) => p.id === existing.id);
    const before = schema[index]!;
    const after: PropertySchema = clone(before);
    if (value.name !== undefined) after.name = value.name;
    if (value.description !== undefined) after.description = value.description;
    const change: Change = { before: existing, after, explicitOptions: false };
    if (type !== undefined && type !== before.type) {
      if (before.type === 'title') throw validationError(`The type of the title property ${before.name} cannot be changed.`);
      if (type === 'title') throw validationError('A data source can have only one title property.');
    }
    if (type !== undefined && type !== 'title') {
      const config = completeRequest(before, type, (value[type] ?? {}) as Record<string, unknown>);
      change.explicitOptions = OPTION_TYPES.has(type) && config.options !== undefined;
      after.type = type;
      after.config = await buildConfig(type, config, ctx.ids, schema, related, before.type === type ? before : undefined);
      if (type !== before.type && OPTION_TYPES.has(type) && OPTION_TYPES.has(before.type) && !change.explicitOptions) carryOptions(before, after);
      if (type === 'relation' && before.type === 'relation') {
        if (after.config.data_source_id !== before.config.data_source_id) {
          throw validationError(
            `Cannot change the related data source of relation property ${before.name}. Remove the property and add a new relation instead.`,
          );
        }
        if (isDual(before) && isDual(after)) {
          change.syncedName = (config.dual_property as { synced_property_name?: string } | undefined)?.synced_property_name;
          after.config = { ...after.config, dual_property: structuredClone(before.config.dual_property) };
        }
      }
    }
    schema[index] = after;
    plan.changed.push(change);
  }

  // Added properties come after the existing ones, in request order.
  const added = new Set(plan.added);
  const requestOrder = items.filter((i) => !i.existing).map((i) => plan.added.find((p) => addedKeys.get(p) === i.key)!);
  schema = [...schema.filter((p) => !added.has(p)), ...requestOrder];
  plan.schema = schema;
  plan.added = requestOrder;

  assertUniqueNames(schema);
  // Formulas the request wrote are checked against the schema as it will be.
  const formulas = ordered
    .filter((i) => i.type === 'formula')
    .map((i) => (i.existing ? i.existing.id : plan.added.find((p) => addedKeys.get(p) === i.key)!.id));
  await checkFormulas(schema, formulas, related);
  return plan;
}

function assertUniqueNames(schema: Schema): void {
  const names = new Set<string>();
  for (const p of schema) {
    if (names.has(p.name)) throw validationError(`A property named ${p.name} already exists in this data source.`);
    names.add(p.name);
  }
}

/** Names and titles the values being converted point at, looked up once. */
async function lookupsFor(tx: Db, ctx: AppContext, plan: SchemaPlan, pages: BlockRow[]): Promise<ConversionLookups> {
  const userIds = new Set<string>();
  const pageIds = new Set<string>();
  for (const { before, after } of plan.changed) {
    if (before.type === after.type) continue;
    for (const page of pages) {
      const stored = storedValuesOf(page)[before.id];
      if (before.type === 'people') for (const id of (stored as string[] | undefined) ?? []) userIds.add(id);
      if (before.type === 'relation') for (const id of (stored as string[] | undefined) ?? []) pageIds.add(id);
      if (before.type === 'created_by') userIds.add(page.created_by);
      if (before.type === 'last_edited_by') userIds.add(page.last_edited_by);
    }
  }
  const users = await usersByIds(tx, [...userIds]);
  return {
    userNames: new Map(users.map((u) => [u.id, u.name ?? ''])),
    titles: await titlesOf(tx, [...pageIds]),
    urlBase: ctx.config.urlBase,
    ids: ctx.ids,
  };
}

/** The new stored values of the pages of a data source under `plan`; only pages that changed. */
async function migrateValues(tx: Db, ctx: AppContext, dataSourceId: string, plan: SchemaPlan): Promise<Map<string, StoredValues>> {
  const retyped = plan.changed.filter((c) => c.before.type !== c.after.type);
  const pruned = plan.changed.filter((c) => c.before.type === c.after.type && OPTION_TYPES.has(c.after.type));
  const numbered = [...retyped.map((c) => c.after), ...plan.added].filter((p) => p.type === 'unique_id');
  const statuses = plan.added.filter((p) => p.type === 'status');
  const out = new Map<string, StoredValues>();
  if (plan.deleted.length + retyped.length + pruned.length + numbered.length + statuses.length === 0) return out;
  const pages = await pagesOfDataSource(tx, dataSourceId);
  const lookups = await lookupsFor(tx, ctx, plan, pages);
  for (const page of pages) {
    const values = storedValuesOf(page);
    const set = (id: string, value: unknown) => {
      if (value === CLEARED) delete values[id];
      else values[id] = value;
    };
    for (const p of plan.deleted) delete values[p.id];
    for (const { before, after, explicitOptions } of retyped) {
      set(after.id, convertValue(before, after, values[before.id], page, !explicitOptions, lookups));
    }
    for (const { after } of pruned) if (after.id in values) set(after.id, pruneOptions(after, values[after.id]));
    // Existing pages get the default status and the next ids, as pages created afterwards do.
    for (const p of statuses) values[p.id] = defaultStatusOption(p);
    for (const p of numbered) values[p.id] = await nextValue(tx, `unique_id:${dataSourceId}:${p.id}`);
    if (JSON.stringify(values) !== page.properties) out.set(page.id, values);
  }
  return out;
}

/** Read, change and store the schema of a data source; `edit` answers whether it changed anything. */
async function editSchema(tx: Db, dataSourceId: string, edit: (schema: Schema) => boolean): Promise<void> {
  const row = await getBlock(tx, dataSourceId);
  if (!row) return;
  const schema = schemaOf(row);
  if (edit(schema)) await updateBlock(tx, dataSourceId, { properties: JSON.stringify(schema) });
}

/** The other side of a dual relation, when it still points back at `property` of `dataSourceId`. */
function mirrorIn(schema: Schema, property: PropertySchema, dataSourceId: string): PropertySchema | undefined {
  const mirror = schema.find((p) => p.id === syncedIdOf(property));
  if (!mirror || !isDual(mirror) || mirror.config.data_source_id !== dataSourceId || syncedIdOf(mirror) !== property.id) return undefined;
  return mirror;
}

/** One side of a dual relation is gone: the other keeps its links as a one-way relation. */
async function unpairMirror(tx: Db, property: PropertySchema, dataSourceId: string): Promise<void> {
  await editSchema(tx, property.config.data_source_id as string, (schema) => {
    const mirror = mirrorIn(schema, property, dataSourceId);
    if (!mirror) return false;
    mirror.config = { database_id: mirror.config.database_id, data_source_id: mirror.config.data_source_id, type: 'single_property', single_property: {} };
    return true;
  });
}

/** A dual relation made one-way: its other side is removed, with its values. */
async function removeMirror(tx: Db, property: PropertySchema, dataSourceId: string): Promise<void> {
  const targetId = property.config.data_source_id as string;
  let removed: string | undefined;
  await editSchema(tx, targetId, (schema) => {
    const mirror = mirrorIn(schema, property, dataSourceId);
    if (!mirror) return false;
    removed = mirror.id;
    schema.splice(schema.indexOf(mirror), 1);
    return true;
  });
  if (removed === undefined) return;
  for (const page of await pagesOfDataSource(tx, targetId)) {
    const values = storedValuesOf(page);
    if (!(removed in values)) continue;
    delete values[removed];
    await updateBlock(tx, page.id, { properties: JSON.stringify(values) });
  }
  await reindexDataSource(tx, targetId, [removed]);
}

/** A relation made two-way: the pages it links list, in the new mirror, the pages linking them. */
async function backfillMirror(tx: Db, propertyId: string, dataSourceId: string): Promise<void> {
  const own = schemaOf((await getBlock(tx, dataSourceId))!).find((p) => p.id === propertyId);
  if (!own || !isDual(own)) return;
  const mirrorId = syncedIdOf(own);
  const linking = new Map<string, string[]>();
  for (const page of await pagesOfDataSource(tx, dataSourceId)) {
    for (const target of (storedValuesOf(page)[propertyId] as string[] | undefined) ?? []) {
      linking.set(target, [...(linking.get(target) ?? []), page.id]);
    }
  }
  for (const row of await blocksByIds(tx, [...linking.keys()])) {
    const values = storedValuesOf(row);
    const current = (values[mirrorId] as string[] | undefined) ?? [];
    values[mirrorId] = [...new Set([...current, ...linking.get(row.id)!])];
    await updateBlock(tx, row.id, { properties: JSON.stringify(values) });
  }
  await reindexPages(tx, linking.keys());
}

/** Renames of one side of a dual relation are shown on the other (`synced_property_name`). */
async function syncMirrorNames(tx: Db, change: Change, dataSourceId: string): Promise<void> {
  const targetId = change.after.config.data_source_id as string;
  let mirrorName: string | undefined;
  await editSchema(tx, targetId, (schema) => {
    const mirror = mirrorIn(schema, change.after, dataSourceId);
    if (!mirror) return false;
    if (change.syncedName !== undefined && change.syncedName !== mirror.name) {
      if (schema.some((p) => p !== mirror && p.name === change.syncedName)) {
        throw validationError(`A property named ${change.syncedName} already exists in the related data source.`);
      }
      mirror.name = change.syncedName;
    }
    mirrorName = mirror.name;
    mirror.config = { ...mirror.config, dual_property: { synced_property_id: encodeURIComponent(change.after.id), synced_property_name: change.after.name } };
    return true;
  });
  if (mirrorName === undefined) return;
  await editSchema(tx, dataSourceId, (schema) => {
    const own = schema.find((p) => p.id === change.after.id);
    if (!own || !isDual(own)) return false;
    own.config = { ...own.config, dual_property: { synced_property_id: encodeURIComponent(syncedIdOf(own)), synced_property_name: mirrorName } };
    return true;
  });
}

/**
 * Rollups store the names of the relation and property they read; after renames, the rollups of
 * this data source and of those related to it show the current names.
 */
export async function refreshRollupNames(tx: Db, workspaceId: string, dataSourceId: string): Promise<void> {
  const own = await getBlock(tx, dataSourceId);
  const rows = new Map<string, BlockRow>((await dataSourcesMentioning(tx, workspaceId, dataSourceId)).map((r) => [r.id, r]));
  if (own) rows.set(own.id, own);
  const schemas = new Map<string, Schema>();
  const load = async (id: string): Promise<Schema> => {
    if (!schemas.has(id)) schemas.set(id, schemaOf(rows.get(id) ?? (await getBlock(tx, id)) ?? { properties: null }));
    return schemas.get(id)!;
  };
  for (const id of rows.keys()) {
    const schema = await load(id);
    let changed = false;
    for (const rollup of schema.filter((p) => p.type === 'rollup')) {
      const relation = schema.find((p) => p.id === decode(rollup.config.relation_property_id));
      if (!relation || relation.type !== 'relation') continue;
      const rolled = (await load(relation.config.data_source_id as string)).find((p) => p.id === decode(rollup.config.rollup_property_id));
      const names = { relation_property_name: relation.name, rollup_property_name: rolled?.name ?? rollup.config.rollup_property_name };
      if (names.relation_property_name === rollup.config.relation_property_name && names.rollup_property_name === rollup.config.rollup_property_name) continue;
      rollup.config = { ...rollup.config, ...names };
      changed = true;
    }
    if (changed) await updateBlock(tx, id, { properties: JSON.stringify(schema) });
  }
}

/** A data source moved to another database: relations to it name their new database. */
export async function relinkDatabase(tx: Db, workspaceId: string, dataSourceId: string, databaseId: string): Promise<void> {
  for (const row of await dataSourcesMentioning(tx, workspaceId, dataSourceId)) {
    await editSchema(tx, row.id, (schema) => {
      let changed = false;
      for (const p of schema) {
        if (p.type !== 'relation' || p.config.data_source_id !== dataSourceId || p.config.database_id === databaseId) continue;
        p.config = { ...p.config, database_id: databaseId };
        changed = true;
      }
      return changed;
    });
  }
}

/** Refuse a schema larger than Notion allows (https://developers.notion.com/reference/data-source, https://developers.notion.com/reference/update-data-source-properties). */
function checkSize(schema: Schema): void {
  const size = schemaResponseBytes(schema);
  if (size > SCHEMA_SIZE_LIMIT) {
    throw validationError(`Data source schema too large: ${size} bytes, more than the ${SCHEMA_SIZE_LIMIT} bytes allowed.`);
  }
}

/** What the caller knows of the integration's reach: relation targets and the properties it sees. */
export interface SchemaReach {
  /** Relation targets, with `current` the schema being built (a relation to itself). */
  related: (current: () => Schema) => RelatedSchemas;
  visible: SchemaVisibility;
}

/**
 * Apply the `properties` of an update request to the data source `source` (in database
 * `databaseId`): the schema, the values of its pages, and the other sides of dual relations.
 */
export async function updateSchema(
  tx: Db,
  ctx: AppContext,
  actor: Actor,
  source: BlockRow,
  databaseId: string,
  request: PropertiesUpdate,
  now: string,
  reach: SchemaReach,
): Promise<void> {
  const plan = await planSchemaUpdate(schemaOf(source), request, ctx, reach.related, reach.visible);
  // Values first: converting them may add options to the new schema.
  const values = await migrateValues(tx, ctx, source.id, plan);
  checkSize(plan.schema);
  await updateBlock(tx, source.id, { properties: JSON.stringify(plan.schema), last_edited_time: now, last_edited_by: actor.botId });
  for (const [pageId, stored] of values) await updateBlock(tx, pageId, { properties: JSON.stringify(stored) });

  const self = { id: source.id, databaseId, title: source.title ?? '' };
  for (const p of plan.deleted) if (isDual(p)) await unpairMirror(tx, p, source.id);
  for (const change of plan.changed) {
    const { before, after } = change;
    if (isDual(before) && after.type !== 'relation') await unpairMirror(tx, before, source.id);
    else if (isDual(before) && !isDual(after)) await removeMirror(tx, before, source.id);
    else if (isDual(before)) await syncMirrorNames(tx, change, source.id);
    else if (isDual(after)) {
      await addSyncedProperty(tx, ctx, self, plan.schema, after, now, actor);
      if (before.type === 'relation') await backfillMirror(tx, after.id, source.id);
    }
  }
  for (const p of plan.added) if (isDual(p)) await addSyncedProperty(tx, ctx, self, plan.schema, p, now, actor);
  await refreshRollupNames(tx, actor.workspaceId, source.id);
  await reindexDataSource(tx, source.id, reindexedBy(plan));
}

/**
 * The properties whose index rows a schema update changes: removed, added, retyped or
 * reconfigured ones (options renamed or reordered). A rename alone changes no row.
 */
export function reindexedBy(plan: SchemaPlan): string[] {
  const ids = [...plan.deleted, ...plan.added].map((p) => p.id);
  for (const { before, after } of plan.changed) {
    if (before.type !== after.type || JSON.stringify(before.config) !== JSON.stringify(after.config)) ids.push(after.id);
  }
  return ids;
}
