// Public integrations as their developer registers them: a client id and secret, the redirect
// URIs the authorization may return to, and the capabilities every installation gets
// (https://developers.notion.com/docs/authorization). Also the emulator's switch that approves
// every authorization request at once, for tests without a browser.
import type { AppContext } from '../context.js';
import { ALL_CAPABILITIES, type Capabilities } from '../services/access.js';
import { IntegrationControlError } from '../services/integrations.js';
import { getMeta, setMeta } from '../store/meta.js';
import { getClient, listClients } from '../store/oauth.js';
import type { OAuthClientRow } from '../store/schema.js';
import type { Db } from '../store/store.js';

export interface PublicIntegrationView {
  client_id: string;
  client_secret: string;
  name: string;
  redirect_uris: string[];
  capabilities: Capabilities;
  /** Its installations: one per person who approved it, each with its own bot and token. */
  installations: { integration_id: string; user_id: string; workspace_id: string; bot_id: string }[];
  created_time: string;
}

export interface NewPublicIntegration {
  name: string;
  client_id?: string;
  client_secret?: string;
  redirect_uris: string[];
  capabilities?: Partial<Capabilities>;
}

export const capabilitiesOf = (client: OAuthClientRow): Capabilities => ({
  ...ALL_CAPABILITIES,
  ...(JSON.parse(client.capabilities) as Partial<Capabilities>),
});
export const redirectUrisOf = (client: OAuthClientRow): string[] => JSON.parse(client.redirect_uris) as string[];

function checkRedirectUris(uris: string[]): void {
  for (const uri of uris) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new IntegrationControlError(400, `redirect_uris: ${JSON.stringify(uri)} is not an absolute URL.`);
    }
    if (url.hash !== '') throw new IntegrationControlError(400, `redirect_uris: ${JSON.stringify(uri)} has a fragment, which a redirect URI cannot have.`);
  }
}

async function view(db: Db, client: OAuthClientRow): Promise<PublicIntegrationView> {
  const installations = await db
    .selectFrom('oauth_installations')
    .innerJoin('integrations', 'integrations.id', 'oauth_installations.integration_id')
    .select(['integrations.id as integration_id', 'oauth_installations.user_id', 'integrations.workspace_id', 'integrations.bot_id'])
    .where('oauth_installations.client_id', '=', client.id)
    .orderBy('integrations.created_time')
    .orderBy('integrations.id')
    .execute();
  return {
    client_id: client.id,
    client_secret: client.secret,
    name: client.name,
    redirect_uris: redirectUrisOf(client),
    capabilities: capabilitiesOf(client),
    installations,
    created_time: client.created_time,
  };
}

export async function listPublicIntegrations(ctx: AppContext): Promise<PublicIntegrationView[]> {
  const db = ctx.store.db;
  return Promise.all((await listClients(db)).map((c) => view(db, c)));
}

export async function getPublicIntegration(ctx: AppContext, clientId: string, db: Db = ctx.store.db): Promise<PublicIntegrationView> {
  const client = await getClient(db, clientId);
  if (!client) throw new IntegrationControlError(404, `No public integration with client id ${clientId}.`);
  return view(db, client);
}

/** Register a public integration, inside the caller's transaction. */
export async function createPublicIntegration(ctx: AppContext, db: Db, spec: NewPublicIntegration): Promise<PublicIntegrationView> {
  checkRedirectUris(spec.redirect_uris);
  const id = spec.client_id ?? ctx.ids.uuid();
  if (await getClient(db, id)) throw new IntegrationControlError(409, `Another public integration already has the client id ${id}.`);
  await db
    .insertInto('oauth_clients')
    .values({
      id,
      name: spec.name,
      // Client secrets are opaque to their holder; this form is the emulator's own.
      secret: spec.client_secret ?? ctx.ids.token().replace(/^ntn_/, 'secret_'),
      redirect_uris: JSON.stringify(spec.redirect_uris),
      capabilities: JSON.stringify({ ...ALL_CAPABILITIES, ...spec.capabilities }),
      created_time: ctx.clock.now().toISOString(),
    })
    .execute();
  return getPublicIntegration(ctx, id, db);
}

export async function addPublicIntegration(ctx: AppContext, spec: NewPublicIntegration): Promise<PublicIntegrationView> {
  return ctx.store.transaction((tx) => createPublicIntegration(ctx, tx, spec));
}

/** Change what a public integration declares; installations keep their tokens. */
export async function changePublicIntegration(
  ctx: AppContext,
  clientId: string,
  change: { name?: string; client_secret?: string; redirect_uris?: string[]; capabilities?: Partial<Capabilities> },
): Promise<PublicIntegrationView> {
  const current = await getPublicIntegration(ctx, clientId);
  if (change.redirect_uris) checkRedirectUris(change.redirect_uris);
  const set: Partial<OAuthClientRow> = {};
  if (change.name !== undefined) set.name = change.name;
  if (change.client_secret !== undefined) set.secret = change.client_secret;
  if (change.redirect_uris !== undefined) set.redirect_uris = JSON.stringify(change.redirect_uris);
  if (change.capabilities !== undefined) set.capabilities = JSON.stringify({ ...current.capabilities, ...change.capabilities });
  if (Object.keys(set).length > 0) await ctx.store.db.updateTable('oauth_clients').set(set).where('id', '=', clientId).execute();
  return getPublicIntegration(ctx, clientId);
}

/** Who approves, and which pages, when authorization requests are approved at once. */
export interface AutoApprove {
  /** The person who approves; the first workspace's owner when null. */
  user_id: string | null;
  /** The pages shared; every page the person sees at the top when null. */
  pages: string[] | null;
}

const AUTO_APPROVE_KEY = 'oauth:auto-approve';

export async function getAutoApprove(db: Db): Promise<AutoApprove | null> {
  const stored = await getMeta(db, AUTO_APPROVE_KEY);
  return stored ? (JSON.parse(stored) as AutoApprove | null) : null;
}

/** Turn the switch on (with who approves and what) or off (null). */
export async function setAutoApprove(ctx: AppContext, setting: AutoApprove | null): Promise<AutoApprove | null> {
  if (setting?.user_id) {
    const user = await ctx.store.db.selectFrom('users').select('type').where('id', '=', setting.user_id).executeTakeFirst();
    if (user?.type !== 'person') throw new IntegrationControlError(404, `No person with id ${setting.user_id}.`);
  }
  await setMeta(ctx.store.db, AUTO_APPROVE_KEY, JSON.stringify(setting));
  return setting;
}
