// The rows of a dashboard view: each a list of widgets (views shown side by side), kept in the
// dashboard's configuration as Notion shows it (https://developers.notion.com/reference/view).
import type { IdGenerator } from '../ids.js';
import { validationError } from '../errors.js';
import type { ViewRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { updateView } from '../store/views.js';

interface Widget {
  id: string;
  view_id: string;
  width?: number;
  row_index?: number;
}
interface Row {
  id: string;
  widgets: Widget[];
  height?: number;
}

export type Placement = { type: 'new_row'; row_index?: number } | { type: 'existing_row'; row_index: number };

// A dashboard is a 12-column grid; widgets of a row share it.
const GRID = 12;

const rowsOf = (dashboard: ViewRow): Row[] => ((dashboard.configuration ? JSON.parse(dashboard.configuration) : { rows: [] }) as { rows: Row[] }).rows ?? [];

function widths(row: Row): Row {
  const width = Math.max(1, Math.floor(GRID / Math.max(1, row.widgets.length)));
  return { ...row, widgets: row.widgets.map((w) => ({ ...w, width })) };
}

function save(db: Db, dashboard: ViewRow, rows: Row[], now?: string, by?: string): Promise<void> {
  const indexed = rows.map((row, i) => ({ ...row, widgets: row.widgets.map((w) => ({ ...w, row_index: i })) }));
  const patch: Partial<ViewRow> = { configuration: JSON.stringify({ type: 'dashboard', rows: indexed }) };
  if (now && by) Object.assign(patch, { last_edited_time: now, last_edited_by: by });
  return updateView(db, dashboard.id, patch);
}

/** Put the view `viewId` on the dashboard: in a new row (last by default) or beside the widgets of a row. */
export async function addWidget(
  db: Db,
  ids: IdGenerator,
  dashboard: ViewRow,
  viewId: string,
  placement: Placement | undefined,
  now: string,
  by: string,
): Promise<void> {
  const rows = rowsOf(dashboard);
  const widget: Widget = { id: ids.uuid(), view_id: viewId };
  if (placement?.type === 'existing_row') {
    const row = rows[placement.row_index];
    if (!row) throw validationError(`The dashboard has no row ${placement.row_index}: it has ${rows.length}.`);
    rows[placement.row_index] = widths({ ...row, widgets: [...row.widgets, widget] });
  } else {
    const at = placement?.row_index ?? rows.length;
    if (at > rows.length) throw validationError(`The dashboard has no row ${at}: it has ${rows.length}.`);
    rows.splice(at, 0, widths({ id: ids.uuid(), widgets: [widget] }));
  }
  await save(db, dashboard, rows, now, by);
}

/** Take a widget off its dashboard; a row left empty goes too. */
export async function removeWidget(db: Db, dashboard: ViewRow, viewId: string): Promise<void> {
  const rows = rowsOf(dashboard)
    .map((row) => ({ ...row, widgets: row.widgets.filter((w) => w.view_id !== viewId) }))
    .filter((row) => row.widgets.length > 0)
    .map(widths);
  await save(db, dashboard, rows);
}
