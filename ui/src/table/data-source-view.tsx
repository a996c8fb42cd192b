import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api.js';
import { IconView } from '../blocks/media.js';
import { Breadcrumbs } from '../workspace/breadcrumbs.js';
import type { DataSource, List, Page, PropertySchema } from '../workspace/notion.js';
import { errorText, plainText } from '../workspace/notion.js';
import { Grid } from './grid.js';
import { QueryBuilder, queryOf, type Condition, type SortRule } from './query-builder.js';
import { useRows, type Query } from './rows.js';

interface View {
  id: string;
  name: string;
  type: string;
  filter: unknown;
  sorts: unknown[] | null;
}

/** Notion's order: the title first, then the rest as the schema lists them. */
const columnsOf = (source: DataSource): PropertySchema[] => {
  const all = Object.values(source.properties);
  return [...all.filter((p) => p.type === 'title'), ...all.filter((p) => p.type !== 'title')];
};

/**
 * The data source's views (https://developers.notion.com/reference/list-views), each applied
 * through its stored filter and sorts; an API without views just shows no tabs.
 */
async function viewsOf(id: string): Promise<View[]> {
  const refs = await api<List<{ id: string }>>('GET', `/views?data_source_id=${id}&page_size=100`).catch(() => null);
  if (!refs) return [];
  return Promise.all(refs.results.slice(0, 20).map((r) => api<View>('GET', `/views/${r.id}`)));
}

function Table({ source }: { source: DataSource }) {
  const [views, setViews] = useState<View[]>([]);
  const [view, setView] = useState<View | null>(null);
  const [built, setBuilt] = useState<{ conditions: Condition[]; sorts: SortRule[] }>({ conditions: [], sorts: [] });
  useEffect(() => void viewsOf(source.id).then(setViews), [source.id]);
  const query = useMemo<Query>(() => {
    const base: Query = {};
    if (view?.filter) base.filter = view.filter;
    if (view?.sorts?.length) base.sorts = view.sorts;
    return queryOf(source.properties, built.conditions, built.sorts, base);
  }, [view, built, source]);
  const rows = useRows(source.id, query);
  // The same array from render to render, so that the grid's rows are not all built again.
  const columns = useMemo(() => columnsOf(source), [source]);
  const title = Object.values(source.properties).find((p) => p.type === 'title');
  const addRow = () =>
    void api<Page>('POST', '/pages', {
      parent: { type: 'data_source_id', data_source_id: source.id },
      properties: title ? { [title.name]: { title: [] } } : {},
    }).then(rows.prepend);
  return (
    <>
      {views.length ? (
        <div class="view-tabs" role="tablist" aria-label="Views">
          {[null, ...views].map((v) => (
            <button key={v?.id ?? 'all'} type="button" role="tab" aria-selected={view?.id === v?.id} onClick={() => setView(v)}>
              {v ? v.name : 'All rows'}
            </button>
          ))}
        </div>
      ) : null}
      <div class="table-tools">
        <QueryBuilder schemas={source.properties} apply={(conditions, sorts) => setBuilt({ conditions, sorts })} />
        <button type="button" class="add-row" onClick={addRow}>
          + New row
        </button>
      </div>
      {rows.error ? <p role="alert">{rows.error}</p> : null}
      <p class="row-count" aria-live="polite">
        {rows.rows.length}
        {rows.hasMore ? '+' : ''} rows
      </p>
      <Grid columns={columns} rows={rows} />
    </>
  );
}

/** A data source as a table. */
export function DataSourceView({ id }: { id: string }) {
  const [source, setSource] = useState<DataSource | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void api<DataSource>('GET', `/data_sources/${id}`).then(setSource, (e: unknown) => setError(errorText(e))), [id]);
  if (error) return <p role="alert">{error}</p>;
  if (!source) return <p class="loading">Loading…</p>;
  const name = plainText(source.title) || 'Untitled';
  return (
    <section class="data-source" aria-label={name}>
      <Breadcrumbs parent={source.database_parent ?? { type: 'database_id', database_id: source.parent.database_id }} current={name} />
      <h1 class="page-title">
        <IconView icon={source.icon} /> {name}
      </h1>
      <Table source={source} />
    </section>
  );
}
