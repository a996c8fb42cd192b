import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { List, Page } from '../workspace/notion.js';
import { errorText } from '../workspace/notion.js';

export interface Query {
  filter?: unknown;
  sorts?: unknown[];
}

export interface Rows {
  rows: Page[];
  hasMore: boolean;
  /** The first page is being read (the next ones are read behind the rows already shown). */
  loading: boolean;
  error: string | null;
  /** Reads the next page of 100 when none is being read. */
  more(): void;
  replace(page: Page): void;
  prepend(page: Page): void;
}

/**
 * A data source's rows through its query (https://developers.notion.com/reference/query-a-data-source),
 * read a page of 100 at a time as the table asks for more. A new query starts over; answers
 * to an older one are dropped.
 */
export function useRows(dataSourceId: string, query: Query): Rows {
  const [rows, setRows] = useState<Page[]>([]);
  const [hasMore, setHasMore] = useState(true);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cursor = useRef<string | null>(null);
  const generation = useRef(0);
  const busy = useRef(false);
  // Whether the query has pages left, as of the last answer: more() may be called from an effect
  // of a render older than that answer, whose hasMore is stale, and must not start over.
  const open = useRef(true);
  const key = JSON.stringify(query);

  const fetchPage = useCallback(
    (mine: number) => {
      busy.current = true;
      // Only the first page shows as loading: a render of the whole table for every later page
      // would land in the middle of a scroll and change nothing on screen.
      if (!cursor.current) setLoading(true);
      const body: Record<string, unknown> = { page_size: 100, ...query };
      if (cursor.current) body.start_cursor = cursor.current;
      api<List<Page>>('POST', `/data_sources/${dataSourceId}/query`, body).then(
        (page) => {
          if (mine !== generation.current) return;
          cursor.current = page.next_cursor;
          open.current = page.has_more;
          setRows((current) => [...current, ...page.results]);
          setHasMore(page.has_more);
          setLoading(false);
          busy.current = false;
        },
        (e: unknown) => {
          if (mine !== generation.current) return;
          open.current = false;
          setError(errorText(e));
          setHasMore(false);
          setLoading(false);
          busy.current = false;
        },
      );
    },
    [dataSourceId, key],
  );

  useEffect(() => {
    const mine = ++generation.current;
    cursor.current = null;
    open.current = true;
    setRows([]);
    setHasMore(true);
    setError(null);
    fetchPage(mine);
  }, [fetchPage]);

  return {
    rows,
    hasMore,
    loading,
    error,
    more: () => {
      if (!busy.current && open.current) fetchPage(generation.current);
    },
    replace: (page) => setRows((current) => current.map((r) => (r.id === page.id ? page : r))),
    prepend: (page) => setRows((current) => [page, ...current]),
  };
}
