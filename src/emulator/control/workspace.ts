// /workspace/limits: the workspace's file upload limit, read and changed; `null` returns it to the
// server's setting (--max-file-upload-size). The API reports the same figure in
// `workspace_limits.max_file_upload_size_in_bytes` and enforces it (docs/decisions.md, "File uploads").
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { workspaceFileLimit } from '../../files/limits.js';
import { Strict } from '../../schemas/common.js';
import type { Emulator } from '../emulator.js';
import { checked, jsonBody, ok } from './input.js';

const LimitsBody = Strict({ max_file_upload_size_in_bytes: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) });

export function workspaceRoutes(app: FastifyInstance, emulator: Emulator): void {
  const ctx = emulator.ctx;
  const limits = async () => ({
    object: 'workspace_limits',
    max_file_upload_size_in_bytes: await workspaceFileLimit(ctx, ctx.store.db, emulator.info.workspaceId),
  });

  app.get('/workspace/limits', async (_request, reply) => ok(reply, await limits()));

  app.patch('/workspace/limits', async (request, reply) => {
    const body = checked(LimitsBody, await jsonBody(request));
    await ctx.store.transaction((tx) =>
      tx.updateTable('workspaces').set({ max_file_upload_bytes: body.max_file_upload_size_in_bytes }).where('id', '=', emulator.info.workspaceId).execute(),
    );
    return ok(reply, await limits());
  });
}
