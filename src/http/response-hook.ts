// What every /v1 response is given on its way out, in one walk over its JSON: mentions of pages
// and databases the integration cannot reach read "Untitled"
// (https://developers.notion.com/reference/rich-text#mention), and attached uploads read back as
// Notion-hosted files with fresh signed URLs (https://developers.notion.com/reference/file-object).
// Most responses hold neither, and the walk allocates nothing for them.
import type { Actor } from '../actor.js';
import type { AppContext } from '../context.js';
import { collectHostedFile, noHostedFiles, rewriteHostedFiles } from '../files/hosted.js';
import { forEachObject, mentionOf } from '../properties/mentions.js';
import { hideMentionsFound, mentionToCheck, type MentionFound } from '../properties/reach.js';

/**
 * Rewrite `payload` in place for `actor` (none on the routes that have no integration). Nothing to
 * wait for (undefined) when it holds no mention and no hosted file, which is most responses.
 */
export function presentResponse(ctx: AppContext, actor: Actor | undefined, payload: unknown, origin: () => string): Promise<void> | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const mentions: MentionFound[] = [];
  const files = noHostedFiles();
  forEachObject(payload, (o) => {
    // A file's caption may mention pages, so a file is walked into; nothing inside a mention is
    // another mention or a file.
    collectHostedFile(o, files);
    if (mentionOf(o) === undefined) return false;
    if (actor) {
      const found = mentionToCheck(o);
      if (found) mentions.push(found);
    }
    return true;
  });
  if (mentions.length === 0 && files.holders.length === 0) return undefined;
  return (async () => {
    if (actor) await hideMentionsFound(ctx.store.db, actor, mentions);
    await rewriteHostedFiles(ctx, files, origin());
  })();
}
