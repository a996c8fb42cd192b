// POST /seed, GET /export, POST /import: a workspace in from a fixture or an export file, and out.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.js';
import { exportStream, throttledProgress } from '../export-file.js';
import { parseFixtureText } from '../fixtures/load.js';
import { bodyLines, IMPORT_LIMIT, IMPORT_LINE_LIMIT, readText, SEED_LIMIT } from './body.js';
import { bodyStream, ok, routeName } from './input.js';
import { blobsOf } from '../../files/blobs.js';

/** How long an export waits for a client that takes nothing (docs/decisions.md). */
const EXPORT_STALL_MS = 30_000;

export function transferRoutes(app: FastifyInstance, emulator: Emulator): void {
  const ctx = emulator.ctx;
  app.post('/seed', async (request, reply) => {
    const text = await readText(bodyStream(request), SEED_LIMIT, routeName(request));
    const type = String(request.headers['content-type'] ?? '');
    const fixture = await parseFixtureText(text, /yaml|yml/i.test(type) ? 'yaml' : 'json', 'body');
    const result = await emulator.seed(fixture, 'body');
    return ok(reply, { seeded: true, keys: result.keys, integrations: result.integrations });
  });

  const log = ctx.log.child({ name: 'localnotion:transfer' });
  const progress = () => throttledProgress(50_000, (p) => log.info(`${p.phase}: ${p.done} of ${p.total} rows (${p.table})`));

  app.get('/export', async (_request, reply) => {
    // Streamed as the client reads it; a client that stops reading is let go after a while, since
    // the export holds a transaction (and on SQLite the one connection) until it is read.
    const stream = await exportStream(ctx.store, ctx.clock.now().toISOString(), { onProgress: progress(), stallMs: EXPORT_STALL_MS, blobs: blobsOf(ctx) });
    stream.on('error', (error) => log.warn({ err: error }, 'the export ended before it was complete'));
    return reply.type('application/x-ndjson').send(stream);
  });

  app.post('/import', async (request, reply) => {
    const lines = bodyLines(bodyStream(request), { total: IMPORT_LIMIT, line: IMPORT_LINE_LIMIT, route: routeName(request) });
    const { rows } = await emulator.importLines(lines, progress());
    return ok(reply, { imported: true, rows, token: emulator.info.token, root_page_id: emulator.info.rootPageId });
  });
}
