// The worker beside the HTTP server: started with it, stopped when the server closes (before the
// store is).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import type { WebhookWorker } from './worker.js';

const workers = new WeakMap<AppContext, WebhookWorker>();

/** The worker delivering the events of this context's store, once its server runs. */
export function webhookWorker(ctx: AppContext): WebhookWorker | undefined {
  return workers.get(ctx);
}

export function installWebhooks(app: FastifyInstance, ctx: AppContext, worker: WebhookWorker): void {
  workers.set(ctx, worker);
  app.addHook('onReady', async () => worker.start());
  // No hook per request: a write that records events wakes the worker once it commits (record.ts),
  // and a request that recorded none gives it nothing to look for.
  app.addHook('onClose', async () => {
    await worker.stop();
    if (workers.get(ctx) === worker) workers.delete(ctx);
  });
}
