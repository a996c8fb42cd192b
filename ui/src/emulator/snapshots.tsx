import { useState } from 'preact/hooks';
import { control } from '../api.js';
import { Panel, Status, useAction, useLoad } from './shared.js';

export function SnapshotsPanel() {
  const snapshots = useLoad(() => control<{ results: { id: string }[] }>('GET', '/snapshots'));
  const [done, setDone] = useState<string | null>(null);
  const { run, status } = useAction(snapshots.reload);
  const [name, setName] = useState('');
  const [confirming, setConfirming] = useState(false);
  const act = (what: string, action: () => Promise<unknown>) => void run(action).then(() => setDone(what));
  return (
    <Panel title="Snapshots and reset">
      <Status error={status ?? snapshots.error ?? done} />
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          act('Snapshot taken.', () => control('POST', '/snapshots', name.trim() ? { name: name.trim() } : {}));
          setName('');
        }}
      >
        <label>
          Name (optional) <input value={name} pattern="[A-Za-z0-9_.:\-]+" onInput={(e) => setName(e.currentTarget.value)} />
        </label>{' '}
        <button type="submit">Take snapshot</button>
      </form>
      <table>
        <caption class="visually-hidden">Snapshots</caption>
        <thead>
          <tr>
            <th scope="col">Snapshot</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {snapshots.data?.results.length === 0 && (
            <tr>
              <td colSpan={2}>No snapshots.</td>
            </tr>
          )}
          {snapshots.data?.results.map((s) => (
            <tr key={s.id}>
              <td>{s.id}</td>
              <td>
                <button type="button" onClick={() => act(`Restored ${s.id}.`, () => control('POST', `/snapshots/${encodeURIComponent(s.id)}/restore`, {}))}>
                  Restore {s.id}
                </button>{' '}
                <button type="button" onClick={() => act(`Deleted ${s.id}.`, () => control('DELETE', `/snapshots/${encodeURIComponent(s.id)}`))}>
                  Delete {s.id}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Reset</h2>
      <p>Back to the state after start and seeding: everything written since is lost.</p>
      {confirming ? (
        <p>
          <button
            type="button"
            class="danger"
            onClick={() => {
              setConfirming(false);
              act('Reset done.', () => control('POST', '/reset', {}));
            }}
          >
            Reset now
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </p>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Reset the workspace…
        </button>
      )}
    </Panel>
  );
}
