import { useState } from 'preact/hooks';
import { control } from '../api.js';
import { Json, Panel, Secret, Status, time, useAction, useLoad } from './shared.js';

interface Subscription {
  id: string;
  integration_id: string;
  url: string;
  event_types: string[] | null;
  api_version: string;
  verification_token: string;
  status: string;
  created_time: string;
}

interface Delivery {
  id: string;
  subscription_id: string;
  type: string;
  timestamp: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  next_attempt_time: string | null;
  event: unknown;
  log: unknown[];
}

function Deliveries({ subscription, run }: { subscription: string; run: (a: () => Promise<unknown>) => Promise<void> }) {
  const deliveries = useLoad(() => control<{ results: Delivery[] }>('GET', `/webhooks/${subscription}/deliveries`), [subscription]);
  const [open, setOpen] = useState<string | null>(null);
  const detail = useLoad(async () => (open === null ? null : control<Delivery>('GET', `/webhooks/deliveries/${open}`)), [open]);
  return (
    <div>
      <h3>
        Deliveries{' '}
        <button type="button" onClick={deliveries.reload}>
          Refresh deliveries
        </button>
      </h3>
      <Status error={deliveries.error} />
      <table>
        <caption class="visually-hidden">Deliveries</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.data?.results.map((d) => (
            <tr key={d.id}>
              <td>{time(d.timestamp)}</td>
              <td>{d.type}</td>
              <td>{d.status}</td>
              <td>{d.attempts}</td>
              <td>{d.last_status_code ?? '—'}</td>
              <td>
                <button type="button" aria-pressed={open === d.id} onClick={() => setOpen(open === d.id ? null : d.id)}>
                  Payload and responses
                </button>{' '}
                <button type="button" onClick={() => void run(() => control('POST', `/webhooks/deliveries/${d.id}/redeliver`, {})).then(deliveries.reload)}>
                  Redeliver
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {detail.data && (
        <div class="detail" aria-label="Delivery details">
          <h4>Payload</h4>
          <Json value={detail.data.event} label="Delivery payload" />
          <h4>Attempts and responses</h4>
          <Json value={detail.data.log} label="Delivery attempts" />
        </div>
      )}
    </div>
  );
}

function SubscriptionCard({ s, run }: { s: Subscription; run: (a: () => Promise<unknown>) => Promise<void> }) {
  const [token, setToken] = useState('');
  const [showDeliveries, setShowDeliveries] = useState(false);
  return (
    <article class="card" aria-label={`Subscription ${s.url}`}>
      <h2>{s.url}</h2>
      <p>
        {s.status} · events {s.event_types?.join(', ') ?? 'all'} · version {s.api_version} · integration <code>{s.integration_id}</code> · created{' '}
        {time(s.created_time)}
      </p>
      <p>
        Verification token <Secret value={s.verification_token} label={`Verification token of ${s.url}`} />
      </p>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => control('POST', `/webhooks/${s.id}/verify`, { verification_token: token }));
        }}
      >
        <label>
          Verify with token <input required value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        </label>{' '}
        <button type="submit">Verify</button>{' '}
        <button type="button" onClick={() => void run(() => control('DELETE', `/webhooks/${s.id}`))}>
          Delete subscription
        </button>{' '}
        <button type="button" aria-expanded={showDeliveries} onClick={() => setShowDeliveries(!showDeliveries)}>
          {showDeliveries ? 'Hide deliveries' : 'Show deliveries'}
        </button>
      </form>
      {showDeliveries && <Deliveries subscription={s.id} run={run} />}
    </article>
  );
}

export function WebhooksPanel() {
  const subs = useLoad(() => control<{ results: Subscription[] }>('GET', '/webhooks'));
  const { run, status } = useAction(subs.reload);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('');
  const [verify, setVerify] = useState<'auto' | 'manual'>('auto');
  const create = (event: Event) => {
    event.preventDefault();
    const eventTypes = events
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    void run(() => control('POST', '/webhooks', { url, verify, ...(eventTypes.length ? { event_types: eventTypes } : {}) })).then(() => setUrl(''));
  };
  return (
    <Panel title="Webhooks">
      <Status error={status ?? subs.error} />
      <form class="card grid" onSubmit={create} aria-label="New subscription">
        <h2>New subscription</h2>
        <label>
          URL <input type="url" required value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        </label>
        <label>
          Event types (comma-separated, empty for all){' '}
          <input value={events} placeholder="page.created, page.content_updated" onInput={(e) => setEvents(e.currentTarget.value)} />
        </label>
        <label>
          Verification{' '}
          <select value={verify} onChange={(e) => setVerify(e.currentTarget.value as 'auto' | 'manual')}>
            <option value="auto">auto</option>
            <option value="manual">manual</option>
          </select>
        </label>
        <button type="submit">Create subscription</button>
      </form>
      <div class="toolbar">
        <button type="button" onClick={() => void run(() => control('POST', '/webhooks/flush', {}))}>
          Flush pending deliveries
        </button>
      </div>
      {subs.data?.results.length === 0 && <p>No subscriptions.</p>}
      {subs.data?.results.map((s) => (
        <SubscriptionCard key={s.id} s={s} run={run} />
      ))}
    </Panel>
  );
}
