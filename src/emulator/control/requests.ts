// /requests: the request log, filtered by method, path, status or integration.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.js';
import { badRequest, ok } from './input.js';

function requestFilter(query: Record<string, string | string[] | undefined>) {
  const one = (key: string): string | undefined => {
    const v = query[key];
    return Array.isArray(v) ? v[0] : v;
  };
  const known = new Set(['method', 'path', 'status', 'integration', 'limit']);
  for (const key of Object.keys(query))
    if (!known.has(key)) throw badRequest(`Unknown filter ${JSON.stringify(key)}: filter by method, path, status, integration or limit.`);
  const number = (key: string): number | undefined => {
    const v = one(key);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw badRequest(`${key} should be a whole number, instead was ${JSON.stringify(v)}.`);
    return n;
  };
  return { method: one('method'), path: one('path'), integration: one('integration'), status: number('status'), limit: number('limit') };
}

export function requestLogRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.get('/requests', async (request, reply) => {
    const filter = requestFilter(request.query as Record<string, string>);
    return ok(reply, { object: 'list', results: emulator.requestLog.list(filter) });
  });

  app.delete('/requests', async (_request, reply) => {
    emulator.requestLog.clear();
    return ok(reply, { cleared: true });
  });
}
