// A view's `configuration` checked against its data source's schema, merged on update, and shown
// with the property names Notion adds to responses (https://developers.notion.com/reference/view).
// Stored with property ids; a property deleted since is left out when shown.
import { validationError } from '../errors.js';
import type { PropertyType } from '../schemas/properties.js';
import type { ViewType } from '../schemas/views.js';
import { findProperty, type PropertySchema, type Schema } from '../properties/schema.js';
import { formatIssue } from '../validation/format.js';

export type Configuration = Record<string, unknown> & { type: string };

// Which property type each group-by type names (https://developers.notion.com/reference/view).
const GROUP_BY_PROPERTY: Record<string, PropertyType[]> = {
  person: ['people'],
  text: ['rich_text'],
};

/** Fields holding a property id, and the property types they accept (any when empty). */
const ID_FIELDS: Record<string, { name?: string; types: PropertyType[] }> = {
  date_property_id: { name: 'date_property_name', types: ['date', 'created_time', 'last_edited_time', 'formula'] },
  end_date_property_id: { name: 'end_date_property_name', types: ['date', 'created_time', 'last_edited_time', 'formula'] },
  map_by: { name: 'map_by_property_name', types: ['place'] },
  x_axis_property_id: { types: [] },
  y_axis_property_id: { types: [] },
};
const GROUP_FIELDS = ['group_by', 'sub_group_by', 'x_axis', 'stack_by'];
const PROPERTY_LISTS = ['properties', 'table_properties'];
const AGGREGATIONS = ['y_axis', 'value'];

