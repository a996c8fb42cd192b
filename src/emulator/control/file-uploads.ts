// /file-uploads/sweep: run the sweep of expired uploads now, instead of waiting for its ten
// minutes (docs/decisions.md, "Leftovers: file upkeep"): uploads past their hour become `expired`
// (with their file_upload.expired events) and bytes no upload names any more are removed.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.js';
import { ok } from './input.js';

export function fileUploadControlRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.post('/file-uploads/sweep', async (_request, reply) => {
    const { expired, removed } = await emulator.sweeper.sweepNow();
    return ok(reply, { object: 'file_upload_sweep', expired_uploads: expired, removed_blobs: removed });
  });
}
