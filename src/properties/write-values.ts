// Writing the property values of a page in a data source (https://developers.notion.com/reference/page-property-values): each key must
// name a property of the schema; each value must be of the property's type; generated values
// cannot be written. Values are stored by property id in a normalized form.
import type { AppContext } from '../context.js';
import { objectNotFound, validationError } from '../errors.js';
import { VALUE_SCHEMAS, WRITABLE_VALUE_TYPES, type WritableValueType } from '../schemas/properties.js';
import type { RichTextItemRequest } from '../schemas/common.js';
import { blocksByIds } from '../store/blocks.js';
import type { Db } from '../store/store.js';
import { usersByIds } from '../store/users.js';
import { formatIssue } from '../validation/format.js';
import { validate, type Issue } from '../validation/validate.js';
import type { Actor } from '../actor.js';
import { withZoneOffset } from './instants.js';
import { checkOptionName, findProperty, nextColor, optionsOf, type PropertySchema, type Schema, type SelectOption, type StatusGroup } from './schema.js';
import { reachedAmong, type SchemaVisibility } from './reach.js';
import { normalizeRichText, type MentionTargets, type RichTextItem } from '../rich-text.js';
import { searchableText } from './mentions.js';

/** Stored values of a page, by property id. */
export type StoredValues = Record<string, unknown>;

export interface StoredFile {
  name: string;
  type: 'external' | 'file';
  external?: { url: string };
  file?: { url: string; expiry_time: string | null };
}

export interface StoredDate {
  start: string;
  end: string | null;
  time_zone: string | null;
}

export interface WriteContext {
  ctx: AppContext;
  actor: Actor;
  db: Db;
  targets: MentionTargets;
  /** The data source's schema; options created by the write are added to it. */
  schema: Schema;
  /**
   * The properties the integration sees (properties/reach.ts); a key naming another is one that
   * does not exist. Every property when absent.
   */
  visible?: SchemaVisibility;
  /** Set when the write added options to the schema. */
  schemaChanged: boolean;
  /** Relation changes, for keeping dual relations in step: property id -> [added, removed]. */
  relationChanges: Map<string, { added: string[]; removed: string[] }>;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkDate(date: { start: string; end?: string | null; time_zone?: string | null }, path: string): StoredDate {
  for (const key of ['start', 'end'] as const) {
    const value = date[key];
    if (value === undefined || value === null) continue;
    if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value))) {
      throw validationError(`body failed validation: ${path}.${key} should be a valid ISO 8601 date string, instead was \`${JSON.stringify(value)}\`.`);
    }
  }
  if (date.time_zone !== undefined && date.time_zone !== null && !isValidTimeZone(date.time_zone)) {
    throw validationError(`body failed validation: ${path}.time_zone should be a valid IANA time zone, instead was \`${JSON.stringify(date.time_zone)}\`.`);
  }
  // Notion answers a value given with a time zone as date-times carrying that zone's offset, and
  // no time zone (docs/decisions.md).
  const zone = date.time_zone ?? null;
  if (zone === null) return { start: date.start, end: date.end ?? null, time_zone: null };
  const end = date.end ?? null;
  return { start: withZoneOffset(date.start, zone), end: end === null ? null : withZoneOffset(end, zone), time_zone: null };
}

/** The union message for a value that is none of the writable shapes (https://developers.notion.com/reference/page-property-values). */
function unionIssue(path: string): Issue {
  return { kind: 'union', options: WRITABLE_VALUE_TYPES.map((t) => ({ kind: 'required', path: `${path}.${t}` }) as Issue) };
}

interface OptionRequest {
  id?: string;
  name?: string;
  color?: SelectOption['color'];
}

/** The option a value names, created on the schema when a select name is new (https://developers.notion.com/reference/page-property-values). */
function optionFor(property: PropertySchema, req: OptionRequest, w: WriteContext, create: boolean): SelectOption {
  const options = optionsOf(property);
  if (req.id !== undefined) {
    const byId = options.find((o) => o.id === req.id);
    if (byId) return byId;
    const kind = property.type === 'status' ? 'Status' : 'Select';
    if (req.name === undefined) throw validationError(`${kind} option with id ${req.id} does not exist for property ${property.name}.`);
  }
  const name = req.name!;
  const byName = options.find((o) => o.name === name);
  if (byName) return byName;
  if (!create) throw validationError(`Invalid status option. Status option "${name}" does not exist for property ${property.name}.`);
  checkOptionName(name);
  const option: SelectOption = { id: w.ctx.ids.uuid(), name, color: req.color ?? nextColor(options.length), description: null };
  property.config = { ...property.config, options: [...options, option] };
  w.schemaChanged = true;
  return option;
}

/** The status option a new page starts with, or `null` resets to: the first of the To-do group. */
export function defaultStatusOption(property: PropertySchema): string | null {
  const groups = (property.config.groups as StatusGroup[] | undefined) ?? [];
  return groups[0]?.option_ids[0] ?? optionsOf(property)[0]?.id ?? null;
}