/** Types whose configuration names a required field, with that field. */
const REQUIRED: Partial<Record<ViewType, string>> = { board: 'group_by', calendar: 'date_property_id', timeline: 'date_property_id', chart: 'chart_type' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function resolveId(schema: Schema, key: unknown, path: string, types: PropertyType[]): string {
  const property = typeof key === 'string' ? findProperty(schema, key) : undefined;
  if (!property) throw validationError(`Could not find property with name or id: ${String(key)}`);
  if (types.length > 0 && !types.includes(property.type)) {
    throw validationError(`${path} should name a ${types.join(' or ')} property, instead was \`${JSON.stringify(key)}\` (a ${property.type} property).`);
  }
  return property.id;
}

function resolveGroupBy(schema: Schema, group: Record<string, unknown>, path: string): Record<string, unknown> {
  const type = group.type as string;
  const types = GROUP_BY_PROPERTY[type] ?? [type as PropertyType];
  return { ...group, property_id: resolveId(schema, group.property_id, `${path}.property_id`, types) };
}

/** The configuration of a view of `viewType`, its property references resolved to ids. */
export function resolveConfiguration(config: Configuration, viewType: string, schema: Schema, path = 'body.configuration'): Configuration {
  if (config.type !== viewType) {
    throw validationError(formatIssue('body', { kind: 'expected', path: `${path}.type`, expected: [`\`"${viewType}"\``], value: config.type }));
  }
  const out: Configuration = { ...config };
  for (const field of GROUP_FIELDS) if (isObject(out[field])) out[field] = resolveGroupBy(schema, out[field], `${path}.${field}`);
  for (const field of PROPERTY_LISTS) {
    const list = out[field];
    if (!Array.isArray(list)) continue;
    const seen = new Set<string>();
    out[field] = list.map((item: Record<string, unknown>, i) => {
      const id = resolveId(schema, item.property_id, `${path}.${field}[${i}].property_id`, []);
      if (seen.has(id)) throw validationError(`${path}.${field} names the property ${String(item.property_id)} more than once.`);
      seen.add(id);
      return { ...item, property_id: id };
    });
  }
  for (const [field, rule] of Object.entries(ID_FIELDS)) {
    if (typeof out[field] === 'string') out[field] = resolveId(schema, out[field], `${path}.${field}`, rule.types);
  }
  for (const field of AGGREGATIONS) {
    const agg = out[field];
    if (!isObject(agg)) continue;
    if (agg.property_id === undefined && agg.aggregator !== 'count') {
      throw validationError(formatIssue('body', { kind: 'required', path: `${path}.${field}.property_id` }));
    }
    if (agg.property_id !== undefined) out[field] = { ...agg, property_id: resolveId(schema, agg.property_id, `${path}.${field}.property_id`, []) };
  }
  for (const [field, types] of [
    ['cover', ['files']],
    ['subtasks', ['relation']],
    ['arrows_by', ['relation']],
  ] as Array<[string, PropertyType[]]>) {
    const value = out[field];
    if (isObject(value) && typeof value.property_id === 'string') {
      out[field] = { ...value, property_id: resolveId(schema, value.property_id, `${path}.${field}.property_id`, types) };
    }
  }
  if (isObject(out.cover) && out.cover.type === 'property' && out.cover.property_id === undefined) {
    throw validationError(formatIssue('body', { kind: 'required', path: `${path}.cover.property_id` }));
  }
  return out;
}

/** A configuration for a new view: the one sent, or the type's bare one; required fields checked. */
export function newConfiguration(viewType: ViewType, sent: Configuration | undefined, schema: Schema): Configuration | null {
  if (viewType === 'dashboard') return sent === undefined ? { type: 'dashboard', rows: [] } : resolveConfiguration(sent, viewType, schema);
  const required = REQUIRED[viewType];
  if (required && (sent === undefined || sent[required] === undefined)) {
    const path = sent === undefined ? 'body.configuration' : `body.configuration.${required}`;
    throw validationError(formatIssue('body', { kind: 'required', path }));
  }
  return sent === undefined ? { type: viewType } : resolveConfiguration(sent, viewType, schema);
}

/** An update of a configuration: fields sent replace those stored, `null` clears one (https://developers.notion.com/reference/update-a-view). */
export function mergeConfiguration(stored: Configuration | null, patch: Configuration, viewType: string, schema: Schema): Configuration {
  const resolved = resolveConfiguration(patch, viewType, schema);
  const out: Configuration = { ...(stored ?? { type: viewType }) };
  for (const [key, value] of Object.entries(resolved)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  const required = REQUIRED[viewType as ViewType];
  if (required && out[required] === undefined) throw validationError(formatIssue('body', { kind: 'required', path: `body.configuration.${required}` }));
  return out;
}

/** The table configuration of a database's first view: every property, in schema order. */
export function defaultTableConfiguration(schema: Schema): Configuration {
  return { type: 'table', properties: schema.map((p) => ({ property_id: p.id, visible: true })) };
}

// ---- Shown --------------------------------------------------------------------------------

const byId = (schema: Schema, id: unknown): PropertySchema | undefined => (typeof id === 'string' ? schema.find((p) => p.id === id) : undefined);

function withName(item: Record<string, unknown>, schema: Schema): Record<string, unknown> | undefined {
  const property = byId(schema, item.property_id);
  if (!property) return undefined;
  // The name goes right after the id, as Notion lists it.
  const { property_id: _id, ...rest } = item;
  return { property_id: encodeURIComponent(property.id), property_name: property.name, ...rest };
}

/** A stored configuration as a response shows it: ids encoded, names beside them. */
export function presentConfiguration(config: Configuration | null, schema: Schema): Configuration | null {
  if (config === null) return null;
  const out: Configuration = { ...config };
  for (const field of PROPERTY_LISTS) {
    const list = out[field];
    if (Array.isArray(list)) out[field] = list.map((item: Record<string, unknown>) => withName(item, schema)).filter((item) => item !== undefined);
  }
  for (const field of GROUP_FIELDS) {
    if (!isObject(out[field])) continue;
    const shown = withName(out[field], schema);
    if (shown) out[field] = shown;
    else delete out[field];
  }
  for (const [field, rule] of Object.entries(ID_FIELDS)) {
    const property = byId(schema, out[field]);
    if (!property) continue;
    const entries = Object.entries(out);
    const at = entries.findIndex(([key]) => key === field);
    entries.splice(at, 1, [field, encodeURIComponent(property.id)], ...(rule.name ? [[rule.name, property.name] as [string, string]] : []));
    for (const key of Object.keys(out)) delete out[key];
    Object.assign(out, Object.fromEntries(entries));
  }
  return out;
}
