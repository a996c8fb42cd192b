import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.js';

/** What a failed call says, in the words of the server's error envelope. */
export function describeError(error: unknown): string {
  // The session ended (the server was started again with another admin token): the page asks again.
  if (error instanceof ApiError && error.status === 401 && error.body.message?.startsWith('The control API needs the admin token'))
    return 'The admin token is needed: reload the page to give it again.';
  if (error instanceof ApiError) return `${error.status} ${error.body.code ?? ''}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  reload: () => void;
}

/** Loads `load()` now and on reload(); the previous data stays shown while the next loads. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(null);
      },
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [round, ...deps]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, reload };
}

/** Runs an action, then `after`; its failure is shown by <Status>. */
export function useAction(after: () => void): { run: (action: () => Promise<unknown>) => Promise<void>; status: string | null } {
  const [status, setStatus] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      try {
        await action();
        setStatus(null);
        after();
      } catch (e) {
        setStatus(describeError(e));
      }
    },
    [after],
  );
  return { run, status };
}

export function Status({ error }: { error: string | null }) {
  return (
    <p class="status" role="status">
      {error}
    </p>
  );
}

export function Panel({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="panel" aria-labelledby="panel-title">
      <h1 id="panel-title">{title}</h1>
      {children}
    </section>
  );
}

export function Json({ value, label }: { value: unknown; label: string }) {
  return (
    <pre class="json" tabIndex={0} aria-label={label}>
      {value === null || value === undefined ? '(none)' : JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** A token shown as its first and last characters until revealed. */
export function Secret({ value, label }: { value: string; label: string }) {
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState(false);
  const masked = value.length > 10 ? `${value.slice(0, 4)}${'•'.repeat(8)}${value.slice(-4)}` : '•'.repeat(8);
  const copy = () =>
    navigator.clipboard?.writeText(value).then(
      () => setCopied(true),
      () => setShown(true),
    );
  return (
    <span class="secret">
      <code aria-label={label}>{shown ? value : masked}</code>{' '}
      <button type="button" onClick={() => setShown(!shown)} aria-pressed={shown}>
        {shown ? 'Hide' : 'Reveal'}
      </button>{' '}
      <button type="button" onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </span>
  );
}

export const time = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : '');
