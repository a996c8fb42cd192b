// File upkeep beside the HTTP server, however it was started (`serve` or startLocalNotion): the
// periodic sweep of expired uploads, and closing only once `external_url` imports have landed,
// since an import writes its outcome to the store the caller closes next.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { importsSettled } from './import.js';
import type { FileSweeper } from './sweep.js';

export function installFileUpkeep(app: FastifyInstance, ctx: AppContext, sweeper: FileSweeper): void {
  app.addHook('onReady', async () => sweeper.start());
  // Each request looks at the clock, so that a sweep follows the emulator's clock being moved on.
  // (Callback style: a promise per request is measurable on the retrieve path.)
  app.addHook('onRequest', (_request, _reply, done) => {
    sweeper.check();
    done();
  });
  app.addHook('onClose', async () => {
    await sweeper.stop();
    await importsSettled(ctx);
  });
}
