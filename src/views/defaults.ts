// The view Notion gives every new data source: a table named "Default view" listing its properties
// (https://developers.notion.com/guides/data-apis/working-with-views). Kept apart from
// services/views.ts so that creating a database does not import the views API.
import type { IdGenerator } from '../ids.js';
import { schemaOf } from '../properties/row-properties.js';
import type { BlockRow, ViewRow } from '../store/schema.js';
import { endViewPosition, insertView } from '../store/views.js';
import type { Db } from '../store/store.js';
import { defaultTableConfiguration } from './configuration.js';

export const DEFAULT_VIEW_NAME = 'Default view';

/** Add the default view of `dataSource` at the end of its database's tabs. */
export async function addDefaultView(tx: Db, ids: IdGenerator, dataSource: BlockRow): Promise<ViewRow> {
  const row: ViewRow = {
    id: ids.uuid(),
    workspace_id: dataSource.workspace_id,
    database_id: dataSource.parent_id!,
    data_source_id: dataSource.id,
    dashboard_view_id: null,
    name: DEFAULT_VIEW_NAME,
    type: 'table',
    position: await endViewPosition(tx, dataSource.parent_id!),
    filter: null,
    sorts: null,
    quick_filters: null,
    configuration: JSON.stringify(defaultTableConfiguration(schemaOf(dataSource))),
    created_time: dataSource.created_time,
    created_by: dataSource.created_by,
    last_edited_time: dataSource.created_time,
    last_edited_by: dataSource.created_by,
  };
  await insertView(tx, row);
  return row;
}
