import type { BlockRow } from '../store/schema.js';

export { minuteTime } from '../properties/instants.js';

export const partialUser = (id: string) => ({ object: 'user' as const, id });

export type ParentObject =
  | { type: 'workspace'; workspace: true }
  | { type: 'page_id'; page_id: string }
  | { type: 'block_id'; block_id: string }
  | { type: 'database_id'; database_id: string }
  | { type: 'data_source_id'; data_source_id: string; database_id: string };

export function parentOf(row: Pick<BlockRow, 'parent_type' | 'parent_id'>): ParentObject {
  switch (row.parent_type) {
    case 'workspace':
      return { type: 'workspace', workspace: true };
    case 'page_id':
      return { type: 'page_id', page_id: row.parent_id! };
    case 'block_id':
      return { type: 'block_id', block_id: row.parent_id! };
    case 'database_id':
      return { type: 'database_id', database_id: row.parent_id! };
    case 'data_source_id':
      throw new Error('data source parents are rendered by the data source presenter');
  }
}

export const parseJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));
