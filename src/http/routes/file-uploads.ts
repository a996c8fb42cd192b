// /v1/file_uploads routes (https://developers.notion.com/reference/file-upload), served in every
// version. Sending bytes is the API's one multipart/form-data request: its body reaches the
// handler as a stream; on the other routes a body is read as JSON whatever its type says.
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { validationError } from '../../errors.js';
import { startImport } from '../../files/import.js';
import { presentFileUpload } from '../../files/present.js';
import { CreateFileUploadBody, FileUploadIdParams, ListFileUploadsQuery } from '../../files/schemas.js';
import { sendFileUpload } from '../../files/send.js';
import { completeFileUpload, createFileUpload, listFileUploads, retrieveFileUpload } from '../../files/uploads.js';
import { presentList } from '../../present/list.js';
import { bodyOf, pageSizeOf, pathParams, queryParams, RawBody } from '../input.js';
import { sendObject } from '../reply.js';

const originOf = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

/** A body's text, at most `limit` bytes (the route's JSON limit). */
async function readText(stream: Readable, limit: number): Promise<string> {
  const pieces: Buffer[] = [];
  let size = 0;
  for await (const piece of stream as AsyncIterable<Buffer>) {
    size += piece.length;
    if (size > limit) throw validationError(`Request body too large: more than the ${limit} bytes allowed.`);
    pieces.push(piece);
  }
  return Buffer.concat(pieces).toString('utf8');
}

/** Register inside a scope of its own: the multipart parser must not reach other routes. */
export function fileUploadRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    if (request.routeOptions.url?.endsWith('/send')) return done(null, payload);
    readText(payload, ctx.config.bodyLimit).then(
      (text) => done(null, new RawBody(text)),
      (error: unknown) => done(error as Error),
    );
  });

  app.post('/file_uploads', async (request, reply) => {
    const body = bodyOf(request, CreateFileUploadBody);
    const row = await createFileUpload(ctx, request.actor, body);
    // An import runs once the upload exists, in the background (https://developers.notion.com/docs/importing-external-files).
    if (row.mode === 'external_url') startImport(ctx, row);
    return sendObject(reply, presentFileUpload(row, request.apiVersion, originOf(request)));
  });

  app.get('/file_uploads', async (request, reply) => {
    const query = queryParams(request, ListFileUploadsQuery);
    const page = await listFileUploads(ctx, request.actor, query, pageSizeOf(query.page_size));
    const results = page.rows.map((row) => presentFileUpload(row, request.apiVersion, originOf(request)));
    return sendObject(reply, presentList('file_upload', results, page.nextCursor));
  });

  app.get('/file_uploads/:file_upload_id', async (request, reply) => {
    const { file_upload_id } = pathParams(request, FileUploadIdParams);
    return sendObject(reply, presentFileUpload(await retrieveFileUpload(ctx, request.actor, file_upload_id), request.apiVersion, originOf(request)));
  });

  app.post('/file_uploads/:file_upload_id/send', async (request, reply) => {
    const { file_upload_id } = pathParams(request, FileUploadIdParams);
    const stream = isReadable(request.body) ? request.body : undefined;
    if (!stream) throw validationError('The request body must be multipart/form-data with a `file` part.');
    const row = await sendFileUpload(ctx, request.actor, file_upload_id, request.headers, stream);
    return sendObject(reply, presentFileUpload(row, request.apiVersion, originOf(request)));
  });

  app.post('/file_uploads/:file_upload_id/complete', async (request, reply) => {
    const { file_upload_id } = pathParams(request, FileUploadIdParams);
    return sendObject(reply, presentFileUpload(await completeFileUpload(ctx, request.actor, file_upload_id), request.apiVersion, originOf(request)));
  });
}

const isReadable = (value: unknown): value is Readable => typeof (value as Readable | null)?.pipe === 'function';
