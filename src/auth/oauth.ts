// OAuth 2.0 for public integrations (https://developers.notion.com/docs/authorization): the
// authorization request, the codes it ends with, and the token endpoints that exchange a code or
// a refresh token for an access token, introspect a token and revoke one.
import type { AppContext } from '../context.js';
import { forgetActors } from '../services/access.js';
import { createIntegration } from '../services/workspace.js';
import {
  deleteInstallation,
  getClient,
  insertCode,
  installationByAccessToken,
  installationByRefreshToken,
  installationOf,
  markCodeUsed,
  saveInstallation,
  takeCode,
} from '../store/oauth.js';
import type { IntegrationRow, OAuthClientRow, OAuthInstallationRow, UserRow, WorkspaceRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { grant } from '../store/users.js';
import { pagesOfPerson } from './members.js';
import { capabilitiesOf, redirectUrisOf } from './oauth-clients.js';
import { AuthorizePageError, invalidClient, invalidGrant } from './oauth-errors.js';

// Codes live about ten minutes (https://developers.notion.com/docs/authorization).
export const CODE_TTL_MS = 10 * 60 * 1000;

/** Basic credentials (`client_id:client_secret`, base64) of an Authorization header. */
export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^\s*basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** The public integration the credentials name, when the secret is its own; invalid_client otherwise. */
export async function authenticateClient(ctx: AppContext, credentials: { id: string; secret: string } | undefined): Promise<OAuthClientRow> {
  if (!credentials) throw invalidClient();
  const client = await getClient(ctx.store.db, credentials.id);
  if (!client || client.secret !== credentials.secret) throw invalidClient();
  return client;
}

export interface AuthorizationRequest {
  client: OAuthClientRow;
  /** Where the answer goes. */
  redirectUri: string;
  /** The redirect_uri the request named, which the token request must repeat; null when none. */
  namedRedirectUri: string | null;
  state: string | null;
  /** An error to send back to the client instead of asking the person (unsupported response type). */
  error: string | null;
}

/**
 * The authorization request's parameters checked. A bad client id or redirect URI cannot be
 * answered at the redirect URI: those are shown on the page (AuthorizePageError).
 */
export async function readAuthorizationRequest(ctx: AppContext, params: Record<string, string | undefined>): Promise<AuthorizationRequest> {
  const clientId = params.client_id ?? '';
  const client = clientId === '' ? undefined : await getClient(ctx.store.db, clientId);
  if (!client) throw new AuthorizePageError('Missing or invalid client_id.');
  const registered = redirectUrisOf(client);
  const named = params.redirect_uri === undefined || params.redirect_uri === '' ? null : params.redirect_uri;
  // The redirect URI must be one registered, exactly; it may be left out when only one is.
  if (named === null ? registered.length !== 1 : !registered.includes(named)) throw new AuthorizePageError('Missing or invalid redirect_uri.');
  let error: string | null = null;
  if (params.response_type !== 'code') error = 'unsupported_response_type';
  else if (params.owner !== undefined && params.owner !== 'user') error = 'invalid_request';
  return { client, redirectUri: named ?? registered[0]!, namedRedirectUri: named, state: params.state ?? null, error };
}

/** The redirect URI with the answer's parameters added (its own query kept). */
export function redirectWith(request: AuthorizationRequest, answer: Record<string, string>): string {
  const url = new URL(request.redirectUri);
  for (const [name, value] of Object.entries(answer)) url.searchParams.set(name, value);
  if (request.state !== null) url.searchParams.set('state', request.state);
  return url.toString();
}

/**
 * The person approved: a code for the pages they chose among those they see (anything else is
 * ignored, as the page only offers those).
 */
export async function approve(ctx: AppContext, request: AuthorizationRequest, userId: string, chosen: string[] | null): Promise<string> {
  const offered = await pagesOfPerson(ctx.store.db, userId);
  const user = (await ctx.store.db.selectFrom('users').select('workspace_id').where('id', '=', userId).executeTakeFirstOrThrow()).workspace_id;
  const pages = chosen === null ? offered.map((p) => p.id) : offered.map((p) => p.id).filter((id) => chosen.includes(id));
  const code = ctx.ids.uuid();
  await insertCode(ctx.store.db, {
    code,
    client_id: request.client.id,
    user_id: userId,
    workspace_id: user,
    pages: JSON.stringify(pages),
    redirect_uri: request.namedRedirectUri,
    expires_time: new Date(ctx.clock.now().getTime() + CODE_TTL_MS).toISOString(),
    used_time: null,
  });
  return code;
}

/** What a token response is made of (auth/present.ts). */
export interface TokenGrant {
  integration: IntegrationRow;
  installation: OAuthInstallationRow;
  workspace: WorkspaceRow;
  owner: UserRow;
}

const refreshTokenOf = (ctx: AppContext): string => ctx.ids.token().replace(/^ntn_/, 'nrt_');

async function grantOf(db: Db, integrationId: string): Promise<TokenGrant> {
  const integration = await db.selectFrom('integrations').selectAll().where('id', '=', integrationId).executeTakeFirstOrThrow();
  const installation = await db.selectFrom('oauth_installations').selectAll().where('integration_id', '=', integrationId).executeTakeFirstOrThrow();
  const workspace = await db.selectFrom('workspaces').selectAll().where('id', '=', integration.workspace_id).executeTakeFirstOrThrow();
  const owner = await db.selectFrom('users').selectAll().where('id', '=', installation.user_id).executeTakeFirstOrThrow();
  return { integration, installation, workspace, owner };
}

/**
 * Install the integration for the code's person (or install it again: the same bot, a new access
 * token and refresh token, and the pages chosen this time added to those it had).
 */
async function install(ctx: AppContext, tx: Db, client: OAuthClientRow, userId: string, workspaceId: string, pages: string[]): Promise<string> {
  const now = ctx.clock.now().toISOString();
  const existing = await installationOf(tx, client.id, userId);
  let integrationId: string;
  if (existing) {
    integrationId = existing.integration_id;
    await tx.updateTable('integrations').set({ token: ctx.ids.token() }).where('id', '=', integrationId).execute();
  } else {
    const made = await createIntegration(
      ctx,
      { workspaceId, name: client.name, kind: 'public', ownerUserId: userId, capabilities: capabilitiesOf(client) },
      tx,
    );
    integrationId = made.integrationId;
  }
  for (const page of pages) await grant(tx, integrationId, page);
  await saveInstallation(tx, { integration_id: integrationId, client_id: client.id, user_id: userId, refresh_token: refreshTokenOf(ctx), issued_time: now });
  return integrationId;
}

/** grant_type authorization_code. */
export async function exchangeCode(ctx: AppContext, client: OAuthClientRow, code: string, redirectUri: string | undefined): Promise<TokenGrant> {
  const grantMade = await ctx.store.transaction(async (tx) => {
    const row = await takeCode(tx, code);
    if (!row || row.client_id !== client.id) throw invalidGrant('Invalid code: this code does not exist.');
    if (row.used_time !== null) throw invalidGrant('Invalid code: this code has been revoked.');
    if (row.expires_time <= ctx.clock.now().toISOString()) throw invalidGrant('Invalid code: this code has expired.');
    // redirect_uri repeats the authorization request's, exactly; without one there, none here
    // (https://developers.notion.com/reference/create-a-token).
    if ((redirectUri ?? null) !== row.redirect_uri) throw invalidGrant('Missing or invalid redirect_uri.');
    await markCodeUsed(tx, code, ctx.clock.now().toISOString());
    const integrationId = await install(ctx, tx, client, row.user_id, row.workspace_id, JSON.parse(row.pages) as string[]);
    return grantOf(tx, integrationId);
  });
  forgetActors(ctx);
  return grantMade;
}

/** grant_type refresh_token: a new access token and a new refresh token; the old ones stop working. */
export async function refreshAccess(ctx: AppContext, client: OAuthClientRow, refreshToken: string): Promise<TokenGrant> {
  const grantMade = await ctx.store.transaction(async (tx) => {
    const installation = await installationByRefreshToken(tx, refreshToken);
    if (!installation || installation.client_id !== client.id) throw invalidGrant('Invalid refresh token: this token has been revoked.');
    await tx.updateTable('integrations').set({ token: ctx.ids.token() }).where('id', '=', installation.integration_id).execute();
    await saveInstallation(tx, { ...installation, refresh_token: refreshTokenOf(ctx), issued_time: ctx.clock.now().toISOString() });
    return grantOf(tx, installation.integration_id);
  });
  forgetActors(ctx);
  return grantMade;
}

/** The scope introspection reports: the installation's capabilities, space-separated. */
function scopeOf(client: OAuthClientRow): string {
  const c = capabilitiesOf(client);
  const scope: string[] = (['read_content', 'insert_content', 'update_content', 'read_comments', 'insert_comments'] as const).filter((name) => c[name]);
  if (c.user_information === 'with_email') scope.push('read_user_with_email', 'read_user_without_email');
  if (c.user_information === 'without_email') scope.push('read_user_without_email');
  return scope.join(' ');
}

/** Whether `token` is a live access token of this public integration. */
export async function introspect(ctx: AppContext, client: OAuthClientRow, token: string): Promise<{ active: boolean; scope?: string; iat?: number }> {
  const installation = await installationByAccessToken(ctx.store.db, token);
  if (!installation || installation.client_id !== client.id) return { active: false };
  // iat in milliseconds, as Notion gives it.
  return { active: true, scope: scopeOf(client), iat: Date.parse(installation.issued_time) };
}

/** Revoke an access token (or a refresh token) of this public integration: the installation ends. */
export async function revokeToken(ctx: AppContext, client: OAuthClientRow, token: string): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const installation = (await installationByAccessToken(tx, token)) ?? (await installationByRefreshToken(tx, token));
    // An unknown token is no error (https://www.rfc-editor.org/rfc/rfc7009#section-2.2).
    if (installation && installation.client_id === client.id) await deleteInstallation(tx, installation.integration_id);
  });
  forgetActors(ctx);
}
