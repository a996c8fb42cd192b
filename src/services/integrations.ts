// Integrations as the workspace's owner manages them in Notion's settings: list, create with
// capabilities, rename, change capabilities, rotate the token, share and unshare pages. Used by
// the control API and fixtures; every change forgets the cached actors at once.
import type { AppContext } from '../context.js';
import type { IntegrationRow } from '../store/schema.js';
import { getMeta, setMeta } from '../store/meta.js';
import { grant, revoke } from '../store/users.js';
import { ALL_CAPABILITIES, forgetActors, type Capabilities } from './access.js';
import { createIntegration, type NewIntegration, type WorkspaceInfo } from './workspace.js';
import { recordPermissions } from '../webhooks/permissions.js';

export interface IntegrationView {
  id: string;
  name: string;
  kind: 'internal' | 'public' | 'personal';
  token: string;
  bot_id: string;
  owner_user_id: string | null;
  workspace_id: string;
  capabilities: Capabilities;
  /** Pages and databases shared with it (it also reaches everything below them). */
  pages: string[];
  created_time: string;
}

export class IntegrationControlError extends Error {
  constructor(
    readonly status: 404 | 400 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'IntegrationControlError';
  }
}

function view(row: IntegrationRow, pages: string[]): IntegrationView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    token: row.token,
    bot_id: row.bot_id,
    owner_user_id: row.owner_user_id,
    workspace_id: row.workspace_id,
    capabilities: { ...ALL_CAPABILITIES, ...(JSON.parse(row.capabilities) as Partial<Capabilities>) },
    pages,
    created_time: row.created_time,
  };
}

export async function listIntegrations(ctx: AppContext): Promise<IntegrationView[]> {
  const db = ctx.store.db;
  // Personal access tokens are listed with their people (auth/personal-tokens.ts).
  const rows = await db.selectFrom('integrations').selectAll().where('kind', '!=', 'personal').orderBy('created_time').orderBy('id').execute();
  const grants = await db.selectFrom('grants').selectAll().orderBy('block_id').execute();
  return rows.map((r) =>
    view(
      r,
      grants.filter((g) => g.integration_id === r.id).map((g) => g.block_id),
    ),
  );
}

export async function getIntegration(ctx: AppContext, id: string): Promise<IntegrationView> {
  const found = (await listIntegrations(ctx)).find((i) => i.id === id);
  if (!found) throw new IntegrationControlError(404, `No integration with id ${id}.`);
  return found;
}

async function checkTokenFree(ctx: AppContext, token: string): Promise<void> {
  const taken = await ctx.store.db.selectFrom('integrations').select('id').where('token', '=', token).executeTakeFirst();
  if (taken) throw new IntegrationControlError(409, 'Another integration already has this token.');
}

// Nothing crosses workspaces: an integration is given pages of its own workspace only.
async function checkPage(ctx: AppContext, pageId: string, workspaceId: string): Promise<void> {
  const row = await ctx.store.db.selectFrom('blocks').select(['type', 'workspace_id']).where('id', '=', pageId).executeTakeFirst();
  if (!row || row.workspace_id !== workspaceId || (row.type !== 'child_page' && row.type !== 'child_database')) {
    throw new IntegrationControlError(404, `No page or database with id ${pageId}.`);
  }
}

export async function addIntegration(
  ctx: AppContext,
  spec: Omit<NewIntegration, 'workspaceId'> & { pages?: string[] },
  workspaceId: string,
): Promise<IntegrationView> {
  const workspace = await ctx.store.db.selectFrom('workspaces').select('id').where('id', '=', workspaceId).executeTakeFirst();
  if (!workspace) throw new IntegrationControlError(404, `No workspace with id ${workspaceId}.`);
  if (spec.token !== undefined) await checkTokenFree(ctx, spec.token);
  for (const page of spec.pages ?? []) await checkPage(ctx, page, workspaceId);
  const created = await ctx.store.transaction(async (tx) => {
    const made = await createIntegration(ctx, { ...spec, workspaceId }, tx);
    for (const page of spec.pages ?? []) await grant(tx, made.integrationId, page);
    return made;
  });
  return getIntegration(ctx, created.integrationId);
}

export async function changeIntegration(
  ctx: AppContext,
  id: string,
  change: { name?: string; capabilities?: Partial<Capabilities>; token?: string; kind?: 'internal' | 'public'; ownerUserId?: string },
): Promise<IntegrationView> {
  const current = await getIntegration(ctx, id);
  if (change.token !== undefined && change.token !== current.token) await checkTokenFree(ctx, change.token);
  await ctx.store.transaction(async (tx) => {
    const set: Partial<IntegrationRow> = {};
    if (change.name !== undefined) set.name = change.name;
    if (change.token !== undefined) set.token = change.token;
    if (change.kind !== undefined) set.kind = change.kind;
    if (change.ownerUserId !== undefined) set.owner_user_id = change.ownerUserId;
    if (change.capabilities !== undefined) set.capabilities = JSON.stringify({ ...current.capabilities, ...change.capabilities });
    if (Object.keys(set).length > 0) await tx.updateTable('integrations').set(set).where('id', '=', id).execute();
    // The bot user carries the integration's name, as on Notion.
    if (change.name !== undefined) await tx.updateTable('users').set({ name: change.name }).where('id', '=', current.bot_id).execute();
    // The workspace record names the default integration's token, which start-up prints.
    const stored = await getMeta(tx, 'workspace');
    const info = stored ? (JSON.parse(stored) as WorkspaceInfo) : undefined;
    if (info && info.integrationId === id && change.token !== undefined) await setMeta(tx, 'workspace', JSON.stringify({ ...info, token: change.token }));
  });
  forgetActors(ctx);
  return getIntegration(ctx, id);
}

/** A new token for the integration; the old one is refused from now on. */
export async function rotateToken(ctx: AppContext, id: string): Promise<IntegrationView> {
  return changeIntegration(ctx, id, { token: ctx.ids.token() });
}

export async function shareWith(ctx: AppContext, id: string, pageId: string): Promise<IntegrationView> {
  const integration = await getIntegration(ctx, id);
  await checkPage(ctx, pageId, integration.workspace_id);
  await ctx.store.transaction(async (tx) => {
    await grant(tx, id, pageId);
    await recordPermissions(ctx, tx, integration.workspace_id, [pageId]);
  });
  return getIntegration(ctx, id);
}

export async function unshareWith(ctx: AppContext, id: string, pageId: string): Promise<IntegrationView> {
  const integration = await getIntegration(ctx, id);
  await ctx.store.transaction(async (tx) => {
    await revoke(tx, id, pageId);
    await recordPermissions(ctx, tx, integration.workspace_id, [pageId]);
  });
  return getIntegration(ctx, id);
}
