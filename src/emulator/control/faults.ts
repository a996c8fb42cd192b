// /faults: rules that answer matching /v1 requests with an error, a delay, or both.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { isErrorCode } from '../../errors.js';
import { Strict } from '../../schemas/common.js';
import { ControlError, type Emulator } from '../emulator.js';
import { badRequest, checked, jsonBody, ok } from './input.js';

const FaultBody = Strict({
  method: Type.Optional(Type.String({ minLength: 1 })),
  path: Type.Optional(Type.String({ minLength: 1 })),
  integration: Type.Optional(Type.String({ minLength: 1 })),
  code: Type.Optional(Type.String({ minLength: 1 })),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
  message: Type.Optional(Type.String()),
  retry_after: Type.Optional(Type.Integer({ minimum: 0 })),
  times: Type.Optional(Type.Integer({ minimum: 1 })),
  probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  latency_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000 })),
});

export function faultRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.get('/faults', async (_request, reply) => ok(reply, { object: 'list', results: emulator.faults.list() }));

  app.post('/faults', async (request, reply) => {
    const body = checked(FaultBody, await jsonBody(request));
    if (body.code === undefined && body.latency_ms === undefined)
      throw badRequest('A fault rule needs a `code` (the error to answer with), a `latency_ms`, or both.');
    if (body.code !== undefined && !isErrorCode(body.code))
      throw badRequest(`body failed validation: body.code should be a Notion error code, instead was ${JSON.stringify(body.code)}.`);
    return ok(reply, { object: 'fault_rule', ...emulator.faults.add(body) });
  });

  app.delete('/faults', async (_request, reply) => {
    emulator.faults.clear();
    return ok(reply, { cleared: true });
  });

  app.delete('/faults/:id', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    if (!emulator.faults.remove(id)) throw new ControlError(404, 'object_not_found', `No fault rule ${JSON.stringify(id)}.`);
    return ok(reply, { object: 'fault_rule', id, deleted: true });
  });
}
