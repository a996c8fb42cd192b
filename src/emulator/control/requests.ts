// /requests: the request log, filtered by method, path, status or integration.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.js';
import { badRequest, ok } from './input.js';

const FILTERS = ['method', 'path', 'status', 'integration', 'limit'];

/** The filter in a query string; `keys` are the ones the route takes, said in the error. */
export function requestFilter(query: Record<string, string | string[] | undefined>, keys: readonly string[] = FILTERS) {
  const one = (key: string): string | undefined => {
    const v = query[key];
    return Array.isArray(v) ? v[0] : v;
  };
  for (const key of Object.keys(query))
    if (!keys.includes(key)) throw badRequest(`Unknown filter ${JSON.stringify(key)}: filter by ${keys.slice(0, -1).join(', ')} or ${keys[keys.length - 1]!}.`);
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
