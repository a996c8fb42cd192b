// /clock: read, freeze, set, advance the emulator's clock, or hand it back to the system's.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Strict } from '../../schemas/common.js';
import type { Emulator } from '../emulator.js';
import { badRequest, checked, jsonBody, ok } from './input.js';

const ClockTimeBody = Strict({ time: Type.String() });
const ClockFreezeBody = Strict({ time: Type.Optional(Type.String()) });
const ClockAdvanceBody = Strict({ ms: Type.Optional(Type.Number()), seconds: Type.Optional(Type.Number()) });

function parseTime(value: string, path: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badRequest(`body failed validation: ${path} should be an ISO 8601 date-time, instead was ${JSON.stringify(value)}.`);
  return date;
}

export function clockView(emulator: Emulator) {
  return { object: 'clock', now: emulator.clock.now().toISOString(), frozen: emulator.clock.frozen };
}

export function clockRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.get('/clock', async (_request, reply) => ok(reply, clockView(emulator)));

  app.post('/clock/freeze', async (request, reply) => {
    const body = checked(ClockFreezeBody, await jsonBody(request));
    emulator.clock.freeze(body.time === undefined ? undefined : parseTime(body.time, 'body.time'));
    return ok(reply, clockView(emulator));
  });

  app.post('/clock/unfreeze', async (_request, reply) => {
    emulator.clock.unfreeze();
    return ok(reply, clockView(emulator));
  });

  app.post('/clock/set', async (request, reply) => {
    const body = checked(ClockTimeBody, await jsonBody(request));
    emulator.clock.set(parseTime(body.time, 'body.time'));
    return ok(reply, clockView(emulator));
  });

  app.post('/clock/advance', async (request, reply) => {
    const body = checked(ClockAdvanceBody, await jsonBody(request));
    if (body.ms === undefined && body.seconds === undefined)
      throw badRequest('body failed validation: body.ms or body.seconds should be defined, instead was `undefined`.');
    emulator.clock.advance((body.ms ?? 0) + (body.seconds ?? 0) * 1000);
    return ok(reply, clockView(emulator));
  });

  app.post('/clock/system', async (_request, reply) => {
    emulator.clock.useSystemTime();
    return ok(reply, clockView(emulator));
  });
}
