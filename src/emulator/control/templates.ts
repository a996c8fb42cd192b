// /templates: template pages of data sources, which Notion's API cannot make
// (https://developers.notion.com/guides/data-apis/creating-pages-from-templates). A template is
// made as POST /v1/pages makes a page in the data source, by the default integration.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { NotionError } from '../../errors.js';
import { Strict } from '../../schemas/common.js';
import { createTemplate, markDefaultTemplate } from '../../services/templates.js';
import { parseUuid } from '../../validation/validate.js';
import { ControlError, type Emulator } from '../emulator.js';
import { fixtureActor } from '../fixtures/apply.js';
import { badRequest, checked, idParam, jsonBody, ok } from './input.js';

const TemplateBody = Strict({
  data_source_id: Type.String(),
  properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  children: Type.Optional(Type.Array(Type.Unknown())),
  icon: Type.Optional(Type.Unknown()),
  is_default: Type.Optional(Type.Boolean()),
});
const DefaultBody = Strict({ is_default: Type.Boolean() });

export function templateControlRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.post('/templates', async (request, reply) => {
    const body = checked(TemplateBody, await jsonBody(request));
    const dataSourceId = parseUuid(body.data_source_id);
    if (!dataSourceId) throw badRequest(`body.data_source_id should be a valid uuid, instead was ${JSON.stringify(body.data_source_id)}.`);
    try {
      const actor = await fixtureActor(emulator.ctx, emulator.info);
      const made = await createTemplate(emulator.ctx, actor, { dataSourceId, ...body, isDefault: body.is_default });
      return ok(reply, { object: 'template', id: made.id, name: made.name, is_default: made.is_default === 1, data_source_id: dataSourceId });
    } catch (error) {
      // What POST /v1/pages refuses is refused here the same way.
      if (error instanceof NotionError) throw new ControlError(error.status, error.code, error.message);
      throw error;
    }
  });

  app.post('/templates/:id/default', async (request, reply) => {
    const id = idParam(request, 'id');
    const body = checked(DefaultBody, await jsonBody(request));
    if (!(await markDefaultTemplate(emulator.ctx, id, body.is_default))) throw new ControlError(404, 'object_not_found', `No template ${JSON.stringify(id)}.`);
    return ok(reply, { object: 'template', id, is_default: body.is_default });
  });
}
