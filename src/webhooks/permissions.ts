// `page.permissions_updated`: Notion sends it when what a page is shared with changes
// (https://developers.notion.com/reference/webhooks-events-delivery). Here the control API makes
// such changes: a page given to or taken from an integration, a restricted member's pages.
import type { AppContext } from '../context.js';
import type { Db } from '../store/store.js';
import { ownerSource } from './record-more.js';
import { recordEvents } from './record.js';

/** Record the event for each page, inside the change's transaction, told as the workspace owner's. */
export async function recordPermissions(ctx: AppContext, tx: Db, workspaceId: string, pageIds: readonly string[]): Promise<void> {
  if (pageIds.length === 0) return;
  const source = await ownerSource(tx, workspaceId);
  if (source) await recordEvents(tx, ctx, source, ...pageIds.map((pageId) => ({ kind: 'permissions' as const, pageId })));
}
