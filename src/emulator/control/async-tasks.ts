// /async-tasks: what tasks accepted with `allow_async` do, for tests of a client's polling: hold
// new tasks in queued, show a held one as running or retrying, release them, or make the next
// one fail with a given error.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { tasksOf } from '../../async-tasks/runner.js';
import { isErrorCode, messageOf, type ErrorCode } from '../../errors.js';
import { Strict } from '../../schemas/common.js';
import { listAsyncTasks } from '../../store/async-tasks.js';
import { ControlError, type Emulator } from '../emulator.js';
import { badRequest, checked, jsonBody, ok } from './input.js';

const ReleaseBody = Strict({ id: Type.Optional(Type.String()) });
const StatusBody = Strict({ status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('retrying')]) });
const FailBody = Strict({
  code: Type.Optional(Type.String({ minLength: 1 })),
  message: Type.Optional(Type.String()),
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
});

export function asyncTaskControlRoutes(app: FastifyInstance, emulator: Emulator): void {
  const runner = () => tasksOf(emulator.ctx);
  const state = async () => ({
    object: 'async_tasks',
    holding: await runner().holding(),
    held: await runner().heldIds(),
    fail_next: (await runner().pendingFailure()) ?? null,
  });

  app.get('/async-tasks', async (_request, reply) => {
    const tasks = await listAsyncTasks(emulator.ctx.store.db, 100);
    return ok(reply, { ...(await state()), results: tasks.map((t) => ({ id: t.id, status: t.status, operation: t.operation, created_time: t.created_time })) });
  });

  app.post('/async-tasks/hold', async (_request, reply) => {
    await runner().hold();
    return ok(reply, await state());
  });

  app.post('/async-tasks/release', async (request, reply) => {
    const body = checked(ReleaseBody, await jsonBody(request));
    const released = await runner().release(body.id);
    if (body.id !== undefined && released.length === 0) throw new ControlError(404, 'object_not_found', `No held task ${JSON.stringify(body.id)}.`);
    return ok(reply, { ...(await state()), released });
  });

  app.post('/async-tasks/:id/status', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const body = checked(StatusBody, await jsonBody(request));
    if (!(await runner().mark(id, body.status))) throw new ControlError(404, 'object_not_found', `No held task ${JSON.stringify(id)}.`);
    return ok(reply, { ...(await state()), id, status: body.status });
  });

  app.post('/async-tasks/fail-next', async (request, reply) => {
    const body = checked(FailBody, await jsonBody(request));
    const code = body.code ?? 'internal_server_error';
    if (!isErrorCode(code)) throw badRequest(`body failed validation: body.code should be a Notion error code, instead was ${JSON.stringify(code)}.`);
    await runner().failNextWith({ code: code as ErrorCode, message: body.message ?? messageOf(code as ErrorCode), status: body.status });
    return ok(reply, await state());
  });

  app.delete('/async-tasks/fail-next', async (_request, reply) => {
    await runner().failNextWith(undefined);
    return ok(reply, await state());
  });
}
