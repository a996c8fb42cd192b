// Personal access tokens: user-scoped tokens that act as the person who made them, with that
// person's page access and no sharing step (https://developers.notion.com/guides/get-started/personal-access-tokens).
// Each is a row of `integrations` of kind `personal` owned by its person, with a bot user of its
// own (Notion identifies a token by its bot_id); services/access.ts makes its reach the person's.
import type { AppContext } from '../context.js';
import { ALL_CAPABILITIES, forgetActors, type Capabilities } from '../services/access.js';
import { IntegrationControlError } from '../services/integrations.js';
import { createIntegration } from '../services/workspace.js';
import type { IntegrationRow } from '../store/schema.js';
import type { Db } from '../store/store.js';

export interface PersonalTokenView {
  id: string;
  name: string;
  token: string;
  bot_id: string;
  user_id: string;
  workspace_id: string;
  capabilities: Capabilities;
  created_time: string;
}

export interface NewPersonalToken {
  userId: string;
  name?: string;
  token?: string;
  capabilities?: Partial<Capabilities>;
}

function view(row: IntegrationRow): PersonalTokenView {
  return {
    id: row.id,
    name: row.name,
    token: row.token,
    bot_id: row.bot_id,
    user_id: row.owner_user_id!,
    workspace_id: row.workspace_id,
    capabilities: { ...ALL_CAPABILITIES, ...(JSON.parse(row.capabilities) as Partial<Capabilities>) },
    created_time: row.created_time,
  };
}

/** A person of some workspace; bots have no personal tokens. */
async function person(db: Db, userId: string) {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user || user.type !== 'person') throw new IntegrationControlError(404, `No person with id ${userId}.`);
  return user;
}

/** Make a token for a person, inside the caller's transaction. */
export async function createPersonalToken(ctx: AppContext, db: Db, spec: NewPersonalToken): Promise<PersonalTokenView> {
  const user = await person(db, spec.userId);
  if (spec.token !== undefined) {
    const taken = await db.selectFrom('integrations').select('id').where('token', '=', spec.token).executeTakeFirst();
    if (taken) throw new IntegrationControlError(409, 'Another integration already has this token.');
  }
  const made = await createIntegration(
    ctx,
    {
      workspaceId: user.workspace_id,
      name: spec.name ?? `${user.name ?? 'Personal'} token`,
      kind: 'personal',
      ownerUserId: user.id,
      token: spec.token,
      capabilities: spec.capabilities,
    },
    db,
  );
  const row = await db.selectFrom('integrations').selectAll().where('id', '=', made.integrationId).executeTakeFirstOrThrow();
  return view(row);
}

export async function addPersonalToken(ctx: AppContext, spec: NewPersonalToken): Promise<PersonalTokenView> {
  return ctx.store.transaction((tx) => createPersonalToken(ctx, tx, spec));
}

/** Every personal access token, or those of one person, oldest first. */
export async function listPersonalTokens(ctx: AppContext, userId?: string): Promise<PersonalTokenView[]> {
  let q = ctx.store.db.selectFrom('integrations').selectAll().where('kind', '=', 'personal');
  if (userId !== undefined) {
    await person(ctx.store.db, userId);
    q = q.where('owner_user_id', '=', userId);
  }
  return (await q.orderBy('created_time').orderBy('id').execute()).map(view);
}

/** Revoke a token: it is refused from now on. Its bot user stays, as what it wrote names it. */
export async function revokePersonalToken(ctx: AppContext, id: string): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const row = await tx.selectFrom('integrations').select('id').where('id', '=', id).where('kind', '=', 'personal').executeTakeFirst();
    if (!row) throw new IntegrationControlError(404, `No personal access token with id ${id}.`);
    await tx.deleteFrom('grants').where('integration_id', '=', id).execute();
    await tx.deleteFrom('integrations').where('id', '=', id).execute();
  });
  forgetActors(ctx);
}

/** The token `token` for the person, made unless the store has it already (a server started again). */
export async function ensurePersonalToken(ctx: AppContext, userId: string, token: string): Promise<PersonalTokenView> {
  const found = await ctx.store.db.selectFrom('integrations').selectAll().where('token', '=', token).executeTakeFirst();
  if (found && found.kind === 'personal' && found.owner_user_id === userId) return view(found);
  if (found) throw new IntegrationControlError(409, 'Another integration already has this token.');
  return addPersonalToken(ctx, { userId, token });
}