async function normalizeValue(
  property: PropertySchema,
  type: WritableValueType,
  value: unknown,
  path: string,
  w: WriteContext,
  current: unknown,
): Promise<unknown> {
  switch (type) {
    case 'title':
    case 'rich_text':
      return normalizeRichText(value as RichTextItemRequest[], w.targets, w.ctx.config.urlBase);
    case 'number':
    case 'checkbox':
    case 'url':
    case 'email':
    case 'phone_number':
      return value;
    case 'select':
      return value === null ? null : optionFor(property, value as OptionRequest, w, true).id;
    case 'multi_select': {
      const ids = (value as OptionRequest[]).map((o) => optionFor(property, o, w, true).id);
      return [...new Set(ids)];
    }
    case 'status':
      return value === null ? defaultStatusOption(property) : optionFor(property, value as OptionRequest, w, false).id;
    case 'date':
      return value === null ? null : checkDate(value as { start: string }, `${path}.date`);
    case 'people': {
      const ids = [...new Set((value as Array<{ id: string }>).map((u) => u.id))];
      const found = new Set((await usersByIds(w.db, ids)).filter((u) => u.workspace_id === w.actor.workspaceId).map((u) => u.id));
      const missing = ids.find((id) => !found.has(id));
      if (missing) throw objectNotFound('user', missing, w.actor);
      return ids;
    }
    case 'files':
      return (value as Array<Record<string, unknown>>).map((f): StoredFile => {
        if (f.file_upload) throw objectNotFound('file upload', (f.file_upload as { id: string }).id, w.actor);
        if (f.file) {
          const file = f.file as { url: string; expiry_time?: string };
          return { name: f.name as string, type: 'file', file: { url: file.url, expiry_time: file.expiry_time ?? null } };
        }
        return { name: f.name as string, type: 'external', external: { url: (f.external as { url: string }).url } };
      });
    case 'relation': {
      const ids = [...new Set((value as Array<{ id: string }>).map((r) => r.id))];
      const targetSource = property.config.data_source_id as string;
      const [rows, reached] = await Promise.all([blocksByIds(w.db, ids), reachedAmong(w.db, w.actor, ids)]);
      // A page the integration cannot reach is refused as one that does not exist would be.
      const valid = new Set(rows.filter((r) => r.parent_id === targetSource && r.type === 'child_page' && reached.has(r.id)).map((r) => r.id));
      const bad = ids.find((id) => !valid.has(id));
      if (bad) {
        throw validationError(`Relation ${property.name} can only link pages of its related data source (${targetSource}); ${bad} is not one of them.`);
      }
      const before = new Set((current as string[] | undefined) ?? []);
      const after = new Set(ids);
      w.relationChanges.set(property.id, { added: ids.filter((id) => !before.has(id)), removed: [...before].filter((id) => !after.has(id)) });
      return ids;
    }
    case 'place':
      return value;
    case 'verification': {
      const v = value as { state: 'verified' | 'unverified'; date?: { start: string } | null };
      if (v.state === 'unverified') return { state: 'unverified', verified_by: null, date: null };
      const date = v.date ? checkDate(v.date, `${path}.verification.date`) : null;
      if (date && date.start.length === 10) {
        throw validationError(`body failed validation: ${path}.verification.date.start should include a time, instead was \`${JSON.stringify(date.start)}\`.`);
      }
      return { state: 'verified', verified_by: w.actor.botId, date };
    }
  }
}

/**
 * Apply the `properties` of a create or update request to a page's stored values. Notion reports
 * every unknown or mistyped key at once, joined by spaces (https://developers.notion.com/reference/page-property-values).
 */
export async function writeValues(w: WriteContext, request: Record<string, unknown>, stored: StoredValues): Promise<StoredValues> {
  const next: StoredValues = { ...stored };
  const problems: string[] = [];
  const resolved: Array<[PropertySchema, WritableValueType, unknown, string]> = [];
  for (const [key, value] of Object.entries(request)) {
    const property = findProperty(w.schema, key);
    if (!property || (w.visible && !w.visible(property))) {
      problems.push(`${key} is not a property that exists.`);
      continue;
    }
    const path = `body.properties.${key}`;
    const given = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    const typeKey = given ? WRITABLE_VALUE_TYPES.find((t) => t in given) : undefined;
    if (!given || !typeKey) throw validationError(formatIssue('body', unionIssue(path)));
    if (typeKey !== property.type) {
      problems.push(`${property.name} is expected to be ${property.type}.`);
      continue;
    }
    const extra = Object.keys(given).find((k) => k !== typeKey && k !== 'type' && k !== 'id' && !(k === 'has_more' && typeKey === 'relation'));
    if (extra !== undefined) throw validationError(formatIssue('body', { kind: 'not_present', path: `${path}.${extra}`, value: given[extra] }));
    // A relation reads back with `has_more` beside it; sent back, the flag is ignored.
    if (typeKey === 'relation' && given.has_more !== undefined && typeof given.has_more !== 'boolean') {
      throw validationError(formatIssue('body', { kind: 'expected', path: `${path}.has_more`, expected: ['a boolean', '`undefined`'], value: given.has_more }));
    }
    const checked = validate(VALUE_SCHEMAS[typeKey], given[typeKey], `${path}.${typeKey}`);
    if (!checked.ok) throw validationError(formatIssue('body', checked.issue));
    resolved.push([property, typeKey, checked.value, path]);
  }
  if (problems.length > 0) throw validationError(problems.join(' '));
  for (const [property, type, value, path] of resolved) {
    next[property.id] = await normalizeValue(property, type, value, path, w, stored[property.id]);
  }
  return next;
}

/** Values a new page starts with: its status's default option. */
export function initialValues(schema: Schema): StoredValues {
  const values: StoredValues = {};
  for (const p of schema) if (p.type === 'status') values[p.id] = defaultStatusOption(p);
  return values;
}

/** The title a page row keeps for search, its URL and its child page block, from its stored values. */
export function titleOf(schema: Schema, values: StoredValues): string {
  const title = schema.find((p) => p.type === 'title');
  return title ? searchableText((values[title.id] as RichTextItem[] | undefined) ?? []) : '';
}
