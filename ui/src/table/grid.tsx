import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { href } from '../router.js';
import type { Page, PropertySchema } from '../workspace/notion.js';
import { EDITABLE, requestValue } from './cell-editor.js';
import { cellOf, columnWidth as width, GridRow, ROW_HEIGHT, type RowActions } from './grid-row.js';
import type { Rows } from './rows.js';

const OVERSCAN = 8;
/**
 * How close to the last loaded row the table asks for the next page: three pages of 100 ahead, so
 * that a fast scroll finds its rows loaded rather than waiting at the end of the list for them.
 */
const PREFETCH = 300;

interface Props {
  columns: PropertySchema[];
  rows: Rows;
}

/**
 * The rows of a data source as a grid (WAI-ARIA grid pattern: arrows move between cells, Enter
 * edits, Escape cancels), virtualized: only the rows in view, and a few around, are in the DOM.
 */
export function Grid({ columns, rows }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  // The first row in view, not the scroll offset: a scroll within a row renders nothing.
  const [top, setTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [active, setActiveState] = useState({ row: 0, col: 0 });
  // Keys may come faster than renders: each move starts from the latest cell, not a render's.
  const current = useRef(active);
  const setActive = (cell: { row: number; col: number }) => {
    current.current = cell;
    setActiveState(cell);
  };
  const [editing, setEditing] = useState<{ row: number; col: number } | null>(null);
  const grid = useRef<HTMLDivElement>(null);
  const list = rows.rows;

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, top - OVERSCAN);
  const last = Math.min(list.length, top + Math.ceil(viewport / ROW_HEIGHT) + 1 + OVERSCAN);
  useEffect(() => {
    if (rows.hasMore && !rows.loading && last + PREFETCH >= list.length) rows.more();
  }, [last, list.length, rows.hasMore, rows.loading]);

  // Keep the active cell in view and focused when the keyboard moved it.
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    const element = scroller.current;
    if (!element) return;
    const top = (active.row + 1) * ROW_HEIGHT;
    if (top < element.scrollTop + ROW_HEIGHT) element.scrollTop = top - ROW_HEIGHT;
    else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight) element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
    const focus = () => grid.current?.querySelector<HTMLElement>(`[data-cell="${active.row}:${active.col}"]`)?.focus();
    // A cell scrolled into view is rendered on the next frame.
    if (grid.current?.querySelector(`[data-cell="${active.row}:${active.col}"]`)) focus();
    else requestAnimationFrame(focus);
  }, [active]);

  const save = async (page: Page, column: PropertySchema, input: string) => {
    setEditing(null);
    moved.current = true;
    setActive({ ...active });
    const next = await api<Page>('PATCH', `/pages/${page.id}`, { properties: { [column.name]: requestValue(column, input) } });
    rows.replace(next);
  };
  const toggle = (page: Page, column: PropertySchema) =>
    void api<Page>('PATCH', `/pages/${page.id}`, { properties: { [column.name]: { checkbox: page.properties[column.name]?.checkbox !== true } } }).then(
      rows.replace,
    );
  // One object for the grid's life, its methods the latest render's: rows compare it by identity.
  const actions = useRef<RowActions>({} as RowActions).current;
  actions.commit = (page, column, input) => void save(page, column, input);
  actions.cancel = () => {
    setEditing(null);
    moved.current = true;
    setActive({ ...current.current });
  };
  actions.toggle = toggle;
  // Clicks are read where they land (data-cell) rather than by a handler on every cell.
  const onClick = (e: MouseEvent) => {
    const cell = cellOf(e.target);
    if (cell) setActive(cell);
  };
  const onDblClick = (e: MouseEvent) => {
    const cell = cellOf(e.target);
    const column = cell && columns[cell.col];
    if (cell && column && EDITABLE.has(column.type) && column.type !== 'checkbox') setEditing(cell);
  };

  const onKey = (e: KeyboardEvent) => {
    if (editing) return;
    const active = current.current;
    const go = (row: number, col: number) => {
      moved.current = true;
      setActive({ row: Math.max(0, Math.min(list.length - 1, row)), col: Math.max(0, Math.min(columns.length - 1, col)) });
    };
    const page = list[active.row];
    const column = columns[active.col];
    const pageRows = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    if (e.key === 'ArrowDown') go(active.row + 1, active.col);
    else if (e.key === 'ArrowUp') go(active.row - 1, active.col);
    else if (e.key === 'ArrowRight') go(active.row, active.col + 1);
    else if (e.key === 'ArrowLeft') go(active.row, active.col - 1);
    else if (e.key === 'PageDown') go(active.row + pageRows, active.col);
    else if (e.key === 'PageUp') go(active.row - pageRows, active.col);
    else if (e.key === 'Home') go(e.ctrlKey ? 0 : active.row, 0);
    else if (e.key === 'End') go(e.ctrlKey ? list.length - 1 : active.row, columns.length - 1);
    else if (page && column && column.type === 'checkbox' && (e.key === ' ' || e.key === 'Enter')) toggle(page, column);
    else if (page && column && e.key === 'Enter' && EDITABLE.has(column.type)) setEditing({ ...active });
    else if (page && column?.type === 'title' && e.key === 'o' && e.ctrlKey) location.hash = href('page', page.id);
    else return;
    e.preventDefault();
  };

  const total = columns.reduce((sum, c) => sum + width(c), 0);
  const rendered = [];
  for (let r = first; r < last; r++) {
    const page = list[r]!;
    rendered.push(
      <GridRow
        key={page.id}
        page={page}
        index={r}
        columns={columns}
        total={total}
        activeCol={active.row === r ? active.col : -1}
        editingCol={editing?.row === r ? editing.col : -1}
        actions={actions}
      />,
    );
  }
  return (
    <div class="grid-scroller" ref={scroller} onScroll={(e) => setTop(Math.floor(e.currentTarget.scrollTop / ROW_HEIGHT))}>
      <div
        role="grid"
        ref={grid}
        class="grid"
        aria-label="Rows"
        aria-rowcount={rows.hasMore ? -1 : list.length + 1}
        aria-colcount={columns.length}
        style={{ height: `${(list.length + 1) * ROW_HEIGHT}px`, width: `${total}px` }}
        onKeyDown={onKey}
        onClick={onClick}
        onDblClick={onDblClick}
      >
        <div role="row" aria-rowindex={1} class="grid-row grid-header" style={{ width: `${total}px` }}>
          {columns.map((column) => (
            <div role="columnheader" key={column.id} class="cell" style={{ width: `${width(column)}px` }}>
              {column.name}
            </div>
          ))}
        </div>
        {rendered}
      </div>
      {list.length === 0 && !rows.loading ? <p class="empty">No rows</p> : null}
    </div>
  );
}
