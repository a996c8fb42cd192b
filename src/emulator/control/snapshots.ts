// POST /reset and /snapshots: bring the workspace back to its baseline or to a named snapshot.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ControlError, type Emulator } from '../emulator.js';
import { ok } from './input.js';

export function snapshotRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.post('/reset', async (_request, reply) => {
    await emulator.reset();
    return ok(reply, { reset: true, keys: emulator.keys });
  });

  app.post('/snapshots', async (_request, reply) => {
    const { id } = await emulator.takeNamedSnapshot();
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
