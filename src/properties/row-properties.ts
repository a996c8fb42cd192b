// The readings of `BlockRow.properties` (src/store/schema.ts): a data source row stores its schema
// there, a page row in a data source its values by property id, a page row elsewhere its title.
// Every reading goes through one of these.
import type { BlockRow } from '../store/schema.js';
import type { RichTextItem } from '../rich-text.js';
import type { Schema } from './schema.js';
import type { StoredValues } from './write-values.js';

/** The schema stored on a data source row. */
export const schemaOf = (row: Pick<BlockRow, 'properties'> | undefined): Schema => (row?.properties ? (JSON.parse(row.properties) as Schema) : []);

/** The values stored on a page row, by property id. */
export const storedValuesOf = (row: Pick<BlockRow, 'properties'>): StoredValues => (row.properties ? (JSON.parse(row.properties) as StoredValues) : {});

/** Stored properties of a page outside a data source: just its title. */
export interface PageProperties {
  title: RichTextItem[];
}

/** The title stored on a page row outside a data source. */
export const pagePropertiesOf = (row: Pick<BlockRow, 'properties'>): PageProperties =>
  row.properties ? (JSON.parse(row.properties) as PageProperties) : { title: [] };
