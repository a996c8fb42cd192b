import { Component } from 'preact';
import { href } from '../router.js';
import type { Page, PropertySchema } from '../workspace/notion.js';
import { CellEditor } from './cell-editor.js';
import { PropertyValueView } from './value.js';

export const ROW_HEIGHT = 34;

export const columnWidth = (column: PropertySchema) => (column.type === 'title' ? 280 : column.type === 'checkbox' ? 110 : 180);

/** What a row asks of its grid; one object for the grid's life, so that it never makes a row render. */
export interface RowActions {
  commit(page: Page, column: PropertySchema, input: string): void;
  cancel(): void;
  toggle(page: Page, column: PropertySchema): void;
}

interface Props {
  page: Page;
  index: number;
  columns: PropertySchema[];
  total: number;
  /** The active cell's column when it is in this row, else -1. */
  activeCol: number;
  /** The edited cell's column when it is in this row, else -1. */
  editingCol: number;
  actions: RowActions;
}

/**
 * One row of the grid. It renders again only when its page, place or active cell changes: while
 * the table scrolls, or a batch of rows lands, the rows already on screen are left alone and only
 * the ones coming into view are built.
 */
export class GridRow extends Component<Props> {
  override shouldComponentUpdate(next: Props): boolean {
    const p = this.props;
    return (
      p.page !== next.page ||
      p.index !== next.index ||
      p.columns !== next.columns ||
      p.total !== next.total ||
      p.activeCol !== next.activeCol ||
      p.editingCol !== next.editingCol
    );
  }

  override render({ page, index: r, columns, total, activeCol, editingCol, actions }: Props) {
    return (
      <div role="row" aria-rowindex={r + 2} class="grid-row" style={{ transform: `translateY(${(r + 1) * ROW_HEIGHT}px)`, width: `${total}px` }}>
        {columns.map((column, c) => {
          const value = page.properties[column.name];
          const isActive = activeCol === c;
          const isEditing = editingCol === c;
          return (
            <div
              role="gridcell"
              key={column.id}
              class={`cell cell-${column.type}${isActive ? ' active' : ''}`}
              style={{ width: `${columnWidth(column)}px` }}
              tabIndex={isActive ? 0 : -1}
              data-cell={`${r}:${c}`}
            >
              {isEditing ? (
                <CellEditor schema={column} value={value} commit={(input) => actions.commit(page, column, input)} cancel={actions.cancel} />
              ) : column.type === 'checkbox' ? (
                <input
                  type="checkbox"
                  tabIndex={-1}
                  checked={value?.checkbox === true}
                  aria-label={column.name}
                  onChange={() => actions.toggle(page, column)}
                />
              ) : value ? (
                <PropertyValueView value={value} />
              ) : null}
              {column.type === 'title' && !isEditing ? (
                <a class="open-row" href={href('page', page.id)} tabIndex={-1} aria-label="Open as page">
                  Open
                </a>
              ) : null}
            </div>
          );
        })}
      </div>
    );
  }
}

/** The row and column of the cell an event happened in, from its `data-cell`. */
export function cellOf(target: EventTarget | null): { row: number; col: number } | null {
  const cell = target instanceof Element ? target.closest<HTMLElement>('[data-cell]') : null;
  const [row, col] = (cell?.dataset.cell ?? '').split(':').map(Number);
  return row === undefined || col === undefined || Number.isNaN(row) || Number.isNaN(col) ? null : { row, col };
}
