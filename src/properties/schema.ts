// Data source schemas (https://developers.notion.com/reference/property-object): property configurations as stored, their ids, defaults, and the
// checks a new schema must pass.
import type { IdGenerator } from '../ids.js';
import { validationError } from '../errors.js';
import { SELECT_COLORS, type PropertyType, type SelectColor } from '../schemas/properties.js';

export interface SelectOption {
  id: string;
  name: string;
  color: SelectColor;
  description: string | null;
}

export interface StatusGroup {
  id: string;
  name: string;
  color: SelectColor;
  option_ids: string[];
}

/** One property of a data source, as stored. `config` is the type's object in response form. */
export interface PropertySchema {
  id: string;
  name: string;
  description: string | null;
  type: PropertyType;
  config: Record<string, unknown>;
}

export type Schema = PropertySchema[];

// Property ids are short strings of URL-safe-when-encoded characters, as Notion's are ("%3AUPp" is
// ":UPp"); the title's id is always "title".
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:;<=>@[]^_{|}~';

export function newPropertyId(ids: IdGenerator, taken: Set<string>): string {
  for (;;) {
    const hex = ids.uuid().replace(/-/g, '');
    let id = '';
    for (let i = 0; i < 4; i++) id += ID_ALPHABET[parseInt(hex.slice(20 + i * 3, 23 + i * 3), 16) % ID_ALPHABET.length];
    if (!taken.has(id) && id !== 'title') return id;
  }
}

/** Colors given to options created without one: Notion picks one; we go round the palette. */
export function nextColor(index: number): SelectColor {
  const palette = SELECT_COLORS.filter((c) => c !== 'default');
  return palette[index % palette.length]!;
}

export function findProperty(schema: Schema, key: string): PropertySchema | undefined {
  return schema.find((p) => p.name === key) ?? schema.find((p) => p.id === key || encodeURIComponent(p.id) === key);
}

/** Notion's default status options and groups for `{"status": {}}` (https://developers.notion.com/reference/property-object). */
export function defaultStatus(ids: IdGenerator): { options: SelectOption[]; groups: StatusGroup[] } {
  const option = (name: string, color: SelectColor): SelectOption => ({ id: ids.uuid(), name, color, description: null });
  const options = [option('Not started', 'default'), option('In progress', 'blue'), option('Done', 'green')];
  const groups: StatusGroup[] = [
    { id: ids.uuid(), name: 'To-do', color: 'gray', option_ids: [options[0]!.id] },
    { id: ids.uuid(), name: 'In progress', color: 'blue', option_ids: [options[1]!.id] },
    { id: ids.uuid(), name: 'Complete', color: 'green', option_ids: [options[2]!.id] },
  ];
  return { options, groups };
}

/** Option names may not hold commas, and are unique without regard to case. */
export function checkOptionName(name: string): void {
  if (name.includes(',')) throw validationError(`Invalid select option, commas not allowed: ${name}`);
}

export function optionsOf(property: PropertySchema): SelectOption[] {
  return (property.config.options as SelectOption[] | undefined) ?? [];
}

/**
 * The size in bytes of a schema as responses carry it (present/database.ts `presentSchema`):
 * properties keyed by name, ids URL-encoded. Notion limits schemas by this size.
 */
export function schemaResponseBytes(schema: Schema): number {
  const byName = new Map(schema.map((p) => [p.name, p]));
  const entries = [...byName.values()].map(
    (p) =>
      `${JSON.stringify(p.name)}:${JSON.stringify({ id: encodeURIComponent(p.id), name: p.name, description: p.description, type: p.type, [p.type]: p.config })}`,
  );
  return Buffer.byteLength(`{${entries.join(',')}}`);
}
