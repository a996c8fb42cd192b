// Attached uploads read back as Notion-hosted files, `{type: "file", file: {url, expiry_time}}`,
// with a URL signed for an hour from the read (https://developers.notion.com/reference/file-object).
// Applied to every /v1 response on its way out, in the walk that hides mentions (src/http/response-hook.ts).
import type { AppContext } from '../context.js';
import { ATTACHED_SCHEME } from './attach.js';
import { hostedPath, signingKey, URL_LIFETIME_MS } from './hosted-url.js';

interface Holder {
  o: Record<string, unknown>;
  id: string;
}

/** What a response holds that reads back as Notion-hosted files, found by `collectHostedFile`. */
export interface HostedFilesFound {
  holders: Holder[];
  markdowns: Record<string, unknown>[];
}

export const noHostedFiles = (): HostedFilesFound => ({ holders: [], markdowns: [] });

// A page's markdown names an attached file by its internal link in a tag's `src` or an image's
// target; the answer shows the signed URL a block read gives instead (docs/decisions.md).
const MARKDOWN_LINK = new RegExp(`${ATTACHED_SCHEME}([0-9a-f-]{36})`, 'g');

/**
 * Note `o` in `found` when it is a file with an attached upload or a page's markdown; true when
 * it is (nothing inside it is another one). Called for every object of a response, so it
 * allocates nothing for an object that is neither.
 */
export function collectHostedFile(o: Record<string, unknown>, found: HostedFilesFound): boolean {
  if (o.object === 'page_markdown' && typeof o.markdown === 'string') {
    found.markdowns.push(o);
    for (const [, id] of o.markdown.matchAll(MARKDOWN_LINK)) found.holders.push({ o, id: id! });
    return true;
  }
  const url = (o.external as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string' || !url.startsWith(ATTACHED_SCHEME)) return false;
  found.holders.push({ o, id: url.slice(ATTACHED_SCHEME.length) });
  return true;
}

/** Rewrite what `collectHostedFile` found in a response, in place; `origin` is this server's. */
export async function rewriteHostedFiles(ctx: AppContext, { holders, markdowns }: HostedFilesFound, origin: string): Promise<void> {
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
