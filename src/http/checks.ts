// The checks every /v1 request passes before its handler, in the order api.notion.com makes them
// (docs/decisions.md, "HTTP layer and emulator"): the route, the token, the version, then whether
// this version has the route. Path, query and body come after, in the handler (input.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ACCEPTED_VERSIONS,
  behaviourOf,
  isAcceptedVersion,
  isKnownBeta,
  isNewerUnknownVersion,
  NEWEST_VERSION,
  SERVED_VERSIONS,
  type ApiVersion,
  type Beta,
} from '../api-version.js';
import type { AppContext } from '../context.js';
import { invalidBeta, invalidRequestUrl, NotionError, unauthorizedFormat } from '../errors.js';
import { authenticate, knownActor, type Actor } from '../services/access.js';
import { joinAlternatives } from '../validation/format.js';
import { isControlRequest } from '../emulator/hooks.js';
import { bearerToken } from './bearer.js';
import { isUnknownRoute, routeConfigOf } from './route-table.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    apiVersion: ApiVersion;
    /** The previews the request opted into with `Notion-Beta`. */
    betas: readonly Beta[];
  }
  interface FastifyContextConfig {
    /** API versions that have this route; under the others it is an invalid request URL. */
    versions?: readonly ApiVersion[];
  }
}

const VERSION_LIST = joinAlternatives(ACCEPTED_VERSIONS.map((v) => `\`"${v}"\``));

// https://developers.notion.com/reference/versioning
function versionError(value: string | undefined): NotionError {
  const instead = value === undefined ? '`undefined`' : `\`${JSON.stringify(value)}\``;
  const should = value === undefined ? 'defined' : VERSION_LIST;
  return new NotionError('missing_version', `Notion-Version header failed validation: Notion-Version header should be ${should}, instead was ${instead}.`);
}

/** The response header that says which version a lenient server answered an unknown one as. */
export const VERSION_USED_HEADER = 'localnotion-version-used';

const firstOf = (header: string | string[] | undefined): string | undefined => (Array.isArray(header) ? header[0] : header);

/**
 * The version a request is answered in. An unknown version is Notion's `missing_version`, unless
 * the server is lenient and it is newer than every known one (docs/decisions.md, "Versions").
 */
function versionOf(request: FastifyRequest, reply: FastifyReply, lenient: boolean): ApiVersion | NotionError {
  const version = firstOf(request.headers['notion-version']);
  if (version !== undefined && isAcceptedVersion(version)) return behaviourOf(version);
  if (version === undefined || !lenient || !isNewerUnknownVersion(version)) return versionError(version);
  reply.header(VERSION_USED_HEADER, NEWEST_VERSION);
  return NEWEST_VERSION;
}

const NO_BETAS: readonly Beta[] = Object.freeze([]);

/** `Notion-Beta`: comma-separated preview names, each of which must be known (https://developers.notion.com/reference/versioning). */
function betasOf(request: FastifyRequest): readonly Beta[] | NotionError {
  const header = request.headers['notion-beta'];
  if (header === undefined) return NO_BETAS;
  const names = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((n) => n.trim());
  const betas: Beta[] = [];
  for (const name of names.filter((n) => n !== '')) {
    if (!isKnownBeta(name)) return invalidBeta(name);
    betas.push(name);
  }
  return betas;
}

/** The checks after the token's: the version, then whether this version has the route. */
function checkVersion(request: FastifyRequest, reply: FastifyReply, actor: Actor, lenient: boolean): NotionError | undefined {
  request.actor = actor;
  const version = versionOf(request, reply, lenient);
  if (version instanceof NotionError) return version;
  request.apiVersion = version;
  const betas = betasOf(request);
  if (betas instanceof NotionError) return betas;
  request.betas = betas;
  const versions = routeConfigOf(request).versions;
  return versions && !versions.includes(request.apiVersion) ? invalidRequestUrl() : undefined;
}

export function installRequestChecks(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('apiVersion', SERVED_VERSIONS[0]);
  app.decorateRequest('betas', null as unknown as readonly Beta[]);
  const lenient = ctx.config.lenientVersion;
  // Callback style, so that a token known a moment ago costs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    // The control API is not Notion's: no token, no version, no Notion request id.
    if (isControlRequest(request)) return done();
    reply.header('x-notion-request-id', request.id);
    if (isUnknownRoute(request)) return done();
    // The OAuth endpoints authenticate the client themselves (routes/oauth.ts).
    if (routeConfigOf(request).oauth === true) return done();
    const token = bearerToken(request.headers.authorization);
    if (!token) return done(unauthorizedFormat());
    const known = knownActor(ctx, token);
    if (known) return done(checkVersion(request, reply, known, lenient));
    authenticate(ctx, token).then((actor) => done(checkVersion(request, reply, actor, lenient)), done);
  });
}
