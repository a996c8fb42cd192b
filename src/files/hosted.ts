// Attached uploads read back as Notion-hosted files, `{type: "file", file: {url, expiry_time}}`,
// with a URL signed for an hour from the read (https://developers.notion.com/reference/file-object).
// Applied to every /v1 response on its way out, as mentions are hidden there.
import type { AppContext } from '../context.js';
import { forEachObject } from '../properties/mentions.js';
import { ATTACHED_SCHEME } from './attach.js';
import { hostedPath, signingKey, URL_LIFETIME_MS } from './hosted-url.js';

interface Holder {
  o: Record<string, unknown>;
  id: string;
}

// A page's markdown names an attached file by its internal link in a tag's `src` or an image's
// target; the answer shows the signed URL a block read gives instead (docs/decisions.md).
const MARKDOWN_LINK = new RegExp(`${ATTACHED_SCHEME}([0-9a-f-]{36})`, 'g');

function findHolders(value: unknown, out: Holder[], markdowns: Record<string, unknown>[]): void {
  // The allocation-free walk the mention hook uses; a holder is not walked into.
  forEachObject(value, (o) => {
    if (o.object === 'page_markdown' && typeof o.markdown === 'string') {
      markdowns.push(o);
      for (const [, id] of o.markdown.matchAll(MARKDOWN_LINK)) out.push({ o, id: id! });
      return true;
    }
    const url = (o.external as { url?: unknown } | undefined)?.url;
    if (typeof url !== 'string' || !url.startsWith(ATTACHED_SCHEME)) return false;
    out.push({ o, id: url.slice(ATTACHED_SCHEME.length) });
    return true;
  });
}

/** Rewrite the attached-upload links of a response in place; `origin` is this server's. */
export async function presentHostedFiles(ctx: AppContext, payload: unknown, origin: string): Promise<void> {
  if (typeof payload !== 'object' || payload === null) return;
  const holders: Holder[] = [];
  const markdowns: Record<string, unknown>[] = [];
  findHolders(payload, holders, markdowns);
  if (holders.length === 0) return;
  const key = await signingKey(ctx.store.db);
  const expires = ctx.clock.now().getTime() + URL_LIFETIME_MS;
  const ids = [...new Set(holders.map((h) => h.id))];
  const rows = await ctx.store.db.selectFrom('file_uploads').select(['id', 'filename']).where('id', 'in', ids).execute();
  const names = new Map(rows.map((r) => [r.id, r.filename]));
  const urlOf = (id: string): string => `${origin}${hostedPath(key, id, names.get(id) ?? null, expires)}`;
  for (const o of markdowns) {
    // Inside a tag's attribute `&` is written `&amp;`, as render.ts writes every attribute.
    const replace = (link: string, id: string, at: number, text: string): string =>
      !names.has(id) ? link : text.endsWith('src="', at) ? urlOf(id).replace(/&/g, '&amp;') : urlOf(id);
    o.markdown = (o.markdown as string).replace(MARKDOWN_LINK, replace);
  }
  for (const { o, id } of holders) {
    if (markdowns.includes(o)) continue;
    const file = { url: urlOf(id), expiry_time: new Date(expires).toISOString() };
    // Keys keep their places: `type` becomes "file" and `external` becomes `file`.
    const entries = Object.entries(o).map(([k, v]): [string, unknown] => (k === 'external' ? ['file', file] : k === 'type' ? ['type', 'file'] : [k, v]));
    for (const k of Object.keys(o)) delete o[k];
    Object.assign(o, Object.fromEntries(entries));
  }
}
