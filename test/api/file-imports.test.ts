// `external_url` uploads: the file fetched in the background from a local HTTP server (allowed
// explicitly, as nothing here may reach the internet), the outcome on the upload, and the
// addresses refused unless allowed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importsSettled } from '../../src/files/import.js';
import { expectError, ok } from '../helpers/builders.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PDF = Buffer.from('%PDF-1.4 imported bytes');
let files: Server;
let base: string;
let server: TestServer;

beforeAll(async () => {
  files = createServer((req, res) => {
    if (req.url === '/doc.pdf') return res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': PDF.length }).end(PDF);
    if (req.url === '/untyped') {
      res.removeHeader('content-type');
      return res.writeHead(200).end(PDF);
    }
    if (req.url === '/big.pdf') return res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.alloc(2048));
    res.writeHead(404, { 'content-type': 'text/plain' }).end('missing');
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  server = await startTestServer({ allowImportFrom: ['127.0.0.1'], maxFileUploadBytes: 1024 });
});

afterAll(async () => {
  await server.close();
  await new Promise((resolve) => files.close(resolve));
});

const create = (body: Record<string, unknown>, target = server) => target.request('POST', '/v1/file_uploads', { body });

async function imported(url: string, filename = 'doc.pdf'): Promise<Record<string, any>> {
  const upload = ok(await create({ mode: 'external_url', filename, external_url: url }));
  expect(upload).toMatchObject({ status: 'pending', upload_url: expect.stringContaining(`/v1/file_uploads/${upload.id}/send`) });
  await importsSettled(server.ctx);
  return ok(await server.request('GET', `/v1/file_uploads/${upload.id}`));
}

describe('external_url imports', () => {
  it('fetches the file in the background, then serves it once attached', async () => {
    const upload = await imported(`${base}/doc.pdf`);
    expect(upload).toMatchObject({ status: 'uploaded', content_type: 'application/pdf', content_length: PDF.length });
    expect(upload.file_import_result).toEqual({ type: 'success', success: {}, imported_time: expect.stringMatching(/\+00:00$/) });
    const [block] = ok(
      await server.request('PATCH', `/v1/blocks/${server.info.rootPageId}/children`, { body: { children: [{ pdf: { file_upload: { id: upload.id } } }] } }),
    ).results;
    const { pathname, search } = new URL(block.pdf.file.url);
    const served = await server.app.inject({ method: 'GET', url: `${pathname}${search}` });
    expect(served.rawPayload.equals(PDF)).toBe(true);
  });

  it('fails the upload when the download fails, lacks a type or is too large', async () => {
    const missing = await imported(`${base}/nothing.pdf`);
    expect(missing).toMatchObject({ status: 'failed', expiry_time: null });
    expect(missing.file_import_result).toMatchObject({ type: 'error', error: { type: 'download_error', status_code: 404, parameter: 'external_url' } });
    expect((await imported(`${base}/untyped`)).file_import_result.error).toMatchObject({
      type: 'validation_error',
      message: 'The response has no Content-Type.',
    });
    expect((await imported(`${base}/big.pdf`)).file_import_result.error).toMatchObject({
      type: 'validation_error',
      message: 'The file is larger than the 1024 bytes allowed.',
    });
    const failed = (await imported(`${base}/nothing.pdf`)).id;
    const attach = await server.request('PATCH', `/v1/blocks/${server.info.rootPageId}/children`, {
      body: { children: [{ pdf: { file_upload: { id: failed } } }] },
    });
    expectError(attach, 400, 'validation_error', `File upload ${failed} failed to import and cannot be attached.`);
  });

  it('refuses loopback, private and plain-HTTP addresses unless allowed, and sends nothing to them', async () => {
    const strict = await startTestServer();
    try {
      const refused = (url: string, reason: string) =>
        create({ mode: 'external_url', filename: 'a.pdf', external_url: url }, strict).then((res) =>
          expectError(res, 400, 'validation_error', `Unable to import file from external_url: ${reason}.`),
        );
      await refused(`${base}/doc.pdf`, 'the URL must use HTTPS');
      await refused('https://127.0.0.1/doc.pdf', 'the URL is not publicly reachable');
      await refused('https://10.1.2.3/doc.pdf', 'the URL is not publicly reachable');
      await refused('https://[::1]/doc.pdf', 'the URL is not publicly reachable');
      await refused('https://localhost/doc.pdf', 'the URL is not publicly reachable');
      await refused('not a url', 'the URL is not valid');
    } finally {
      await strict.close();
    }
    expectError(
      await create({ mode: 'external_url', filename: 'a.pdf', external_url: 'https://example.com/a.pdf', content_type: 'application/pdf', number_of_parts: 2 }),
      400,
      'validation_error',
      'number_of_parts is only supported for multi_part uploads.',
    );
    expectError(await create({ mode: 'external_url', filename: 'a.pdf' }), 400, 'validation_error', 'external_url is required when mode is external_url.');
    const limited = await startTestServer({ allowImportFrom: ['files.example'] });
    try {
      expectError(
        await create({ mode: 'external_url', filename: 'a.pdf', external_url: 'https://other.example/a.pdf' }, limited),
        400,
        'validation_error',
        'Unable to import file from external_url: the host is not allowed.',
      );
    } finally {
      await limited.close();
    }
  });
});
