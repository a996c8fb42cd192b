import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { href } from '../router.js';
import type { DataSource, List, Page } from './notion.js';
import { pageTitle, plainText } from './notion.js';

type Hit = (Page & { object: 'page' }) | (DataSource & { object: 'data_source' });

/** Search through POST /v1/search (https://developers.notion.com/reference/post-search). */
export function SearchBox() {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  useEffect(() => {
    if (!query.trim()) return setHits(null);
    const timer = setTimeout(() => {
      void api<List<Hit>>('POST', '/search', { query, page_size: 20 }).then((r) => setHits(r.results));
    }, 200);
    return () => clearTimeout(timer);
  }, [query]);
  return (
    <div class="search" role="search">
      <input type="search" placeholder="Search" aria-label="Search pages" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
      {hits ? (
        <ul class="search-results" aria-label="Search results">
          {hits.length === 0 ? <li class="tree-note">No results</li> : null}
          {hits.map((hit) => (
            <li key={hit.id}>
              {hit.object === 'page' ? (
                <a href={href('page', hit.id)}>{pageTitle(hit) || 'Untitled'}</a>
              ) : (
                <a href={href('data-source', hit.id)}>{plainText(hit.title) || 'Untitled'}</a>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
