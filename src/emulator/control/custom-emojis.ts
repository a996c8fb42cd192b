// /custom-emojis: the workspace's custom emojis, which Notion makes only in its app
// (https://developers.notion.com/reference/list-custom-emojis): listed, added and removed here.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { presentCustomEmoji } from '../../present/custom-emoji.js';
import { Strict } from '../../schemas/common.js';
import { CustomEmojiName, CustomEmojiUrl } from '../../schemas/custom-emojis.js';
import { addCustomEmoji, CustomEmojiConflictError, removeCustomEmoji } from '../../services/custom-emojis.js';
import { listCustomEmojiRows } from '../../store/custom-emojis.js';
import { ControlError, type Emulator } from '../emulator.js';
import { checked, idParam, jsonBody, ok } from './input.js';

const NewCustomEmojiBody = Strict({
  name: CustomEmojiName,
  url: CustomEmojiUrl,
  id: Type.Optional(Type.String({ format: 'uuid' })),
});

// Every emoji of the workspace, one page as large as it is: a workspace holds a few hundred at most.
const ALL = 100_000;

export function customEmojiRoutes(app: FastifyInstance, emulator: Emulator): void {
  const ctx = emulator.ctx;
  app.get('/custom-emojis', async (_request, reply) => {
    const rows = await listCustomEmojiRows(ctx.store.db, emulator.info.workspaceId, { limit: ALL });
    return ok(reply, { object: 'list', results: rows.map((row) => ({ object: 'custom_emoji', ...presentCustomEmoji(row) })) });
  });

  app.post('/custom-emojis', async (request, reply) => {
    const body = checked(NewCustomEmojiBody, await jsonBody(request));
    try {
      const row = await addCustomEmoji(ctx, emulator.info.workspaceId, { ...body, id: body.id?.toLowerCase() });
      return ok(reply, { object: 'custom_emoji', ...presentCustomEmoji(row) });
    } catch (error) {
      if (error instanceof CustomEmojiConflictError) throw new ControlError(409, 'conflict_error', error.message);
      throw error;
    }
  });

  app.delete('/custom-emojis/:id', async (request, reply) => {
    const id = idParam(request, 'id');
    if (!(await removeCustomEmoji(ctx, emulator.info.workspaceId, id))) throw new ControlError(404, 'object_not_found', `No custom emoji has the id ${id}.`);
    return ok(reply, { object: 'custom_emoji', id, deleted: true });
  });
}
