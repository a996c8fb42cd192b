// The worker beside the HTTP server: started with it, told after each acknowledged write that
// there may be work, stopped when the server closes (before the store is).
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
  // Writes commit before their answer leaves: the events they recorded can be fanned out now.
  // (Callback style: a promise per request is measurable on the retrieve path.)
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') worker.nudge();
    done();
  });
  app.addHook('onClose', async () => {
    await worker.stop();
    if (workers.get(ctx) === worker) workers.delete(ctx);
  });
}
