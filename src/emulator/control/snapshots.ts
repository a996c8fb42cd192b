// POST /reset and /snapshots: bring the workspace back to its baseline or to a named snapshot.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Strict } from '../../schemas/common.js';
import { ControlError, type Emulator } from '../emulator.js';
import { badRequest, checked, jsonBody, ok } from './input.js';

const SnapshotBody = Strict({ name: Type.Optional(Type.String()) });
// A name is the snapshot's id in paths (/snapshots/{id}/restore): the characters of fixture keys.
const SNAPSHOT_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;

export function snapshotRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.post('/reset', async (_request, reply) => {
    await emulator.reset();
    return ok(reply, { reset: true, keys: emulator.keys });
  });

  app.post('/snapshots', async (request, reply) => {
    const { name } = checked(SnapshotBody, await jsonBody(request));
    if (name !== undefined && !SNAPSHOT_NAME.test(name))
      throw badRequest(`body failed validation: body.name should be 1 to 100 letters, digits or _ . : -, instead was ${JSON.stringify(name)}.`);
    const { id } = await emulator.takeNamedSnapshot(name);
    return ok(reply, { object: 'snapshot', id });
  });

  app.get('/snapshots', async (_request, reply) =>
    ok(reply, { object: 'list', results: [...emulator.snapshots.keys()].map((id) => ({ object: 'snapshot', id })) }),
  );

  const snapshotOf = (request: FastifyRequest) => {
    const id = (request.params as { id: string }).id;
    const snapshot = emulator.snapshots.get(id);
    if (!snapshot) throw new ControlError(404, 'object_not_found', `No snapshot ${JSON.stringify(id)}.`);
    return { id, snapshot };
  };

  app.post('/snapshots/:id/restore', async (request, reply) => {
    const { id, snapshot } = snapshotOf(request);
    await emulator.restore(snapshot);
    return ok(reply, { object: 'snapshot', id, restored: true });
  });

  app.delete('/snapshots/:id', async (request, reply) => {
    const { id } = snapshotOf(request);
    emulator.snapshots.delete(id);
    return ok(reply, { object: 'snapshot', id, deleted: true });
  });
}
