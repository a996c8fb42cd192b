// Building a data source schema from configuration requests (https://developers.notion.com/reference/property-object): defaults filled in,
// ids given, options checked. Relations and rollups reach into other data sources through the
// `RelatedSchemas` the caller provides.
import type { IdGenerator } from '../ids.js';
import { NotionError, validationError } from '../errors.js';
import type { PropertyType, SelectColor } from '../schemas/properties.js';
import {
  checkOptionName,
  defaultStatus,
  findProperty,
  newPropertyId,
  nextColor,
  type PropertySchema,
  type Schema,
  type SelectOption,
  type StatusGroup,
} from './schema.js';
import { gatherSchemas, resolveFormulas } from './formula-catalog.js';

export interface ConfigRequest {
  type?: string;
  name?: string;
  description?: string | null;
  [type: string]: unknown;
}

// The keys of a property object beside its configuration; `id` is there when a client sends back
// what it read.
const ECHOED_KEYS: ReadonlySet<string> = new Set(['id', 'type', 'name', 'description']);

/** The type a configuration request names by its one type key. */
export function configType(request: ConfigRequest): PropertyType {
  if (typeof request.type === 'string' && request.type in request) return request.type as PropertyType;
  return Object.keys(request).find((k) => !ECHOED_KEYS.has(k)) as PropertyType;
}

interface OptionRequest {
  id?: string;
  name?: string;
  color?: SelectColor;
  description?: string | null;
}

/**
 * Options from a request. On create every option is new; on update (`existing` given) the sent
 * list replaces the set: options named by id or name keep their id, others are added (https://developers.notion.com/reference/update-data-source-properties).
 */
export function buildOptions(requests: OptionRequest[], ids: IdGenerator, existing?: SelectOption[]): SelectOption[] {
  const seen = new Set<string>();
  return requests.map((req, i) => {
    if (req.id === undefined && req.name === undefined) throw validationError('An option needs a `name` or an `id`.');
    const match = existing?.find((o) => (req.id !== undefined && o.id === req.id) || (req.name !== undefined && o.name === req.name));
    if (req.id !== undefined && !match) throw validationError(`Select option with id ${req.id} does not exist.`);
    const name = req.name ?? match!.name;
    checkOptionName(name);
    const key = name.toLowerCase();
    if (seen.has(key)) throw validationError(`Duplicate select option name: ${name}`);
    seen.add(key);
    return {
      id: match?.id ?? ids.uuid(),
      name,
      color: req.color ?? match?.color ?? nextColor(i),
      description: req.description !== undefined ? req.description : (match?.description ?? null),
    };
  });
}

/**
 * Status options keep Notion's three groups; options not in a group join To-do (https://developers.notion.com/reference/property-object). On
 * create the sent options replace the defaults; on update (`existing` given) they are added or
 * updated, matched by id or name, and the options not sent stay (https://developers.notion.com/reference/update-data-source-properties).
 */
export function buildStatus(
  options: OptionRequest[] | undefined,
  ids: IdGenerator,
  existing?: { options: SelectOption[]; groups: StatusGroup[] },
): { options: SelectOption[]; groups: StatusGroup[] } {
  const base = existing ?? defaultStatus(ids);
  if (options === undefined) return base;
  if (existing) return mergeStatus(options, ids, existing);
  const built = buildOptions(options, ids, base.options);
  const kept = new Set(built.map((o) => o.id));
  const groups = base.groups.map((g) => ({ ...g, option_ids: g.option_ids.filter((id) => kept.has(id)) }));
  const grouped = new Set(groups.flatMap((g) => g.option_ids));
  for (const o of built) if (!grouped.has(o.id)) groups[0]!.option_ids.push(o.id);
  return { options: built, groups };
}

function mergeStatus(
  requests: OptionRequest[],
  ids: IdGenerator,
  existing: { options: SelectOption[]; groups: StatusGroup[] },
): { options: SelectOption[]; groups: StatusGroup[] } {
  const options = existing.options.map((o) => ({ ...o }));
  const groups = existing.groups.map((g) => ({ ...g, option_ids: [...g.option_ids] }));
  for (const req of requests) {
    if (req.id === undefined && req.name === undefined) throw validationError('An option needs a `name` or an `id`.');
    const match = options.find((o) => (req.id !== undefined && o.id === req.id) || (req.name !== undefined && o.name === req.name));
    if (req.id !== undefined && !match) throw validationError(`Status option with id ${req.id} does not exist.`);
    if (req.name !== undefined) {
      checkOptionName(req.name);
      const clash = options.find((o) => o !== match && o.name.toLowerCase() === req.name!.toLowerCase());
      if (clash) throw validationError(`Duplicate status option name: ${req.name}`);
    }
    if (match) {
      if (req.name !== undefined) match.name = req.name;
      if (req.color !== undefined) match.color = req.color;
      if (req.description !== undefined) match.description = req.description;
      continue;
    }
    const option: SelectOption = { id: ids.uuid(), name: req.name!, color: req.color ?? nextColor(options.length), description: req.description ?? null };
    options.push(option);
    groups[0]?.option_ids.push(option.id);
  }
  return { options, groups };
}

/** Everything a relation or rollup configuration needs to know about other data sources. */
export interface RelatedSchemas {
  /** The data source a relation points at, with its database and schema; throws 404 when unreachable. */
  target(dataSourceId: string | undefined, databaseId: string | undefined): Promise<{ dataSourceId: string; databaseId: string; schema: Schema }>;
  /** The data source being written and its workspace, which formulas' stored references name. */
  self?: { dataSourceId: string; workspaceId: string };
}

