// The checks every /v1 request passes before its handler, in the order api.notion.com makes them
// (docs/decisions.md, "HTTP layer and emulator"): the route, the token, the version, then whether
// this version has the route. Path, query and body come after, in the handler (input.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ACCEPTED_VERSIONS, behaviourOf, isAcceptedVersion, type ApiVersion } from '../api-version.js';
import type { AppContext } from '../context.js';
import { invalidRequestUrl, NotionError, unauthorizedFormat } from '../errors.js';
import { authenticate, knownActor, type Actor } from '../services/access.js';
import { joinAlternatives } from '../validation/format.js';
import { isControlRequest } from '../emulator/hooks.js';
import { bearerToken } from './bearer.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    apiVersion: ApiVersion;
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

/** The checks after the token's: the version, then whether this version has the route. */
function checkVersion(request: FastifyRequest, actor: Actor): NotionError | undefined {
  request.actor = actor;
  const header = request.headers['notion-version'];
  const version = Array.isArray(header) ? header[0] : header;
  if (version === undefined || !isAcceptedVersion(version)) return versionError(version);
  request.apiVersion = behaviourOf(version);
  const versions = request.routeOptions.config.versions;
  return versions && !versions.includes(request.apiVersion) ? invalidRequestUrl() : undefined;
}

export function installRequestChecks(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('apiVersion', '2022-06-28');
  // Callback style, so that a token known a moment ago costs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    // The control API is not Notion's: no token, no version, no Notion request id.
    if (isControlRequest(request)) return done();
    reply.header('x-notion-request-id', request.id);
    if (request.is404) return done();
    // The OAuth endpoints authenticate the client themselves (routes/oauth.ts).
    if (request.routeOptions.config.oauth === true) return done();
    const token = bearerToken(request.headers.authorization);
    if (!token) return done(unauthorizedFormat());
    const known = knownActor(ctx, token);
    if (known) return done(checkVersion(request, known));
    authenticate(ctx, token).then((actor) => done(checkVersion(request, actor)), done);
  });
}
