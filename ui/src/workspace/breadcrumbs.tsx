import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { href } from '../router.js';
import type { Block, Database, DataSource, Page, Parent } from './notion.js';
import { pageTitle, plainText } from './notion.js';

export interface Crumb {
  id: string;
  kind: 'page' | 'data-source';
  title: string;
}

/** The chain of pages and databases above an object, read parent by parent. */
export async function ancestry(parent: Parent): Promise<Crumb[]> {
  const crumbs: Crumb[] = [];
  let next: Parent | null = parent;
  // A bound, so that a chain the UI cannot read to its end still shows what it could.
  for (let step = 0; next && step < 12; step++) {
    if (next.type === 'page_id') {
      const page: Page = await api('GET', `/pages/${next.page_id}`);
      crumbs.unshift({ id: page.id, kind: 'page', title: pageTitle(page) });
      next = page.parent;
    } else if (next.type === 'block_id') {
      const block: Block = await api('GET', `/blocks/${next.block_id}`);
      next = block.parent;
    } else if (next.type === 'data_source_id') {
      const source: DataSource = await api('GET', `/data_sources/${next.data_source_id}`);
      crumbs.unshift({ id: source.id, kind: 'data-source', title: plainText(source.title) });
      const database: Database = await api('GET', `/databases/${source.parent.database_id}`);
      next = database.parent;
    } else if (next.type === 'database_id') {
      const database: Database = await api('GET', `/databases/${next.database_id}`);
      const first = database.data_sources[0];
      if (first) crumbs.unshift({ id: first.id, kind: 'data-source', title: plainText(database.title) });
      next = database.parent;
    } else next = null;
  }
  return crumbs;
}

export function Breadcrumbs({ parent, current }: { parent: Parent | undefined; current: string }) {
  const [crumbs, setCrumbs] = useState<Crumb[]>([]);
  useEffect(() => {
    setCrumbs([]);
    if (parent) void ancestry(parent).then(setCrumbs, () => setCrumbs([]));
  }, [parent && JSON.stringify(parent)]);
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        <li>
          <a href={href()}>Workspace</a>
        </li>
        {crumbs.map((c) => (
          <li key={c.id}>
            <a href={href(c.kind, c.id)}>{c.title || 'Untitled'}</a>
          </li>
        ))}
        <li aria-current="page">{current || 'Untitled'}</li>
      </ol>
    </nav>
  );
}
