// Attached uploads read back as Notion-hosted files, `{type: "file", file: {url, expiry_time}}`,
// with a URL signed for an hour from the read (https://developers.notion.com/reference/file-object).
// Applied to every /v1 response on its way out, as mentions are hidden there.
import type { AppContext } from '../context.js';
import { ATTACHED_SCHEME } from './attach.js';
import { hostedPath, signingKey, URL_LIFETIME_MS } from './hosted-url.js';

interface Holder {
  o: Record<string, unknown>;
  id: string;
}

function findHolders(value: unknown, out: Holder[]): void {
  if (Array.isArray(value)) {
    for (const item of value) findHolders(item, out);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const o = value as Record<string, unknown>;
  const url = (o.external as { url?: unknown } | undefined)?.url;
  if (typeof url === 'string' && url.startsWith(ATTACHED_SCHEME)) out.push({ o, id: url.slice(ATTACHED_SCHEME.length) });
  else for (const v of Object.values(o)) findHolders(v, out);
}

/** Rewrite the attached-upload links of a response in place; `origin` is this server's. */
export async function presentHostedFiles(ctx: AppContext, payload: unknown, origin: string): Promise<void> {
  if (typeof payload !== 'object' || payload === null) return;
  const holders: Holder[] = [];
  findHolders(payload, holders);
  if (holders.length === 0) return;
  const key = await signingKey(ctx.store.db);
  const expires = ctx.clock.now().getTime() + URL_LIFETIME_MS;
  const ids = [...new Set(holders.map((h) => h.id))];
  const rows = await ctx.store.db.selectFrom('file_uploads').select(['id', 'filename']).where('id', 'in', ids).execute();
  const names = new Map(rows.map((r) => [r.id, r.filename]));
  for (const { o, id } of holders) {
    const file = { url: `${origin}${hostedPath(key, id, names.get(id) ?? null, expires)}`, expiry_time: new Date(expires).toISOString() };
    // Keys keep their places: `type` becomes "file" and `external` becomes `file`.
    const entries = Object.entries(o).map(([k, v]): [string, unknown] => (k === 'external' ? ['file', file] : k === 'type' ? ['type', 'file'] : [k, v]));
    for (const k of Object.keys(o)) delete o[k];
    Object.assign(o, Object.fromEntries(entries));
  }
}
