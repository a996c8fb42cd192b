// `localnotion/intercept`: make every request of this process to https://api.notion.com reach a
// localnotion server instead, for code whose Notion client cannot be given a base URL (a library
// that builds its own `new Client({ auth })`). Node's global `fetch` (and so @notionhq/client,
// which uses it by default) sends every request through undici's global dispatcher; the one set
// here rewrites the origin of Notion's requests to the server's and hands everything, Notion's and
// other hosts' alike, to the dispatcher that was there before. Why undici's dispatcher rather than
// a request-mocking library: docs/decisions.md, "Packaging and interception".
import { Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from 'undici';

/** The origin whose requests are redirected. */
export const NOTION_API_ORIGIN = 'https://api.notion.com';

/** Where requests go: a base URL, or anything with a `url` (the handle of `startLocalNotion`). */
export type InterceptTarget = string | URL | { readonly url: string };

export interface Interception {
  /** The origin requests to api.notion.com now reach, e.g. `http://127.0.0.1:52413`. */
  readonly target: string;
  /** Whether requests are still redirected (false once `restore()` was called). */
  readonly active: boolean;
  /** Send Notion's requests to api.notion.com again, and put the previous dispatcher back. */
  restore(): void;
}

type DispatchOptions = Dispatcher.DispatchOptions;
type DispatchHandler = Parameters<Dispatcher['dispatch']>[1];

function originOf(origin: DispatchOptions['origin']): string | undefined {
  if (origin === undefined) return undefined;
  try {
    return new URL(String(origin)).origin;
  } catch {
    return undefined;
  }
}

function targetOrigin(target: InterceptTarget): string {
  const raw = typeof target === 'string' || target instanceof URL ? String(target) : target.url;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`interceptNotion: ${JSON.stringify(raw)} is not a URL`);
  }
  // startLocalNotion({ listen: false }) answers only through its own fetch: there is no socket to send to.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`interceptNotion: ${raw} is not an http(s) URL`);
  if (url.hostname.endsWith('.invalid')) throw new TypeError('interceptNotion needs a listening server: start it without `listen: false`');
  return url.origin;
}

/** Redirects Notion's origin while active; passes everything else, and everything once inactive, on unchanged. */
class NotionRedirect extends Dispatcher {
  active = true;

  constructor(
    readonly previous: Dispatcher,
    readonly target: string,
  ) {
    super();
  }

  override dispatch(options: DispatchOptions, handler: DispatchHandler): boolean {
    if (this.active && originOf(options.origin) === NOTION_API_ORIGIN) return this.previous.dispatch({ ...options, origin: this.target }, handler);
    return this.previous.dispatch(options, handler);
  }

  // The previous dispatcher is shared with the rest of the process: closing this one leaves it open.
  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    if (callback) return void queueMicrotask(callback);
    return Promise.resolve();
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | void {
    const callback = typeof a === 'function' ? a : b;
    if (callback) return void queueMicrotask(callback);
    return Promise.resolve();
  }
}

/**
 * Send every request this process makes to https://api.notion.com to `target` instead (a running
 * localnotion), through the global `fetch` and anything else that uses undici's global dispatcher.
 * Requests to other hosts are left to the dispatcher that was set before.
 */
export function interceptNotion(target: InterceptTarget): Interception {
  const redirect = new NotionRedirect(getGlobalDispatcher(), targetOrigin(target));
  setGlobalDispatcher(redirect);
  return {
    target: redirect.target,
    get active() {
      return redirect.active;
    },
    restore() {
      if (!redirect.active) return;
      redirect.active = false;
      // Put the previous dispatcher back unless another was set over this one since; then this
      // one stays in the chain, passing everything through.
      if (getGlobalDispatcher() === redirect) setGlobalDispatcher(redirect.previous);
    },
  };
}
