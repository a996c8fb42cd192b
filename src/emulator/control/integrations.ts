// /integrations: the workspace's integrations, their tokens, capabilities and shared pages.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Strict } from '../../schemas/common.js';
import { addIntegration, changeIntegration, getIntegration, listIntegrations, rotateToken, shareWith, unshareWith } from '../../services/integrations.js';
import type { Emulator } from '../emulator.js';
import { Capabilities } from '../fixtures/schema.js';
import { checked, idParam, jsonBody, ok } from './input.js';

const NewIntegrationBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  kind: Type.Optional(Type.Union([Type.Literal('internal'), Type.Literal('public')])),
  token: Type.Optional(Type.String({ minLength: 1 })),
  capabilities: Type.Optional(Capabilities),
  pages: Type.Optional(Type.Array(Type.String({ format: 'uuid' }))),
  /** Another workspace than the first (POST /workspaces makes one). */
  workspace_id: Type.Optional(Type.String({ format: 'uuid' })),
});

const ChangeIntegrationBody = Strict({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  token: Type.Optional(Type.String({ minLength: 1 })),
  capabilities: Type.Optional(Capabilities),
});

const ShareBody = Strict({ page_id: Type.String({ format: 'uuid' }) });

export function integrationRoutes(app: FastifyInstance, emulator: Emulator): void {
  const ctx = emulator.ctx;
  app.get('/integrations', async (_request, reply) => ok(reply, { object: 'list', results: await listIntegrations(ctx) }));

  app.post('/integrations', async (request, reply) => {
    const { workspace_id: workspaceId, ...body } = checked(NewIntegrationBody, await jsonBody(request));
    return ok(reply, { object: 'integration', ...(await addIntegration(ctx, body, workspaceId ?? emulator.info.workspaceId)) });
  });

  app.get('/integrations/:id', async (request, reply) => ok(reply, { object: 'integration', ...(await getIntegration(ctx, idParam(request, 'id'))) }));

  app.patch('/integrations/:id', async (request, reply) => {
    const id = idParam(request, 'id');
    const body = checked(ChangeIntegrationBody, await jsonBody(request));
    const changed = await changeIntegration(ctx, id, body);
    await emulator.refreshInfo();
    return ok(reply, { object: 'integration', ...changed });
  });

  app.post('/integrations/:id/rotate-token', async (request, reply) => {
    const changed = await rotateToken(ctx, idParam(request, 'id'));
    await emulator.refreshInfo();
    return ok(reply, { object: 'integration', ...changed });
  });

  app.post('/integrations/:id/pages', async (request, reply) => {
    const id = idParam(request, 'id');
    const body = checked(ShareBody, await jsonBody(request));
    return ok(reply, { object: 'integration', ...(await shareWith(ctx, id, body.page_id)) });
  });

  app.delete('/integrations/:id/pages/:page_id', async (request, reply) => {
    const id = idParam(request, 'id');
    return ok(reply, { object: 'integration', ...(await unshareWith(ctx, id, idParam(request, 'page_id'))) });
  });
}
