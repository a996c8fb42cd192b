// Workspaces, integrations and sharing: what the CLI sets up on first start, and what tests and
// fixtures use to build a second integration with other capabilities.
import type { AppContext } from '../context.js';
import { getMeta, lockKey, setMeta } from '../store/meta.js';
import { newBlockRow } from '../store/blocks.js';
import type { Db } from '../store/store.js';
import { grant, revoke } from '../store/users.js';
import { ALL_CAPABILITIES, forgetActors, type Capabilities } from './access.js';
import type { PageProperties } from '../properties/row-properties.js';
import type { IntegrationView } from './integrations.js';
import { normalizeRichText, NO_MENTIONS } from '../rich-text.js';

export interface WorkspaceInfo {
  workspaceId: string;
  ownerId: string;
  integrationId: string;
  botId: string;
  token: string;
  rootPageId: string;
}

export interface NewIntegration {
  workspaceId: string;
  name: string;
  capabilities?: Partial<Capabilities>;
  kind?: 'internal' | 'public' | 'personal';
  ownerUserId?: string;
  token?: string;
  /**
   * An existing user the integration writes as, instead of a bot of its own: the web UI, which is
   * that person using the workspace as Notion's app does (docs/decisions.md, "Web UI: workspace").
   */
  actsAsUserId?: string;
}

/**
 * What `createIntegration` gives: the integration as the emulator's handle and control API show it
 * (`id`, `bot_id`, ...), and the names it first had, `integrationId` and `botId`, kept as aliases
 * (docs/decisions.md, "Packaging and interception").
 */
export type CreatedIntegration = IntegrationView & {
  /** @deprecated the same as `id` */
  integrationId: string;
  /** @deprecated the same as `bot_id` */
  botId: string;
};

export async function createIntegration(ctx: AppContext, spec: NewIntegration, db: Db = ctx.store.db): Promise<CreatedIntegration> {
  const now = ctx.clock.now().toISOString();
  const botId = spec.actsAsUserId ?? ctx.ids.uuid();
  const id = ctx.ids.uuid();
  const token = spec.token ?? ctx.ids.token();
  const capabilities = { ...ALL_CAPABILITIES, ...spec.capabilities };
  const kind = spec.kind ?? 'internal';
  const ownerUserId = spec.ownerUserId ?? null;
  if (spec.actsAsUserId === undefined) {
    await db
      .insertInto('users')
      .values({ id: botId, workspace_id: spec.workspaceId, type: 'bot', name: spec.name, avatar_url: null, email: null, created_time: now })
      .execute();
  }
  await db
    .insertInto('integrations')
    .values({
      id,
      workspace_id: spec.workspaceId,
      bot_id: botId,
      name: spec.name,
      token,
      kind,
      owner_user_id: ownerUserId,
      capabilities: JSON.stringify(capabilities),
      created_time: now,
    })
    .execute();
  const view: IntegrationView = {
    id,
    name: spec.name,
    kind,
    token,
    bot_id: botId,
    owner_user_id: ownerUserId,
    workspace_id: spec.workspaceId,
    capabilities,
    pages: [],
    created_time: now,
  };
  return { ...view, integrationId: id, botId };
}

export async function createPerson(
  ctx: AppContext,
  workspaceId: string,
  name: string | null,
  email: string | null,
  db: Db = ctx.store.db,
  avatarUrl: string | null = null,
): Promise<string> {
  const id = ctx.ids.uuid();
  await db
    .insertInto('users')
    .values({ id, workspace_id: workspaceId, type: 'person', name, avatar_url: avatarUrl, email, created_time: ctx.clock.now().toISOString() })
    .execute();
  return id;
}

/** Give an integration a page (Notion's "Add connections"); it reaches everything below it. */
export const sharePage = (ctx: AppContext, integrationId: string, pageId: string): Promise<void> => grant(ctx.store.db, integrationId, pageId);
export const unsharePage = (ctx: AppContext, integrationId: string, pageId: string): Promise<void> => revoke(ctx.store.db, integrationId, pageId);

/**
 * On an empty store: a workspace, its owner, an internal integration with every capability and
 * a top-level page shared with it. On a store that has them: the same, unchanged, except that a
 * given token replaces the integration's token.
 */
export async function ensureWorkspace(ctx: AppContext, options: { token?: string } = {}): Promise<WorkspaceInfo> {
  return ctx.store.transaction(async (tx) => {
    // Instances starting together on an empty database: one creates the workspace, the others
    // wait and find it.
    await lockKey(tx, 'localnotion:first-start');
    const existing = await getMeta(tx, 'workspace');
    if (existing) {
      const info = JSON.parse(existing) as WorkspaceInfo;
      if (options.token && options.token !== info.token) {
        await tx.updateTable('integrations').set({ token: options.token }).where('id', '=', info.integrationId).execute();
        info.token = options.token;
        await setMeta(tx, 'workspace', JSON.stringify(info));
        forgetActors(ctx);
      }
      return info;
    }
    const info = await createWorkspace(ctx, tx, { name: 'localnotion', token: options.token });
    await setMeta(tx, 'workspace', JSON.stringify(info));
    return info;
  });
}

/**
 * A workspace with its owner, an internal integration with every capability named after it, and
 * a top-level "Getting started" page that the integration and every member reach.
 */
export async function createWorkspace(ctx: AppContext, tx: Db, options: { name: string; icon?: string | null; token?: string }): Promise<WorkspaceInfo> {
  const now = ctx.clock.now().toISOString();
  const workspaceId = ctx.ids.uuid();
  await tx
    .insertInto('workspaces')
    .values({ id: workspaceId, name: options.name, icon: options.icon ?? null, created_time: now })
    .execute();
  const ownerId = await createPerson(ctx, workspaceId, 'Workspace Owner', 'owner@localnotion.test', tx);
  const integration = await createIntegration(ctx, { workspaceId, name: options.name, token: options.token }, tx);
  const rootPageId = ctx.ids.uuid();
  const title = normalizeRichText([{ text: { content: 'Getting started' } }], NO_MENTIONS, ctx.config.urlBase);
  const page = newBlockRow(
    { workspaceId, userId: ownerId, now },
    {
      id: rootPageId,
      type: 'child_page',
      parent_type: 'workspace',
      parent_id: null,
      properties: JSON.stringify({ title } satisfies PageProperties),
      title: 'Getting started',
    },
  );
  await tx.insertInto('blocks').values(page).execute();
  await grant(tx, integration.integrationId, rootPageId);
  // Members see the workspace's pages; a grant to the workspace says so (docs/decisions.md).
  await grant(tx, workspaceId, rootPageId);
  return { workspaceId, ownerId, ...integration, rootPageId };
}
