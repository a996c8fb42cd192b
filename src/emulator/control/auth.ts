// /workspaces, /users/{id}/personal-tokens, /personal-tokens, /users/{id}/pages,
// /public-integrations and /oauth/auto-approve: several workspaces and their people, personal
// access tokens, what a restricted member sees, public integrations and the switch that approves
// authorization requests without a browser.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { addPerson, addWorkspace, listWorkspaces, setMemberPages } from '../../auth/members.js';
import {
  addPublicIntegration,
  changePublicIntegration,
  getAutoApprove,
  getPublicIntegration,
  listPublicIntegrations,
  setAutoApprove,
} from '../../auth/oauth-clients.js';
import { addPersonalToken, listPersonalTokens, revokePersonalToken } from '../../auth/personal-tokens.js';
import { Strict } from '../../schemas/common.js';
import type { Emulator } from '../emulator.js';
import { Capabilities } from '../fixtures/schema.js';
import { checked, idParam, jsonBody, ok } from './input.js';

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Id = Type.String({ format: 'uuid' });

const NewWorkspaceBody = Strict({ name: Name, icon: Type.Optional(Type.String({ minLength: 1 })), token: Type.Optional(Type.String({ minLength: 1 })) });
const NewPersonBody = Strict({ name: Name, email: Type.Optional(Type.String({ minLength: 3 })), avatar_url: Type.Optional(Type.String()) });
const NewPersonalTokenBody = Strict({
  name: Type.Optional(Name),
  token: Type.Optional(Type.String({ minLength: 1 })),
  capabilities: Type.Optional(Capabilities),
});
const MemberPagesBody = Strict({ pages: Type.Union([Type.Array(Id), Type.Null()]), guest: Type.Optional(Type.Boolean()) });
const RedirectUris = Type.Array(Type.String({ minLength: 1 }), { minItems: 1 });
const NewPublicIntegrationBody = Strict({
  name: Name,
  client_id: Type.Optional(Id),
  client_secret: Type.Optional(Type.String({ minLength: 1 })),
  redirect_uris: RedirectUris,
  capabilities: Type.Optional(Capabilities),
});
const ChangePublicIntegrationBody = Strict({
  name: Type.Optional(Name),
  client_secret: Type.Optional(Type.String({ minLength: 1 })),
  redirect_uris: Type.Optional(RedirectUris),
  capabilities: Type.Optional(Capabilities),
});
const AutoApproveBody = Strict({ enabled: Type.Boolean(), user_id: Type.Optional(Id), pages: Type.Optional(Type.Array(Id)) });

function workspaceRoutes(app: FastifyInstance, emulator: Emulator): void {
  const ctx = emulator.ctx;
  app.get('/workspaces', async (_request, reply) => ok(reply, { object: 'list', results: await listWorkspaces(ctx) }));
  app.post('/workspaces', async (request, reply) => {
    const made = await addWorkspace(ctx, checked(NewWorkspaceBody, await jsonBody(request)));
    const view = (await listWorkspaces(ctx)).find((w) => w.id === made.workspaceId)!;
    return ok(reply, {
      object: 'workspace',
      ...view,
      integration: { id: made.integrationId, token: made.token, bot_id: made.botId },
      root_page_id: made.rootPageId,
    });
  });
  app.post('/workspaces/:id/users', async (request, reply) => {
    const id = await addPerson(ctx, idParam(request, 'id'), checked(NewPersonBody, await jsonBody(request)));
    return ok(reply, { object: 'user', id });
  });
  app.put('/users/:id/pages', async (request, reply) => {
    const id = idParam(request, 'id');
    const { pages, guest } = checked(MemberPagesBody, await jsonBody(request));
    await setMemberPages(ctx, id, pages, ctx.store.db, guest === true);
    return ok(reply, { object: 'member', user_id: id, pages, guest: guest === true });
  });
}

function personalTokenRoutes(app: FastifyInstance, emulator: Emulator): void {
  const ctx = emulator.ctx;
  app.get('/personal-tokens', async (_request, reply) => ok(reply, { object: 'list', results: await listPersonalTokens(ctx) }));
  app.get('/users/:id/personal-tokens', async (request, reply) =>
    ok(reply, { object: 'list', results: await listPersonalTokens(ctx, idParam(request, 'id')) }),
  );
  app.post('/users/:id/personal-tokens', async (request, reply) => {
    const userId = idParam(request, 'id');
    const body = checked(NewPersonalTokenBody, await jsonBody(request));
    return ok(reply, { object: 'personal_token', ...(await addPersonalToken(ctx, { userId, ...body })) });
  });
  app.delete('/personal-tokens/:id', async (request, reply) => {
    const id = idParam(request, 'id');
    await revokePersonalToken(ctx, id);
    return ok(reply, { object: 'personal_token', id, deleted: true });
  });
}

function publicIntegrationRoutes(app: FastifyInstance, emulator: Emulator): void {
  const ctx = emulator.ctx;
  app.get('/public-integrations', async (_request, reply) => ok(reply, { object: 'list', results: await listPublicIntegrations(ctx) }));
  app.post('/public-integrations', async (request, reply) => {
    const body = checked(NewPublicIntegrationBody, await jsonBody(request));
    return ok(reply, { object: 'public_integration', ...(await addPublicIntegration(ctx, body)) });
  });
  app.get('/public-integrations/:id', async (request, reply) =>
    ok(reply, { object: 'public_integration', ...(await getPublicIntegration(ctx, idParam(request, 'id'))) }),
  );
  app.patch('/public-integrations/:id', async (request, reply) => {
    const body = checked(ChangePublicIntegrationBody, await jsonBody(request));
    return ok(reply, { object: 'public_integration', ...(await changePublicIntegration(ctx, idParam(request, 'id'), body)) });
  });
  app.get('/oauth/auto-approve', async (_request, reply) => {
    const setting = await getAutoApprove(ctx.store.db);
    return ok(reply, { enabled: setting !== null, user_id: setting?.user_id ?? null, pages: setting?.pages ?? null });
  });
  app.put('/oauth/auto-approve', async (request, reply) => {
    const body = checked(AutoApproveBody, await jsonBody(request));
    const setting = await setAutoApprove(ctx, body.enabled ? { user_id: body.user_id ?? null, pages: body.pages ?? null } : null);
    return ok(reply, { enabled: setting !== null, user_id: setting?.user_id ?? null, pages: setting?.pages ?? null });
  });
}

export function authRoutes(app: FastifyInstance, emulator: Emulator): void {
  workspaceRoutes(app, emulator);
  personalTokenRoutes(app, emulator);
  publicIntegrationRoutes(app, emulator);
}
