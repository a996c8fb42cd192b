// GET /health: the store probed, not assumed, with the emulator's state at a glance.
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import type { Emulator } from '../emulator.js';
import { clockView } from './clock.js';
import { ok } from './input.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

export function healthRoutes(app: FastifyInstance, emulator: Emulator): void {
  const ctx = emulator.ctx;
  // The store is probed, not assumed: a store that cannot be read or written answers 503 and says why.
  app.get('/health', async (_request, reply) => {
    const store = await ctx.store.health();
    return ok(reply.status(store.state === 'ok' ? 200 : 503), {
      status: store.state,
      ...(store.problem ? { problem: store.problem } : {}),
      version: pkg.version,
      store: ctx.config.databaseUrl ? 'postgres' : ctx.config.sqlite === ':memory:' ? 'memory' : 'file',
      workspace_id: emulator.info.workspaceId,
      root_page_id: emulator.info.rootPageId,
      clock: clockView(emulator),
      can_reset: emulator.hasBaseline,
      rate_limit: emulator.rateLimiter.get(),
      fault_rules: emulator.faults.size,
    });
  });
}
