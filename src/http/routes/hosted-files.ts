// The bytes of attached uploads, at signed, expiring URLs outside /v1 that need no token, as
// Notion's hosted files are plain expiring links (https://developers.notion.com/reference/file-object).
// Like the control API, these are not Notion's API: no token, version, rate limit or request log
// (the `control` route flag). Answers the exact bytes with their type, length, an ETag and one
// byte range when asked.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../context.js';
import { FILES_PREFIX } from '../../files/hosted-url.js';
import { fileBytes, hostedFile } from '../../files/serve.js';

function refuse(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.status(status).type('text/plain; charset=utf-8').send(message);
}

/** The one range of a `Range: bytes=...` header, or undefined to send the whole file. */
function rangeOf(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const start = match[1] === '' ? Math.max(0, size - Number(match[2])) : Number(match[1]);
  const last = match[1] === '' || match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || start > last ? 'unsatisfiable' : { start, end: last + 1 };
}

export function hostedFileRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(`${FILES_PREFIX}/:id/:filename`, { config: { control: true } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const query = request.query as { expires?: string; signature?: string };
    const found = await hostedFile(ctx, id, Number(query.expires), query.signature);
    if ('refused' in found) return refuse(reply, found.refused, found.reason);
    const { file, parts, size } = found;
    // The bytes of an uploaded file never change, so its id is a strong validator.
    const etag = `"${id}"`;
    reply.header('etag', etag).header('accept-ranges', 'bytes').header('cache-control', 'private, max-age=3600');
    reply.type(file.content_type ?? 'application/octet-stream');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    const range = rangeOf(request.headers.range, size);
    if (range === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${size}`).send();
    if (range) {
      reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end - 1}/${size}`)
        .header('content-length', range.end - range.start);
      return reply.send(fileBytes(ctx, parts, range.start, range.end));
    }
    return reply.header('content-length', size).send(fileBytes(ctx, parts, 0, size));
  });
}
