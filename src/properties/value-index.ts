// The value index (`page_values`): the stored values of pages in data sources, one row per value
// and per item of multi-valued properties, in columns SQL can compare and index. Query filters
// and sorts read it (store/query.ts). It is derived from the pages' `properties` and their data
// source's schema, and rewritten in the same transaction as every write that changes either.
import type { BlockRow, PageValueRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { blocksByIds } from '../store/blocks.js';
import {
  allDataSourceIds,
  anyPageValues,
  deletePageValues,
  deletePropertyValues,
  forEachPageChunk,
  insertPageValues,
  pagesInDataSourcesExist,
} from '../store/page-values.js';
import { instantOf, isDateOnly, isoInstant } from './instants.js';
import type { StoredDate, StoredFile } from './write-values.js';
import { optionsOf, type PropertySchema, type Schema } from './schema.js';
import type { RichTextItem } from '../rich-text.js';
import { searchableText } from './mentions.js';
import { schemaOf, storedValuesOf } from './row-properties.js';

type Cells = Partial<Pick<PageValueRow, 'txt' | 'num' | 'date_start' | 'date_end' | 'date_only'>>;

const text = (value: string): Cells => ({ txt: value });

/** The cells of one date value, as instants; undefined when the value names no instant. */
function dateCells(date: StoredDate): Cells | undefined {
  const start = instantOf(date.start, date.time_zone);
  if (start === undefined) return undefined;
  const end = date.end ? instantOf(date.end, date.time_zone) : undefined;
  return {
    date_start: isoInstant(start),
    date_end: end === undefined ? null : isoInstant(end),
    date_only: isDateOnly(date.start) ? 1 : 0,
  };
}

/** The index cells of one property's stored value: one entry per row, none when empty. */
export function valueCells(property: PropertySchema, stored: unknown): Cells[] {
  switch (property.type) {
    case 'title':
    case 'rich_text': {
      // Filters and sorts match what every integration may read (docs/decisions.md).
      const value = searchableText((stored as RichTextItem[] | undefined) ?? []);
      return value === '' ? [] : [text(value)];
    }
    case 'url':
    case 'email':
    case 'phone_number':
      return typeof stored === 'string' && stored !== '' ? [text(stored)] : [];
    case 'number':
    case 'unique_id':
      return typeof stored === 'number' && Number.isFinite(stored) ? [{ num: stored }] : [];
    case 'checkbox':
      // Every page has a checkbox value, so it always has a row.
      return [{ num: stored === true ? 1 : 0 }];
    case 'select':
    case 'status':
    case 'multi_select': {
      // The option's name for filters (which name options), its place among the options for
      // sorts (Notion orders options as the property lists them).
      const options = optionsOf(property);
      const ids = property.type === 'multi_select' ? ((stored as string[] | undefined) ?? []) : stored ? [stored as string] : [];
      const out: Cells[] = [];
      for (const id of ids) {
        const index = options.findIndex((o) => o.id === id);
        if (index >= 0) out.push({ txt: options[index]!.name, num: index });
      }
      return out;
    }
    case 'people':
    case 'relation':
      return ((stored as string[] | undefined) ?? []).map(text);
    case 'files':
      return ((stored as StoredFile[] | undefined) ?? []).map((f) => text(f.name ?? ''));
    case 'date': {
      const cells = stored ? dateCells(stored as StoredDate) : undefined;
      return cells ? [cells] : [];
    }
    case 'verification': {
      const v = stored as { state?: string; date?: StoredDate | null } | undefined;
      if (v?.state !== 'verified') return [];
      return [{ txt: 'verified', ...(v.date ? dateCells(v.date) : {}) }];
    }
    default:
      // Generated values (formula, rollup, created_*, last_edited_*) are computed from other
      // columns when queried; buttons and places are not filtered on.
      return [];
  }
}

/** The index rows of one page of a data source; `only` limits them to some properties. */
export function pageValueRows(
  schema: Schema,
  dataSourceId: string,
  page: Pick<BlockRow, 'id' | 'properties' | 'created_time'>,
  only?: ReadonlySet<string>,
): PageValueRow[] {
  const values = storedValuesOf(page);
  const rows: PageValueRow[] = [];
  for (const property of schema) {
    if (only && !only.has(property.id)) continue;
    valueCells(property, values[property.id]).forEach((cells, seq) => {
      const txt = cells.txt ?? null;
      rows.push({
        page_id: page.id,
        data_source_id: dataSourceId,
        property_id: property.id,
        seq,
        txt,
        // Lower-cased here rather than in SQL: JavaScript folds every script, SQLite's lower() only ASCII.
        txt_lower: txt === null ? null : txt.toLowerCase(),
        num: cells.num ?? null,
        date_start: cells.date_start ?? null,
        date_end: cells.date_end ?? null,
        date_only: cells.date_only ?? null,
        page_created: page.created_time,
      });
    });
  }
  return rows;
}

/** Rewrite the index rows of these pages from their current values (pages outside data sources have none). */
export async function reindexPages(db: Db, pageIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(pageIds)];
  if (ids.length === 0) return;
  const pages = (await blocksByIds(db, ids)).filter((r) => r.type === 'child_page' && r.parent_type === 'data_source_id');
  const sources = new Map((await blocksByIds(db, [...new Set(pages.map((p) => p.parent_id!))])).map((s) => [s.id, schemaOf(s)]));
  await deletePageValues(db, ids);
  const rows: PageValueRow[] = [];
  for (const page of pages) rows.push(...pageValueRows(sources.get(page.parent_id!) ?? [], page.parent_id!, page));
  await insertPageValues(db, rows);
}

/**
 * Rewrite the index rows of a data source's pages for `propertyIds` (every property when not
 * given) from the schema it has now: after properties were removed, retyped or reconfigured.
 */
export async function reindexDataSource(db: Db, dataSourceId: string, propertyIds?: Iterable<string>): Promise<void> {
  const only = propertyIds === undefined ? undefined : new Set(propertyIds);
  if (only && only.size === 0) return;
  const source = (await blocksByIds(db, [dataSourceId]))[0];
  const schema = schemaOf(source);
  await deletePropertyValues(db, dataSourceId, only && [...only]);
  await forEachPageChunk(db, dataSourceId, async (pages) => {
    const rows: PageValueRow[] = [];
    for (const page of pages) rows.push(...pageValueRows(schema, dataSourceId, page, only));
    await insertPageValues(db, rows);
  });
}

/**
 * Build the index of every data source when it is empty while pages exist: a store written
 * before the index existed gets it on its first start.
 */
export async function buildValueIndexIfMissing(db: Db): Promise<boolean> {
  if ((await anyPageValues(db)) || !(await pagesInDataSourcesExist(db))) return false;
  for (const id of await allDataSourceIds(db)) await reindexDataSource(db, id);
  return true;
}
