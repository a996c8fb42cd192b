// /v1/oauth: the authorization page a person approves a public integration on, and the token
// endpoints its server calls with HTTP Basic client credentials
// (https://developers.notion.com/docs/authorization). No bearer token, no Notion-Version.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { pagesOfPerson } from '../../auth/members.js';
import { getAutoApprove } from '../../auth/oauth-clients.js';
import { AuthorizePageError, OAuthError, unsupportedGrantType } from '../../auth/oauth-errors.js';
import {
  approve,
  authenticateClient,
  basicCredentials,
  exchangeCode,
  introspect,
  readAuthorizationRequest,
  redirectWith,
  refreshAccess,
  revokeToken,
  type AuthorizationRequest,
} from '../../auth/oauth.js';
import { choosePersonPage, consentPage, errorPage, presentTokenResponse } from '../../auth/present.js';
import { peopleOf, workspaceOwner } from '../../auth/people.js';
import { AuthorizationCodeBody, GrantTypeBody, RefreshTokenBody, TokenBody } from '../../schemas/oauth.js';
import { bodyOf, RawBody } from '../input.js';
import { sendObject } from '../reply.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An OAuth route: client credentials or none, instead of a bearer token and a version. */
    oauth?: boolean;
  }
}

const AUTHORIZE_PATH = '/v1/oauth/authorize';
const config = { oauth: true };

/** Query or form fields, the last value of each, and every `page`. */
function fieldsOf(request: FastifyRequest): { fields: Record<string, string | undefined>; pages: string[] } {
  if (request.method === 'GET') {
    const query = request.query as Record<string, string | string[]>;
    const fields = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[v.length - 1] : v]));
    return { fields, pages: [] };
  }
  const form = new URLSearchParams(request.body instanceof RawBody ? request.body.text : '');
  return { fields: Object.fromEntries(form), pages: form.getAll('page') };
}

/** A form body read as an object, so that the body schemas check it as they check JSON. */
function readFormBody(request: FastifyRequest): void {
  const type = String(request.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded') && request.body instanceof RawBody) {
    request.body = Object.fromEntries(new URLSearchParams(request.body.text));
  }
}

/** Client credentials from the Basic header, or else from the body. */
function credentialsOf(request: FastifyRequest): { id: string; secret: string } | undefined {
  const basic = basicCredentials(request.headers.authorization);
  if (basic) return basic;
  let body: unknown = request.body;
  if (body instanceof RawBody) {
    try {
      body = JSON.parse(body.text);
    } catch {
      return undefined;
    }
  }
  const b = body as { client_id?: unknown; client_secret?: unknown } | null;
  return typeof b?.client_id === 'string' && typeof b.client_secret === 'string' ? { id: b.client_id, secret: b.client_secret } : undefined;
}

function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  if (error.code === 'invalid_client') reply.header('www-authenticate', 'Basic realm="OAuth"');
  return reply.status(error.status).send(error.body(reply.request.id));
}

const html = (reply: FastifyReply, status: number, text: string) =>
  reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(text);

/** Hidden fields that carry the authorization request through the page's forms. */
const carried = (request: AuthorizationRequest, fields: Record<string, string | undefined>) => ({
  client_id: request.client.id,
  response_type: 'code',
  owner: fields.owner ?? 'user',
  redirect_uri: request.namedRedirectUri,
  state: request.state,
});

async function authorizePage(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  const { fields } = fieldsOf(request);
  const auth = await readAuthorizationRequest(ctx, fields);
  if (auth.error) return reply.redirect(redirectWith(auth, { error: auth.error }));
  const auto = await getAutoApprove(ctx.store.db);
  if (auto) {
    const userId = auto.user_id ?? fields.user_id ?? (await workspaceOwner(ctx.store.db));
    return reply.redirect(redirectWith(auth, { code: await approve(ctx, auth, userId, auto.pages) }));
  }
  const people = await peopleOf(ctx.store.db);
  const chosen = people.find((p) => p.id === fields.user_id) ?? (people.length === 1 ? people[0] : undefined);
  if (!chosen) return html(reply, 200, choosePersonPage(auth.client.name, AUTHORIZE_PATH, carried(auth, fields), people));
  const pages = await pagesOfPerson(ctx.store.db, chosen.id);
  return html(reply, 200, consentPage(auth.client.name, chosen.workspaceName, AUTHORIZE_PATH, { ...carried(auth, fields), user_id: chosen.id }, pages));
}

/**
 * Whether the decision was posted from this server's own page: a form another site's page posts
 * in the person's browser must not approve in their name (no cookie guards it here).
 */
function postedHere(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

async function authorizeDecision(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  if (!postedHere(request)) return html(reply, 403, errorPage('The decision must come from the authorization page itself.'));
  const { fields, pages } = fieldsOf(request);
  const auth = await readAuthorizationRequest(ctx, fields);
  if (auth.error) return reply.redirect(redirectWith(auth, { error: auth.error }), 303);
  if (fields.decision !== 'approve') return reply.redirect(redirectWith(auth, { error: 'access_denied' }), 303);
  const people = await peopleOf(ctx.store.db);
  const person = people.find((p) => p.id === fields.user_id);
  if (!person) throw new AuthorizePageError('Choose who approves the integration.');
  return reply.redirect(redirectWith(auth, { code: await approve(ctx, auth, person.id, pages) }), 303);
}

async function token(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  readFormBody(request);
  const client = await authenticateClient(ctx, credentialsOf(request));
  const grantType = bodyOf(request, GrantTypeBody).grant_type;
  if (grantType === 'authorization_code') {
    const body = bodyOf(request, AuthorizationCodeBody);
    return sendObject(reply, presentTokenResponse(await exchangeCode(ctx, client, body.code, body.redirect_uri)));
  }
  if (grantType === 'refresh_token') {
    const body = bodyOf(request, RefreshTokenBody);
    return sendObject(reply, presentTokenResponse(await refreshAccess(ctx, client, body.refresh_token)));
  }
  throw unsupportedGrantType();
}

export function oauthRoutes(app: FastifyInstance, ctx: AppContext): void {
  // OAuth's errors and the page's are answered here; everything else (a body that is not JSON,
  // a missing field) goes on to the API's error handler.
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof OAuthError) return sendOAuthError(reply, error);
    if (error instanceof AuthorizePageError) return html(reply, 400, errorPage(error.message));
    throw error;
  });
  app.get('/authorize', { config }, (request, reply) => authorizePage(ctx, request, reply));
  app.post('/authorize', { config }, (request, reply) => authorizeDecision(ctx, request, reply));
  app.post('/token', { config }, (request, reply) => token(ctx, request, reply));
  app.post('/introspect', { config }, async (request, reply) => {
    readFormBody(request);
    const client = await authenticateClient(ctx, credentialsOf(request));
    return sendObject(reply, await introspect(ctx, client, bodyOf(request, TokenBody).token));
  });
  app.post('/revoke', { config }, async (request, reply) => {
    readFormBody(request);
    const client = await authenticateClient(ctx, credentialsOf(request));
    await revokeToken(ctx, client, bodyOf(request, TokenBody).token);
    return sendObject(reply, {});
  });
}
