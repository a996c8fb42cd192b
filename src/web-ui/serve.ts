// The web UI's files under /ui/: index.html for the screens (hash routes), and the hashed assets
// that vite builds into dist/ui, cached for good since a new build gives them new names. A server
// with an admin token asks for it first (prompt.ts).
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { arrivedOffLoopback } from '../emulator/control-guard.js';
import type { Emulator } from '../emulator/emulator.js';
import { hasAdminAccess } from '../emulator/ui-access.js';
import { PROMPT_CSP, PROMPT_HTML } from './prompt.js';

export const UI_PREFIX = '/ui';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

/** dist/ui beside the compiled server (dist/web-ui), or the built one when running from src/. */
async function assetRoot(): Promise<string | null> {
  for (const candidate of ['../ui', '../../dist/ui']) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (
      await stat(resolve(dir, 'index.html')).then(
        () => true,
        () => false,
      )
    )
      return dir;
  }
  return null;
}

function refuse(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.status(status).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(text);
}

export function webUiRoutes(app: FastifyInstance, emulator: Emulator): void {
  const root = assetRoot();
  const serve = async (request: FastifyRequest, reply: FastifyReply, file: string) => {
    if (emulator.adminToken === undefined && arrivedOffLoopback(request)) {
      return refuse(reply, 403, 'The web UI is closed off loopback when the server has no admin token.');
    }
    // With an admin token (always, off loopback) the UI opens only to whoever gives it; any other
    // request gets the prompt, whatever file it asked for.
    if (emulator.adminToken !== undefined && !hasAdminAccess(request, emulator.adminToken)) {
      return reply
        .status(401)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-security-policy', PROMPT_CSP)
        .header('x-frame-options', 'DENY')
        .send(PROMPT_HTML);
    }
    const dir = await root;
    if (dir === null) return refuse(reply, 503, 'The web UI is not built: run `npm run build`.');
    const path = resolve(dir, file);
    if (!path.startsWith(dir + sep)) return refuse(reply, 404, 'Not found.');
    const body = await readFile(path).catch(() => null);
    if (body === null) return refuse(reply, 404, 'Not found.');
    const hashed = file.startsWith('assets/');
    return reply
      .type(TYPES[extname(path)] ?? 'application/octet-stream')
      .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(body);
  };
  const options = { config: { control: true } };
  // The router ignores a trailing slash: this is /ui and /ui/.
  app.get(UI_PREFIX, options, (request, reply) => serve(request, reply, 'index.html'));
  app.get(`${UI_PREFIX}/*`, options, (request, reply) => serve(request, reply, (request.params as { '*': string })['*'] || 'index.html'));
}
