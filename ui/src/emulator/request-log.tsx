import { useEffect, useMemo, useState } from 'preact/hooks';
import { control } from '../api.js';
import { describeError, Json, Panel, Status } from './shared.js';

/** An entry of the request log, as GET /__localnotion/requests and its stream send it. */
export interface LoggedRequest {
  id: string;
  time: string;
  method: string;
  path: string;
  status: number;
  duration_ms: number;
  integration: { id: string; name: string } | null;
  notion_version: string | null;
  request_body: unknown;
  response_body: unknown;
  fault: string | null;
}

/** The browser keeps the newest this many: a long session does not grow the page's memory. */
export const KEPT = 500;

function merge(newer: LoggedRequest[], kept: LoggedRequest[]): LoggedRequest[] {
  const seen = new Set<string>();
  const out: LoggedRequest[] = [];
  for (const entry of [...newer, ...kept]) {
    if (seen.has(entry.id)) continue;
    seen.add(entry.id);
    out.push(entry);
  }
  out.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
  return out.slice(0, KEPT);
}

type Live = 'connecting' | 'live' | 'offline';

/** The log, live: the stream's events prepended, the list read again whenever events were lost. */
function useRequestLog(): { entries: LoggedRequest[]; live: Live; error: string | null; clear: () => void } {
  const [entries, setEntries] = useState<LoggedRequest[]>([]);
  const [live, setLive] = useState<Live>('connecting');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () =>
      control<{ results: LoggedRequest[] }>('GET', `/requests?limit=${KEPT}`).then(
        (list) => setEntries((kept) => merge(list.results, kept)),
        (e: unknown) => setError(describeError(e)),
      );
    // The stream sends what happens from now on; the list, read once it is open, what came before.
    const source = new EventSource('/__localnotion/requests/stream');
    source.addEventListener('ready', () => {
      setLive('live');
      void load();
    });
    source.addEventListener('request', (event) => {
      const entry = JSON.parse((event as MessageEvent<string>).data) as LoggedRequest;
      setEntries((kept) => merge([entry], kept));
    });
    source.addEventListener('dropped', () => void load());
    source.onerror = () => setLive(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    return () => source.close();
  }, []);
  const clear = () =>
    void control('DELETE', '/requests').then(
      () => setEntries([]),
      (e: unknown) => setError(describeError(e)),
    );
  return { entries, live, error, clear };
}

const statusClass = (status: number): string => `code code-${Math.floor(status / 100)}xx`;

export function RequestLog() {
  const { entries, live, error, clear } = useRequestLog();
  const [status, setStatus] = useState('');
  const [integration, setIntegration] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const integrations = useMemo(() => [...new Set(entries.map((e) => e.integration?.name ?? ''))].filter(Boolean).sort(), [entries]);
  const shown = entries.filter(
    (e) =>
      (status === '' || (status.endsWith('xx') ? String(e.status)[0] === status[0] : String(e.status) === status)) &&
      (integration === '' || e.integration?.name === integration),
  );
  const detail = entries.find((e) => e.id === selected);
  return (
    <Panel title="Request log">
      <div class="toolbar">
        <span class={`live live-${live}`} role="status">
          {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Disconnected'}
        </span>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">All</option>
            <option value="2xx">2xx</option>
            <option value="4xx">4xx</option>
            <option value="5xx">5xx</option>
            {[...new Set(entries.map((e) => String(e.status)))].sort().map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Integration{' '}
          <select value={integration} onChange={(e) => setIntegration(e.currentTarget.value)}>
            <option value="">All</option>
            {integrations.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={clear}>
          Clear log
        </button>
        <span>
          {shown.length} of {entries.length} kept (newest {KEPT})
        </span>
      </div>
      <Status error={error} />
      <div class="split">
        <table class="log">
          <caption class="visually-hidden">Requests to /v1, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Method</th>
              <th scope="col">Path</th>
              <th scope="col">Status</th>
              <th scope="col">Latency</th>
              <th scope="col">Integration</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.id} class={e.id === selected ? 'selected' : undefined}>
                <td>{new Date(e.time).toLocaleTimeString()}</td>
                <td>{e.method}</td>
                <td>
                  <button type="button" class="link" aria-pressed={e.id === selected} onClick={() => setSelected(e.id === selected ? null : e.id)}>
                    {e.path}
                  </button>
                </td>
                <td>
                  <span class={statusClass(e.status)}>{e.status}</span>
                </td>
                <td>{e.duration_ms.toFixed(1)} ms</td>
                <td>{e.integration?.name ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {detail && (
          <aside class="detail" aria-label="Request details">
            <h2>
              {detail.method} {detail.path}
            </h2>
            <p>
              {detail.status} · {detail.duration_ms.toFixed(1)} ms · {detail.integration?.name ?? 'no integration'} · Notion-Version{' '}
              {detail.notion_version ?? '—'} · {detail.id}
              {detail.fault && ` · fault rule ${detail.fault}`}
            </p>
            <h3>Request body</h3>
            <Json value={detail.request_body} label="Request body" />
            <h3>Response body</h3>
            <Json value={detail.response_body} label="Response body" />
          </aside>
        )}
      </div>
    </Panel>
  );
}