/**
 * Check the formulas `ids` of `schema` against it and the schemas its relations reach, and store
 * their expressions with id references (properties/formula-catalog.ts). Unreachable data sources are left
 * out, so a formula reading them does not compile.
 */
export async function checkFormulas(schema: Schema, ids: string[], related: RelatedSchemas): Promise<void> {
  const self = related.self;
  if (ids.length === 0 || !self) return;
  const schemas = await gatherSchemas({ id: self.dataSourceId, schema }, async (wanted) => {
    const found = new Map<string, Schema>();
    for (const id of wanted) {
      try {
        found.set(id, (await related.target(id, undefined)).schema);
      } catch (error) {
        if (!(error instanceof NotionError)) throw error;
      }
    }
    return found;
  });
  resolveFormulas(self.dataSourceId, schemas, ids, self.workspaceId);
}

/** The stored configuration of one property of `type` from its request. */
export async function buildConfig(
  type: PropertyType,
  request: Record<string, unknown>,
  ids: IdGenerator,
  schema: Schema,
  related: RelatedSchemas,
  existing?: PropertySchema,
): Promise<Record<string, unknown>> {
  const same = existing?.type === type ? existing : undefined;
  // Options copied from another data source keep their ids when sent back as read; a new
  // property's options are all new, so the ids of named options name nothing here and are dropped.
  if (!same && Array.isArray(request.options)) {
    const options = request.options as OptionRequest[];
    request = { ...request, options: options.map(({ id, ...option }) => (option.name === undefined ? { id, ...option } : option)) };
  }
  switch (type) {
    case 'number':
      return { format: (request.format as string | undefined) ?? (same?.config.format as string | undefined) ?? 'number' };
    case 'select':
    case 'multi_select': {
      const current = (same?.config.options as SelectOption[] | undefined) ?? undefined;
      const options = request.options as OptionRequest[] | undefined;
      return { options: options ? buildOptions(options, ids, current) : (current ?? []) };
    }
    case 'status':
      return buildStatus(request.options as OptionRequest[] | undefined, ids, same?.config as { options: SelectOption[]; groups: StatusGroup[] } | undefined);
    case 'formula':
      return { expression: (request.expression as string | undefined) ?? (same?.config.expression as string | undefined) ?? '' };
    case 'unique_id':
      return { prefix: request.prefix !== undefined ? request.prefix : (same?.config.prefix ?? null) };
    case 'relation': {
      const target = await related.target(request.data_source_id as string | undefined, request.database_id as string | undefined);
      const dual = 'dual_property' in request;
      const base = { database_id: target.databaseId, data_source_id: target.dataSourceId };
      if (!dual) return { ...base, type: 'single_property', single_property: {} };
      const d = request.dual_property as { synced_property_id?: string; synced_property_name?: string };
      return {
        ...base,
        type: 'dual_property',
        dual_property: { synced_property_id: d.synced_property_id ?? '', synced_property_name: d.synced_property_name ?? '' },
      };
    }
    case 'rollup': {
      const relationKey = (request.relation_property_id ?? request.relation_property_name) as string | undefined;
      const relation = relationKey === undefined ? undefined : findProperty(schema, relationKey);
      if (!relation || relation.type !== 'relation') {
        throw validationError(`Rollup relation property ${relationKey ?? 'undefined'} is not a relation property of this data source.`);
      }
      const target = await related.target(relation.config.data_source_id as string, undefined);
      const rollupKey = (request.rollup_property_id ?? request.rollup_property_name) as string | undefined;
      const rolled = rollupKey === undefined ? undefined : findProperty(target.schema, rollupKey);
      if (!rolled) throw validationError(`Rollup property ${rollupKey ?? 'undefined'} does not exist in the related data source.`);
      return {
        function: request.function,
        relation_property_id: encodeURIComponent(relation.id),
        relation_property_name: relation.name,
        rollup_property_id: encodeURIComponent(rolled.id),
        rollup_property_name: rolled.name,
      };
    }
    default:
      return {};
  }
}

/**
 * A new schema from the `properties` of a create request: exactly one title (a database created
 * without one gets Notion's "Name"), ids given, configurations completed.
 */
export async function buildSchema(
  properties: Record<string, ConfigRequest>,
  ids: IdGenerator,
  related: RelatedSchemas,
  options: { defaultTitle: boolean },
): Promise<Schema> {
  const schema: Schema = [];
  const taken = new Set<string>();
  const titles = Object.values(properties).filter((p) => configType(p) === 'title').length;
  if (titles > 1) throw validationError('A data source can have only one title property.');
  if (titles === 0) {
    if (!options.defaultTitle) throw validationError('A data source needs exactly one title property.');
    schema.push({ id: 'title', name: 'Name', description: null, type: 'title', config: {} });
  }
  // Relations first, so rollups defined beside them can name them; the result keeps request order.
  const keys = Object.keys(properties);
  const built = new Map<string, PropertySchema>();
  const ordered = [...keys].sort((a, b) => Number(configType(properties[a]!) === 'rollup') - Number(configType(properties[b]!) === 'rollup'));
  for (const key of ordered) {
    const request = properties[key]!;
    const type = configType(request);
    const id = type === 'title' ? 'title' : newPropertyId(ids, taken);
    taken.add(id);
    const config = await buildConfig(type, request[type] as Record<string, unknown>, ids, [...schema, ...built.values()], related);
    built.set(key, { id, name: request.name ?? key, description: request.description ?? null, type, config });
  }
  const result = [...schema, ...keys.map((k) => built.get(k)!)];
  await checkFormulas(
    result,
    result.filter((p) => p.type === 'formula').map((p) => p.id),
    related,
  );
  return result;
}
