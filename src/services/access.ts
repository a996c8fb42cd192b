// Who is calling and what they may touch: integrations, their capabilities, and the pages they
// were given (https://developers.notion.com/reference/capabilities, https://developers.notion.com/reference/status-codes). A missing capability is 403; an object outside what the integration
// was given is 404, indistinguishable from one that does not exist.
import type { AppContext } from '../context.js';
import { archivedAncestor, archivedBlock, insufficientPermissions, objectNotFound, unauthorizedToken, type ObjectKind } from '../errors.js';
import { ancestry, type AncestorRow } from '../store/blocks.js';
import type { Db } from '../store/store.js';
import { grant, integrationByToken } from '../store/users.js';
import { ALL_CAPABILITIES, type Actor, type Capabilities, type ContentCapability } from '../actor.js';

// Named here too: most use cases import who is calling from the module that authenticates them.
export { ALL_CAPABILITIES } from '../actor.js';
export type { Actor, Capabilities, ContentCapability, UserInformation } from '../actor.js';

/** Who a caller's grants belong to, for an integration row and its owner's restriction. */
export function reachOf(row: { id: string; kind: string; owner_user_id: string | null; workspace_id: string }, restricted: boolean): readonly [string, string] {
  if (row.kind !== 'personal' || row.owner_user_id === null) return [row.id, row.id];
  return [row.owner_user_id, restricted ? row.owner_user_id : row.workspace_id];
}

// Every request names its token, so the integration behind it is kept for a moment. Changes made
// through this process forget it at once (forgetActors); another instance sharing the database
// sees a changed token or capability after at most this long.
const ACTOR_TTL_MS = 1000;
const MAX_CACHED_ACTORS = 1000;
const actorCache = new WeakMap<AppContext['store'], Map<string, { actor: Actor; until: number }>>();

/** The integration behind `token` when it was looked up a moment ago; undefined otherwise. */
export function knownActor(ctx: AppContext, token: string): Actor | undefined {
  const hit = actorCache.get(ctx.store)?.get(token);
  return hit && hit.until > performance.now() ? hit.actor : undefined;
}

export async function authenticate(ctx: AppContext, token: string): Promise<Actor> {
  let cache = actorCache.get(ctx.store);
  if (!cache) actorCache.set(ctx.store, (cache = new Map()));
  const now = performance.now();
  const hit = cache.get(token);
  if (hit && hit.until > now) return hit.actor;
  const row = await integrationByToken(ctx.store.db, token);
  if (!row) throw unauthorizedToken();
  const actor: Actor = {
    integrationId: row.id,
    integrationName: row.name,
    kind: row.kind,
    botId: row.bot_id,
    ownerUserId: row.owner_user_id,
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    capabilities: { ...ALL_CAPABILITIES, ...(JSON.parse(row.capabilities) as Partial<Capabilities>) },
    reach: reachOf(row, row.restricted !== null),
  };
  if (cache.size >= MAX_CACHED_ACTORS) cache.clear();
  cache.set(token, { actor, until: now + ACTOR_TTL_MS });
  return actor;
}

/** Forget cached integrations after a change to tokens, names or capabilities. */
export function forgetActors(ctx: AppContext): void {
  actorCache.delete(ctx.store);
}

export function requireCapability(actor: Actor, capability: ContentCapability): void {
  if (!actor.capabilities[capability]) throw insufficientPermissions();
}

export function requireUserInformation(actor: Actor): void {
  if (actor.capabilities.user_information === 'none') throw insufficientPermissions();
}

/**
 * The chain from `id` up to the workspace, when the integration may reach `id`; otherwise the
 * 404 Notion answers, naming the object as `kind`.
 */
export async function reachable(db: Db, actor: Actor, id: string, kind: ObjectKind): Promise<AncestorRow[]> {
  const chain = await ancestry(db, id, actor.reach);
  if (chain.length === 0 || !chain.some((a) => a.granted)) throw objectNotFound(kind, id, actor);
  return chain;
}

/**
 * A page or database just made at the top level of the workspace: the integration that made it
 * reaches it, and one acting for a person (a public integration's owner, a personal access
 * token's) puts it in that person's private pages, as Notion does
 * (https://developers.notion.com/reference/post-page).
 */
export async function grantTopLevel(db: Db, actor: Actor, id: string): Promise<void> {
  await grant(db, actor.integrationId, id);
  if (actor.ownerUserId !== null && actor.kind !== 'internal') await grant(db, actor.ownerUserId, id);
}

/** Refuse edits of a trashed block, or of anything under one (https://developers.notion.com/reference/patch-page, https://developers.notion.com/reference/update-a-block). */
export function assertEditable(chain: Pick<AncestorRow, 'in_trash'>[]): void {
  if (chain[0]!.in_trash) throw archivedBlock();
  if (chain.slice(1).some((a) => a.in_trash)) throw archivedAncestor();
}

/** The page row for `id`, when the integration may reach it; 404 for anything else. */
export async function findPage(db: Db, actor: Actor, id: string) {
  const chain = await reachable(db, actor, id, 'page');
  const row = chain[0]!;
  if (row.type !== 'child_page') throw objectNotFound('page', id, actor);
  return { row, chain };
}
