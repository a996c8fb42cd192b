import { useEffect, useState } from 'preact/hooks';
import { href } from '../router.js';
import { DataSourceView } from '../table/data-source-view.js';
import { firstDataSource } from './notion.js';
import { PageView } from './page-view.js';
import { SearchBox } from './search.js';
import { TrashView } from './trash.js';
import { PageTree } from './tree.js';

interface Props {
  /** The hash route: [] for the workspace home, ['page', id], ['data-source', id], ['database', id], ['trash']. */
  route: string[];
}

/** A database's route shows its first data source. */
function DatabaseRoute({ id }: { id: string }) {
  const [source, setSource] = useState<string | null | undefined>(undefined);
  useEffect(
    () =>
      void firstDataSource(id).then(
        (s) => setSource(s ?? null),
        () => setSource(null),
      ),
    [id],
  );
  if (source === undefined) return <p class="loading">Loading…</p>;
  if (source === null) return <p role="alert">This database has no data source the workspace can read.</p>;
  return <DataSourceView id={source} />;
}

/** The workspace: the page tree and search beside the page, table or trash the route names. */
export function Workspace({ route }: Props) {
  const [generation, setGeneration] = useState(0);
  const changed = () => setGeneration((g) => g + 1);
  const [kind, id] = route;
  let main;
  if (kind === 'page' && id) main = <PageView key={id} id={id} onChanged={changed} />;
  else if (kind === 'data-source' && id) main = <DataSourceView key={id} id={id} />;
  else if (kind === 'database' && id) main = <DatabaseRoute key={id} id={id} />;
  else if (kind === 'trash') main = <TrashView onChanged={changed} />;
  else
    main = (
      <section class="home">
        <h1>Workspace</h1>
        <p>Pick a page in the sidebar, or search. Edits here are made as the workspace owner through the public API.</p>
      </section>
    );
  return (
    <div class="workspace">
      <nav class="sidebar" aria-label="Workspace">
        <SearchBox />
        <PageTree generation={generation} current={id} />
        <a class="trash-link" href={href('trash')} aria-current={kind === 'trash' ? 'page' : undefined}>
          <span aria-hidden="true">🗑 </span>Trash
        </a>
      </nav>
      <main class="workspace-main">{main}</main>
    </div>
  );
}
