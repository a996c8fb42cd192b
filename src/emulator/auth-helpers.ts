// What startLocalNotion offers tests for tokens beyond the default integration: people (members or
// restricted to some pages), personal access tokens, more workspaces, public integrations, and an
// OAuth grant made in one call, as if the person had approved the consent page and the client had
// exchanged the code (https://developers.notion.com/docs/authorization).
import { addPerson, addWorkspace, setMemberPages } from '../auth/members.js';
import { addPublicIntegration, type NewPublicIntegration, type PublicIntegrationView } from '../auth/oauth-clients.js';
import { approve, exchangeCode, readAuthorizationRequest } from '../auth/oauth.js';
import { AuthorizePageError } from '../auth/oauth-errors.js';
import { addPersonalToken, type NewPersonalToken, type PersonalTokenView } from '../auth/personal-tokens.js';
import { presentTokenResponse } from '../auth/present.js';
import type { AppContext } from '../context.js';
import type { WorkspaceInfo } from '../services/workspace.js';
import type { Emulator } from './emulator.js';

export interface NewPersonSpec {
  name: string;
  email?: string;
  /** Its workspace; the emulator's first by default. */
  workspaceId?: string;
  /** Pages and databases a restricted member sees (with what is below them); a full member when absent. */
  pages?: string[];
  /** A guest rather than a member: sees only `pages` (none when absent) and is left out of users.list. */
  guest?: boolean;
}

export interface AuthorizeSpec {
  /** The public integration's client id. */
  clientId: string;
  /** Who approves: a person; the owner of the emulator's first workspace by default. */
  userId?: string;
  /** Pages and databases shared with the integration; every page the person sees by default. */
  pages?: string[];
  /** The redirect URI of the request (one of the integration's); may be left out when it has only one. */
  redirectUri?: string;
}

/** Notion's token response (https://developers.notion.com/reference/create-a-token). */
export interface OAuthTokenResponse {
  access_token: string;
  token_type: 'bearer';
  refresh_token: string;
  bot_id: string;
  workspace_id: string;
  workspace_name: string;
  workspace_icon: string | null;
  owner: { type: 'user'; user: Record<string, unknown> };
  duplicated_template_id: string | null;
  request_id?: string;
}

export interface AuthHelpers {
  /** A person of a workspace; with `pages`, a restricted member who sees only those; with `guest`, a guest. Its user id. */
  createPerson(spec: NewPersonSpec): Promise<string>;
  /** A personal access token acting as the person `userId`, with that person's page access. */
  createPersonalToken(userId: string, options?: Omit<NewPersonalToken, 'userId'>): Promise<PersonalTokenView>;
  /** Another workspace in the same server, with its owner, its own integration and first page. */
  createWorkspace(spec: { name: string; icon?: string; token?: string }): Promise<WorkspaceInfo>;
  /** A public integration (OAuth client) with its client id, secret and redirect URIs. */
  createPublicIntegration(spec: NewPublicIntegration): Promise<PublicIntegrationView>;
  /** The whole authorization-code flow in one call: the token response, its access token included. */
  authorize(spec: AuthorizeSpec): Promise<OAuthTokenResponse>;
}

export function authHelpers(ctx: AppContext, emulator: Emulator): AuthHelpers {
  return {
    createPerson: async (spec) => {
      const id = await addPerson(ctx, spec.workspaceId ?? emulator.info.workspaceId, spec);
      if (spec.pages || spec.guest) await setMemberPages(ctx, id, spec.pages ?? [], ctx.store.db, spec.guest === true);
      return id;
    },
    createPersonalToken: (userId, options = {}) => addPersonalToken(ctx, { ...options, userId }),
    createWorkspace: (spec) => addWorkspace(ctx, spec),
    createPublicIntegration: (spec) => addPublicIntegration(ctx, spec),
    authorize: async (spec) => {
      const params = { client_id: spec.clientId, redirect_uri: spec.redirectUri, response_type: 'code', owner: 'user' };
      const request = await readAuthorizationRequest(ctx, params).catch((error: unknown) => {
        // The consent page's refusal, as a test reads it.
        throw error instanceof AuthorizePageError ? new Error(error.message) : error;
      });
      const code = await approve(ctx, request, spec.userId ?? emulator.info.ownerId, spec.pages ?? null);
      const grant = await exchangeCode(ctx, request.client, code, request.namedRedirectUri ?? undefined);
      return presentTokenResponse(grant) as unknown as OAuthTokenResponse;
    },
  };
}
