// /rate-limit: the rate limiter's settings, read and changed.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Strict } from '../../schemas/common.js';
import type { Emulator } from '../emulator.js';
import { checked, jsonBody, ok } from './input.js';

const RateLimitBody = Strict({
  enabled: Type.Optional(Type.Boolean()),
  model: Type.Optional(Type.Union([Type.Literal('windows'), Type.Literal('bucket')])),
  window_seconds: Type.Optional(Type.Integer({ minimum: 1 })),
  connection_limit: Type.Optional(Type.Integer({ minimum: 1 })),
  workspace_limit: Type.Optional(Type.Integer({ minimum: 1 })),
  rate: Type.Optional(Type.Number({ minimum: 0.001 })),
  burst: Type.Optional(Type.Integer({ minimum: 1 })),
  retry_after: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
});

export function rateLimitRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.get('/rate-limit', async (_request, reply) => ok(reply, { object: 'rate_limit', ...emulator.rateLimiter.get() }));

  app.patch('/rate-limit', async (request, reply) => {
    const body = checked(RateLimitBody, await jsonBody(request));
    return ok(reply, { object: 'rate_limit', ...emulator.rateLimiter.configure(body) });
  });
}
