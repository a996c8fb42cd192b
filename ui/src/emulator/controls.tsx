import { useEffect, useState } from 'preact/hooks';
import { control } from '../api.js';
import { Json, Panel, Status, time, useAction, useLoad } from './shared.js';

interface Clock {
  now: string;
  frozen: boolean;
}

export function ClockPanel() {
  const clock = useLoad(() => control<Clock>('GET', '/clock'));
  const { run, status } = useAction(clock.reload);
  const [at, setAt] = useState('');
  const [seconds, setSeconds] = useState('60');
  return (
    <Panel title="Clock">
      <Status error={status ?? clock.error} />
      <p role="status" aria-live="polite">
        {clock.data ? `${time(clock.data.now)} (${clock.data.now}), ${clock.data.frozen ? 'frozen' : 'running'}` : '…'}{' '}
        <button type="button" onClick={clock.reload}>
          Refresh
        </button>
      </p>
      <div class="toolbar">
        <button type="button" onClick={() => void run(() => control('POST', '/clock/freeze', {}))}>
          Freeze
        </button>
        <button type="button" onClick={() => void run(() => control('POST', '/clock/unfreeze', {}))}>
          Unfreeze
        </button>
        <button type="button" onClick={() => void run(() => control('POST', '/clock/system', {}))}>
          Back to the system clock
        </button>
      </div>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => control('POST', '/clock/set', { time: at }));
        }}
      >
        <label>
          Set to (ISO 8601) <input required value={at} placeholder="2026-01-01T00:00:00Z" onInput={(e) => setAt(e.currentTarget.value)} />
        </label>{' '}
        <button type="submit">Set</button>
      </form>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => control('POST', '/clock/advance', { seconds: Number(seconds) }));
        }}
      >
        <label>
          Advance by (seconds) <input type="number" min="0" required value={seconds} onInput={(e) => setSeconds(e.currentTarget.value)} />
        </label>{' '}
        <button type="submit">Advance</button>
      </form>
    </Panel>
  );
}

interface Fault {
  id: string;
  [key: string]: unknown;
}

const FAULT_FIELDS = ['method', 'path', 'integration', 'code', 'status', 'message', 'retry_after', 'times', 'probability', 'latency_ms'] as const;
const NUMERIC = new Set(['status', 'retry_after', 'times', 'probability', 'latency_ms']);

export function FaultsPanel() {
  const faults = useLoad(() => control<{ results: Fault[] }>('GET', '/faults'));
  const { run, status } = useAction(faults.reload);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const add = (event: Event) => {
    event.preventDefault();
    const rule = Object.fromEntries(
      Object.entries(draft)
        .filter(([, v]) => v.trim() !== '')
        .map(([k, v]) => [k, NUMERIC.has(k) ? Number(v) : v.trim()]),
    );
    void run(() => control('POST', '/faults', rule)).then(() => setDraft({}));
  };
  return (
    <Panel title="Fault rules">
      <Status error={status ?? faults.error} />
      <form class="card grid" onSubmit={add} aria-label="New fault rule">
        <h2>New rule</h2>
        {FAULT_FIELDS.map((field) => (
          <label key={field}>
            {field}{' '}
            <input
              value={draft[field] ?? ''}
              inputMode={NUMERIC.has(field) ? 'decimal' : undefined}
              placeholder={field === 'path' ? '/v1/pages/*' : field === 'code' ? 'internal_server_error' : ''}
              onInput={(e) => setDraft({ ...draft, [field]: e.currentTarget.value })}
            />
          </label>
        ))}
        <button type="submit">Add rule</button>
      </form>
      <div class="toolbar">
        <button type="button" onClick={() => void run(() => control('DELETE', '/faults'))}>
          Delete all rules
        </button>
      </div>
      <ul class="cards">
        {faults.data?.results.length === 0 && <li>No fault rules.</li>}
        {faults.data?.results.map((f) => (
          <li key={f.id} class="card">
            <Json value={f} label={`Fault rule ${f.id}`} />
            <button type="button" onClick={() => void run(() => control('DELETE', `/faults/${f.id}`))}>
              Delete rule {f.id}
            </button>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

interface RateLimit {
  enabled: boolean;
  model: 'windows' | 'bucket';
  rate: number;
  burst: number;
  window_seconds: number;
  connection_limit: number;
  workspace_limit: number;
  retry_after: number | null;
}

const LIMIT_NUMBERS = ['rate', 'burst', 'window_seconds', 'connection_limit', 'workspace_limit', 'retry_after'] as const;

export function RateLimitPanel() {
  const limit = useLoad(() => control<RateLimit>('GET', '/rate-limit'));
  const { run, status } = useAction(limit.reload);
  const [draft, setDraft] = useState<RateLimit | null>(null);
  useEffect(() => setDraft(limit.data ?? null), [limit.data]);
  if (!draft) return <Panel title="Rate limiter">{limit.error ?? '…'}</Panel>;
  const save = (event: Event) => {
    event.preventDefault();
    // The settings alone: GET's answer also names its `object`, which PATCH does not take.
    const { enabled, model, rate, burst, window_seconds, connection_limit, workspace_limit, retry_after } = draft;
    const settings = { enabled, model, rate, burst, window_seconds, connection_limit, workspace_limit, retry_after };
    void run(() => control('PATCH', '/rate-limit', settings));
  };
  return (
    <Panel title="Rate limiter">
      <Status error={status ?? limit.error} />
      <form class="card grid" onSubmit={save} aria-label="Rate limiter settings">
        <label class="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.currentTarget.checked })} /> Enabled
        </label>
        <label>
          Model{' '}
          <select value={draft.model} onChange={(e) => setDraft({ ...draft, model: e.currentTarget.value as RateLimit['model'] })}>
            <option value="windows">windows (Notion's per-window limits)</option>
            <option value="bucket">bucket (rate and burst)</option>
          </select>
        </label>
        {LIMIT_NUMBERS.map((key) => (
          <label key={key}>
            {key}{' '}
            <input
              type="number"
              step="any"
              min="0"
              value={draft[key] ?? ''}
              onInput={(e) => {
                const v = e.currentTarget.value;
                setDraft({ ...draft, [key]: v === '' && key === 'retry_after' ? null : Number(v) });
              }}
            />
          </label>
        ))}
        <button type="submit">Save</button>
      </form>
    </Panel>
  );
}
