import { useEffect, useState } from 'preact/hooks';
import { href } from '../router.js';
import type { List, Page } from './notion.js';
import { apiAt, errorText, pageTitle } from './notion.js';

const TRASH_VERSION = '2026-03-11';

/** The trash: pages whose in_trash is true, each with a restore button. */
export function TrashView({ onChanged }: { onChanged: () => void }) {
  const [pages, setPages] = useState<Page[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    apiAt<List<Page & { object: string }>>(TRASH_VERSION, 'POST', '/search', {
      filter: { property: 'object', value: 'page', in_trash: true },
      page_size: 100,
    }).then(
      (r) => setPages(r.results),
      (e: unknown) => setError(errorText(e)),
    );
  useEffect(() => void load(), []);
  const restore = (page: Page) => void apiAt(TRASH_VERSION, 'PATCH', `/pages/${page.id}`, { in_trash: false }).then(() => (onChanged(), load()));
  return (
    <section class="trash" aria-labelledby="trash-title">
      <h1 id="trash-title">Trash</h1>
      {error ? <p role="alert">{error}</p> : null}
      {pages === null ? <p class="loading">Loading…</p> : pages.length === 0 ? <p>The trash is empty.</p> : null}
      <ul class="trash-list">
        {(pages ?? []).map((page) => (
          <li key={page.id}>
            <a href={href('page', page.id)}>{pageTitle(page) || 'Untitled'}</a>{' '}
            <button type="button" onClick={() => restore(page)} aria-label={`Restore ${pageTitle(page) || 'Untitled'}`}>
              Restore
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
