import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';

interface Props {
  /** The hash route: [] for the workspace home, ['page', id], ['data-source', id]. */
  route: string[];
}

interface SearchResult {
  id: string;
  object: string;
}

/** The workspace: page tree, search, pages and data sources. */
export function Workspace({ route }: Props) {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    void api<{ results: SearchResult[] }>('POST', '/search', { page_size: 100 }).then((r) => setCount(r.results.length));
  }, []);
  return (
    <main class="workspace">
      <h1>Workspace</h1>
      <p>{count === null ? 'Loading…' : `${count} objects`}</p>
      <p>{route.join('/')}</p>
    </main>
  );
}
