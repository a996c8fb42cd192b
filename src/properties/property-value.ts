// A page's value of one property, as read (https://developers.notion.com/reference/page-property-values):
// the property, the page's row and its stored value, and for formulas and rollups what they
// computed. present/property-value.ts turns a record into Notion's JSON; nothing here builds it.
import type { RollupFunction } from '../schemas/properties.js';
import type { BlockRow } from '../store/schema.js';
import { PAGE_PROPERTY_ITEM_LIMIT } from './limits.js';
import type { PropertySchema } from './schema.js';

/** A date a formula or rollup gives, as ISO text (a date-only value is its day). */
export interface DateResult {
  start: string;
  end: string | null;
}

/**
 * A formula's result as page objects carry it: one of four types, the value in that type. Values
 * of other types (lists, people, pages) are their text; empty text and numbers that are not
 * finite are `null`.
 */
export type FormulaResult =
  | { type: 'string'; value: string | null }
  | { type: 'number'; value: number | null }
  | { type: 'boolean'; value: boolean }
  | { type: 'date'; value: DateResult | null };

/** A rollup's result: a number, a date, the rolled-up values, or none the API computes. */
export type RollupResult =
  | { type: 'number'; function: RollupFunction; value: number | null }
  | { type: 'date'; function: RollupFunction; value: DateResult | null }
  | { type: 'array'; function: RollupFunction; items: PropertyRecord[] }
  | { type: 'unsupported'; function: RollupFunction };

export interface PropertyRecord {
  property: PropertySchema;
  /** The page the value belongs to (created and edited by and time are read from it). */
  row: BlockRow;
  stored: unknown;
  /** Items array values keep: 25 in page objects, all of them for the property item endpoint. */
  limit: number;
  /** What a formula or rollup property computed (properties/page-graph.ts). */
  computed?: FormulaResult | RollupResult;
}

/** The record of `property`'s value on `row`, its stored value read from the row's values. */
export function valueRecord(
  property: PropertySchema,
  row: BlockRow,
  stored: unknown,
  computed?: FormulaResult | RollupResult,
  limit: number = PAGE_PROPERTY_ITEM_LIMIT,
): PropertyRecord {
  return computed === undefined ? { property, row, stored, limit } : { property, row, stored, limit, computed };
}
