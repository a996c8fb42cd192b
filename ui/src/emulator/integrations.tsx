import { useState } from 'preact/hooks';
import { api, control } from '../api.js';
import { Panel, Secret, Status, time, useAction, useLoad } from './shared.js';

interface Integration {
  id: string;
  name: string;
  kind: string;
  token: string;
  capabilities: Record<string, boolean | string>;
  pages: string[];
  created_time: string;
}

interface PersonalToken {
  id: string;
  name: string;
  token: string;
  user_id: string;
  created_time: string;
}

interface SearchResult {
  id: string;
  object: string;
  title?: { plain_text: string }[];
  properties?: Record<string, { type: string; title?: { plain_text: string }[] }>;
}

const CAPABILITIES = ['read_content', 'update_content', 'insert_content', 'read_comments', 'insert_comments'] as const;

/** A page's or data source's title, as search returns it. */
function titleOf(result: SearchResult): string {
  const rich = result.title ?? Object.values(result.properties ?? {}).find((p) => p.type === 'title')?.title ?? [];
  return rich.map((t) => t.plain_text).join('') || 'Untitled';
}

/** What the workspace's owner finds: every page and data source, by title. */
function useTitles() {
  return useLoad(async () => {
    const found = await api<{ results: SearchResult[] }>('POST', '/search', { page_size: 100 });
    return new Map(found.results.map((r) => [r.id, titleOf(r)]));
  });
}

function SharePicker({ onShare }: { onShare: (pageId: string) => void }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const search = async (event: Event) => {
    event.preventDefault();
    const found = await api<{ results: SearchResult[] }>('POST', '/search', { query, page_size: 20 });
    setResults(found.results);
  };
  return (
    <form class="inline" onSubmit={(e) => void search(e)}>
      <label>
        Share a page <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} placeholder="Search pages" />
      </label>{' '}
      <button type="submit">Search</button>
      {results && (
        <ul class="picker" aria-label="Pages found">
          {results.length === 0 && <li>No page found.</li>}
          {results.map((r) => (
            <li key={r.id}>
              {titleOf(r)} <small>({r.object})</small>{' '}
              <button type="button" onClick={() => onShare(r.id)}>
                Share {titleOf(r)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

function IntegrationCard({
  integration,
  titles,
  run,
}: {
  integration: Integration;
  titles: Map<string, string>;
  run: (a: () => Promise<unknown>) => Promise<void>;
}) {
  const path = `/integrations/${integration.id}`;
  return (
    <article class="card" aria-label={`Integration ${integration.name}`}>
      <h2>{integration.name}</h2>
      <p>
        {integration.kind} · created {time(integration.created_time)} · <code>{integration.id}</code>
      </p>
      <p>
        Token <Secret value={integration.token} label={`Token of ${integration.name}`} />{' '}
        <button type="button" onClick={() => void run(() => control('POST', `${path}/rotate-token`))}>
          Rotate token
        </button>
      </p>
      <p>
        Capabilities:{' '}
        {Object.entries(integration.capabilities)
          .filter(([, v]) => v !== false)
          .map(([k, v]) => (v === true ? k : `${k}: ${String(v)}`))
          .join(', ') || 'none'}
      </p>
      <h3>Shared pages</h3>
      <ul>
        {integration.pages.length === 0 && <li>None yet.</li>}
        {integration.pages.map((id) => (
          <li key={id}>
            {titles.get(id) ?? id}{' '}
            <button type="button" onClick={() => void run(() => control('DELETE', `${path}/pages/${id}`))}>
              Unshare {titles.get(id) ?? id}
            </button>
          </li>
        ))}
      </ul>
      <SharePicker onShare={(pageId) => void run(() => control('POST', `${path}/pages`, { page_id: pageId }))} />
    </article>
  );
}

function CreateIntegration({ run }: { run: (a: () => Promise<unknown>) => Promise<void> }) {
  const [name, setName] = useState('');
  const [caps, setCaps] = useState<Set<string>>(new Set(CAPABILITIES));
  const submit = (event: Event) => {
    event.preventDefault();
    const capabilities = Object.fromEntries(CAPABILITIES.map((c) => [c, caps.has(c)]));
    void run(() => control('POST', '/integrations', { name, capabilities })).then(() => setName(''));
  };
  return (
    <form class="card" onSubmit={submit} aria-label="New integration">
      <h2>New integration</h2>
      <label>
        Name <input required value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <fieldset>
        <legend>Capabilities</legend>
        {CAPABILITIES.map((c) => (
          <label key={c} class="check">
            <input
              type="checkbox"
              checked={caps.has(c)}
              onChange={(e) => {
                const next = new Set(caps);
                if (e.currentTarget.checked) next.add(c);
                else next.delete(c);
                setCaps(next);
              }}
            />{' '}
            {c}
          </label>
        ))}
      </fieldset>
      <button type="submit">Create integration</button>
    </form>
  );
}

export function Integrations() {
  const list = useLoad(() => control<{ results: Integration[] }>('GET', '/integrations'));
  const personal = useLoad(async () => {
    const [tokens, users] = await Promise.all([
      control<{ results: PersonalToken[] }>('GET', '/personal-tokens'),
      api<{ results: { id: string; name: string | null }[] }>('GET', '/users?page_size=100'),
    ]);
    const names = new Map(users.results.map((u) => [u.id, u.name ?? u.id]));
    return tokens.results.map((t) => ({ ...t, person: names.get(t.user_id) ?? t.user_id }));
  });
  const titles = useTitles();
  const { run, status } = useAction(() => {
    list.reload();
    titles.reload();
  });
  return (
    <Panel title="Integrations">
      <Status error={status ?? list.error} />
      <CreateIntegration run={run} />
      {list.data?.results.map((i) => (
        <IntegrationCard key={i.id} integration={i} titles={titles.data ?? new Map()} run={run} />
      ))}
      <h2>Personal access tokens</h2>
      <Status error={personal.error} />
      <ul>
        {personal.data?.length === 0 && <li>None.</li>}
        {personal.data?.map((t) => (
          <li key={t.id}>
            {t.name} of {t.person}, created {time(t.created_time)} <Secret value={t.token} label={`Token ${t.name}`} />
          </li>
        ))}
      </ul>
    </Panel>
  );
}
