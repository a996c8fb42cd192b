// The File Upload API over HTTP: create, send (one part and many), complete, retrieve, list with
// its inclusive cursors, expiry on the server's clock, and the errors in Notion's words.
import { describe, expect, it } from 'vitest';
import { createIntegration } from '../../src/services/workspace.js';
import { expectError, expectNotFound, ok, UUID } from '../helpers/builders.js';
import { sharedTestServer, startTestServer, type TestResponse } from '../helpers/server.js';

const server = sharedTestServer({ maxFileUploadBytes: 50 * 1024 * 1024 });
const MIB = 1024 * 1024;

/** A multipart/form-data body with a `file` part and optional other fields. */
function form(file: { name?: string; type?: string; data: Buffer | string } | undefined, fields: Record<string, string> = {}) {
  const boundary = 'test-boundary-5f1c';
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    const filename = file.name === undefined ? '' : `; filename="${file.name}"`;
    const type = file.type === undefined ? '' : `Content-Type: ${file.type}\r\n`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"${filename}\r\n${type}\r\n`),
      Buffer.from(file.data),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function send(id: string, body: { payload: Buffer; contentType: string }, token = server.info.token): Promise<TestResponse> {
  const raw = await server.app.inject({
    method: 'POST',
    url: `/v1/file_uploads/${id}/send`,
    headers: { authorization: `Bearer ${token}`, 'notion-version': '2025-09-03', 'content-type': body.contentType },
    payload: body.payload,
  });
  return { status: raw.statusCode, body: JSON.parse(raw.body), headers: raw.headers, raw };
}

const create = (body: Record<string, unknown> = {}) => server.request('POST', '/v1/file_uploads', { body });

describe('create', () => {
  it('answers a pending single-part upload in the recorded shape and key order', async () => {
    const upload = await server.at('2026-07-04T09:11:42.123Z', async () =>
      ok(await create({ mode: 'single_part', filename: 'test_file.txt', content_type: 'text/plain' })),
    );
    expect(Object.keys(upload)).toEqual([
      'object',
      'id',
      'created_time',
      'created_by',
      'last_edited_time',
      'expiry_time',
      'upload_url',
      'in_trash',
      'status',
      'filename',
      'content_type',
      'content_length',
      'archived',
      'request_id',
    ]);
    expect(upload).toMatchObject({
      object: 'file_upload',
      created_time: '2026-07-04T09:11:00.000Z',
      created_by: { id: server.info.botId, type: 'bot' },
      expiry_time: '2026-07-04T10:11:00.000Z',
      upload_url: `http://localhost:80/v1/file_uploads/${upload.id}/send`,
      in_trash: false,
      status: 'pending',
      filename: 'test_file.txt',
      content_type: 'text/plain',
      content_length: null,
      archived: false,
    });
    expect(upload.id).toMatch(UUID);
  });

  it('infers the type from the extension, and the extension from the type', async () => {
    expect(ok(await create({ filename: 'test_file.pdf' })).content_type).toBe('application/pdf');
    expect(ok(await create({ filename: 'photo', content_type: 'image/png' })).filename).toBe('photo.png');
    expect(ok(await create({})).filename).toBeNull();
  });

  it('answers a multi-part upload with its parts count, and drops archived in 2026-03-11', async () => {
    const upload = ok(await create({ mode: 'multi_part', filename: 'large_file.pdf', content_type: 'application/pdf', number_of_parts: 3 }));
    expect(upload.number_of_parts).toEqual({ total: 3, sent: 0 });
    const latest = ok(await server.request('GET', `/v1/file_uploads/${upload.id}`, { version: '2026-03-11' }));
    expect(latest).not.toHaveProperty('archived');
  });

  it('refuses what Notion refuses', async () => {
    expectError(
      await create({ mode: 'x' }),
      400,
      'validation_error',
      'body failed validation: body.mode should be `"single_part"`, `"multi_part"`, `"external_url"`, or `undefined`, instead was `"x"`.',
    );
    expectError(
      await create({ mode: 'multi_part', filename: 'a.pdf' }),
      400,
      'validation_error',
      'body failed validation: body.number_of_parts should be defined, instead was `undefined`.',
    );
    expectError(
      await create({ mode: 'multi_part', filename: 'a.pdf', number_of_parts: 1001 }),
      400,
      'validation_error',
      'body failed validation: body.number_of_parts should be ≤ `1000` or `undefined`, instead was `1001`.',
    );
    expectError(await create({ number_of_parts: 2 }), 400, 'validation_error', 'number_of_parts is only supported for multi_part uploads.');
    expectError(
      await create({ mode: 'multi_part', number_of_parts: 2 }),
      400,
      'validation_error',
      'filename is required for multi_part and external_url uploads.',
    );
    expectError(await create({ filename: 'a.exe' }), 400, 'validation_error', 'The file type is not supported.');
    expectError(await create({ filename: 'a.pdf', content_type: 'image/png' }), 400, 'validation_error', 'content_type does not match the filename extension.');
    const formCreate = form(undefined, { mode: 'single_part' });
    const raw = await server.app.inject({
      method: 'POST',
      url: '/v1/file_uploads',
      headers: { authorization: `Bearer ${server.info.token}`, 'notion-version': '2025-09-03', 'content-type': formCreate.contentType },
      payload: formCreate.payload,
    });
    expect(JSON.parse(raw.body)).toMatchObject({ status: 400, code: 'invalid_json', message: 'Error parsing JSON body.' });
    expectError(
      await create({ filename: `${'a'.repeat(900)}.txt` }),
      400,
      'validation_error',
      'body failed validation: body.filename.length should be ≤ `900`, instead was `904`.',
    );
  });
});

describe('send and complete', () => {
  it('stores a single part: uploaded, its length, no upload_url, the expiry kept', async () => {
    const upload = ok(await create({ mode: 'single_part', filename: 'test_file_small.txt', content_type: 'text/plain' }));
    const sent = ok(await send(upload.id, form({ name: 'test_file_small.txt', type: 'text/plain', data: 'This is test file content' })));
    expect(sent).toMatchObject({ status: 'uploaded', content_length: 25, expiry_time: upload.expiry_time });
    expect(sent).not.toHaveProperty('upload_url');
    expectError(
      await send(upload.id, form({ data: 'again' })),
      400,
      'validation_error',
      `File upload ${upload.id} is in status \`uploaded\` and cannot accept more data.`,
    );
  });

  it('names an unnamed upload after the form part', async () => {
    const upload = ok(await create());
    const sent = ok(await send(upload.id, form({ name: 'notes.json', type: 'application/octet-stream', data: '{}' })));
    expect(sent).toMatchObject({ filename: 'notes.json', content_type: 'application/json', content_length: 2 });
  });

  it('takes parts in any order, counts a part sent twice once, and completes', async () => {
    const upload = ok(await create({ mode: 'multi_part', filename: 'big.pdf', number_of_parts: 3 }));
    expect(ok(await send(upload.id, form({ data: Buffer.alloc(100, 3) }, { part_number: '3' }))).number_of_parts).toEqual({ total: 3, sent: 1 });
    ok(await send(upload.id, form({ data: Buffer.alloc(5 * MIB, 1) }, { part_number: '1' })));
    expectError(
      await server.request('POST', `/v1/file_uploads/${upload.id}/complete`),
      400,
      'validation_error',
      'Not all parts have been sent: expected 3, received 2.',
    );
    const again = ok(await send(upload.id, form({ data: Buffer.alloc(5 * MIB, 1) }, { part_number: '1' })));
    expect(again).toMatchObject({ status: 'pending', number_of_parts: { total: 3, sent: 2 } });
    ok(await send(upload.id, form({ data: Buffer.alloc(5 * MIB + 1, 2) }, { part_number: '2' })));
    const done = ok(await server.request('POST', `/v1/file_uploads/${upload.id}/complete`));
    expect(done).toMatchObject({ status: 'uploaded', content_length: 10 * MIB + 101, number_of_parts: { total: 3, sent: 3 } });
    expect(done).not.toHaveProperty('upload_url');
  });

  it('refuses bad parts and bad forms', async () => {
    const multi = ok(await create({ mode: 'multi_part', filename: 'big.pdf', number_of_parts: 2 }));
    expectError(
      await send(multi.id, form({ data: 'x' })),
      400,
      'validation_error',
      'body failed validation: body.part_number should be defined, instead was `undefined`.',
    );
    expectError(
      await send(multi.id, form({ data: 'x' }, { part_number: '3' })),
      400,
      'validation_error',
      'body failed validation: body.part_number should be an integer between 1 and 2, instead was `"3"`.',
    );
    expectError(
      await send(multi.id, form({ data: 'x' }, { part_number: '1' })),
      400,
      'validation_error',
      `Part 1 is smaller than the ${5 * MIB} bytes every part but the last must hold.`,
    );
    const single = ok(await create());
    expectError(
      await send(single.id, form(undefined)),
      400,
      'validation_error',
      'body failed validation: body.file should be defined, instead was `undefined`.',
    );
    expectError(
      await send(single.id, form({ data: 'x' }, { part_number: '1' })),
      400,
      'validation_error',
      'part_number is only supported for multi_part uploads.',
    );
    expectError(
      await send(single.id, { payload: Buffer.from('{}'), contentType: 'application/json' }),
      400,
      'validation_error',
      'The request body must be multipart/form-data with a `file` part.',
    );
    expectError(
      await send(single.id, form({ name: 'a.txt', data: Buffer.alloc(20 * MIB + 70 * 1024) })),
      400,
      'validation_error',
      `The file is larger than the ${20 * MIB} bytes allowed.`,
    );
    expectError(
      await server.request('POST', `/v1/file_uploads/${single.id}/complete`),
      400,
      'validation_error',
      `File upload ${single.id} is not a multi_part upload and does not need to be completed.`,
    );
  });

  it('answers 404 for an unknown upload and for another integration’s', async () => {
    const missing = '393abc1e-edcd-81cc-b617-00b2433488d0';
    expectNotFound(await send(missing, form({ data: 'x' })), 'file upload', missing);
    expectNotFound(await server.request('GET', `/v1/file_uploads/${missing}`), 'file upload', missing);
    const upload = ok(await create());
    const other = await createIntegration(server.ctx, { workspaceId: server.info.workspaceId, name: 'Other' });
    expectNotFound(await server.request('GET', `/v1/file_uploads/${upload.id}`, { token: other.token }), 'file upload', upload.id, 'Other');
    expectError(
      await server.request('GET', '/v1/file_uploads/x'),
      400,
      'validation_error',
      'path failed validation: path.file_upload_id should be a valid uuid, instead was `"x"`.',
    );
  });
});

describe('expiry and listing', () => {
  it('expires unattached uploads an hour after creation, on the server clock', async () => {
    const upload = await server.at('2030-01-01T10:00:30.000Z', async () => ok(await create({ filename: 'a.txt' })));
    const before = await server.at('2030-01-01T10:59:59.000Z', async () => ok(await server.request('GET', `/v1/file_uploads/${upload.id}`)));
    expect(before.status).toBe('pending');
    const after = await server.at('2030-01-01T11:05:00.000Z', async () => ok(await server.request('GET', `/v1/file_uploads/${upload.id}`)));
    expect(after).toMatchObject({ status: 'expired', expiry_time: null, last_edited_time: '2030-01-01T11:00:00.000Z' });
    expect(after).not.toHaveProperty('upload_url');
    const refused = await server.at('2030-01-01T11:05:00.000Z', () => send(upload.id, form({ data: 'x' })));
    expectError(refused, 400, 'validation_error', `File upload ${upload.id} is in status \`expired\` and cannot accept more data.`);
  });

  it('lists newest first, with inclusive id cursors and a status filter', async () => {
    const other = await createIntegration(server.ctx, { workspaceId: server.info.workspaceId, name: 'Lister' });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(ok(await server.request('POST', '/v1/file_uploads', { body: { filename: `f${i}.txt` }, token: other.token })).id);
    const sent = ok(await send(ids[1]!, form({ data: 'bytes' }), other.token));
    expect(sent.status).toBe('uploaded');
    const first = ok(await server.request('GET', '/v1/file_uploads?page_size=2', { token: other.token }));
    expect(Object.keys(first)).toEqual(['object', 'results', 'next_cursor', 'has_more', 'type', 'file_upload', 'request_id']);
    expect(first.results.map((r: { id: string }) => r.id)).toEqual([ids[3], ids[2]]);
    expect(first.results[0]).not.toHaveProperty('request_id');
    expect(first.next_cursor).toBe(ids[1]);
    const second = ok(await server.request('GET', `/v1/file_uploads?page_size=2&start_cursor=${first.next_cursor}`, { token: other.token }));
    expect(second).toMatchObject({ has_more: false, next_cursor: null });
    expect(second.results.map((r: { id: string }) => r.id)).toEqual([ids[1], ids[0]]);
    const pending = ok(await server.request('GET', '/v1/file_uploads?status=pending', { token: other.token }));
    expect(pending.results.map((r: { id: string }) => r.id)).toEqual([ids[3], ids[2], ids[0]]);
    expectError(
      await server.request('GET', '/v1/file_uploads?start_cursor=nope', { token: other.token }),
      400,
      'validation_error',
      'The start_cursor provided is invalid: nope',
    );
  });
});

describe('workspace limits', () => {
  it('reports the limit it enforces in users.me, and refuses a larger file', async () => {
    const small = await startTestServer({ maxFileUploadBytes: 1000 });
    try {
      const me = ok(await small.request('GET', '/v1/users/me'));
      expect(me.bot.workspace_limits).toEqual({ max_file_upload_size_in_bytes: 1000 });
      const upload = ok(await small.request('POST', '/v1/file_uploads', { body: { filename: 'a.txt' } }));
      const body = form({ name: 'a.txt', data: Buffer.alloc(1001, 97) });
      const raw = await small.app.inject({
        method: 'POST',
        url: `/v1/file_uploads/${upload.id}/send`,
        headers: { authorization: `Bearer ${small.info.token}`, 'notion-version': '2025-09-03', 'content-type': body.contentType },
        payload: body.payload,
      });
      expect(JSON.parse(raw.body)).toMatchObject({ status: 400, code: 'validation_error', message: 'The file is larger than the 1000 bytes allowed.' });
      expect(ok(await small.request('GET', `/v1/file_uploads/${upload.id}`)).status).toBe('pending');
    } finally {
      await small.close();
    }
  });
});

/** An uploaded single-part file. */
async function uploaded(name: string, type: string, data: Buffer | string): Promise<string> {
  const upload = ok(await create({ filename: name, content_type: type }));
  ok(await send(upload.id, form({ name, type, data })));
  return upload.id;
}

async function fetchHosted(url: string, headers: Record<string, string> = {}) {
  const { pathname, search } = new URL(url);
  return server.app.inject({ method: 'GET', url: `${pathname}${search}`, headers });
}

describe('attaching and serving', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]);

  it('attaches one upload to two image blocks, makes it permanent, and serves its bytes', async () => {
    const id = await uploaded('pixel.png', 'image/png', png);
    const blocks = ok(
      await server.request('PATCH', `/v1/blocks/${server.info.rootPageId}/children`, {
        body: { children: [{ type: 'image', image: { type: 'file_upload', file_upload: { id } } }, { image: { file_upload: { id } } }] },
      }),
    );
    for (const block of blocks.results) {
      expect(Object.keys(block.image)).toEqual(['caption', 'type', 'file']);
      expect(block.image.type).toBe('file');
      expect(block.image.file.url).toMatch(/^http:\/\/localhost:80\/files\/[0-9a-f-]{36}\/pixel\.png\?expires=\d+&signature=/);
    }
    expect(ok(await server.request('GET', `/v1/file_uploads/${id}`))).toMatchObject({ status: 'uploaded', expiry_time: null });
    const read = ok(await server.request('GET', `/v1/blocks/${blocks.results[0].id}`));
    const served = await fetchHosted(read.image.file.url);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(png)).toBe(true);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['content-length']).toBe(String(png.length));
    expect(served.headers.etag).toBe(`"${id}"`);
    const part = await fetchHosted(read.image.file.url, { range: 'bytes=2-5' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 2-5/${png.length}`);
    expect(part.rawPayload.equals(png.subarray(2, 6))).toBe(true);
  });

  it('refuses a tampered or expired link', async () => {
    const page = await server.at('2030-02-01T10:00:00.000Z', async () => {
      const id = await uploaded('pixel.png', 'image/png', png);
      return ok(
        await server.request('POST', '/v1/pages', {
          body: {
            parent: { page_id: server.info.rootPageId },
            properties: {},
            icon: { type: 'file_upload', file_upload: { id } },
            cover: { file_upload: { id } },
          },
        }),
      );
    });
    expect(page.icon).toMatchObject({ type: 'file', file: { expiry_time: '2030-02-01T11:00:00.000Z' } });
    expect(page.cover.type).toBe('file');
    const later = '2030-02-01T11:30:00.000Z';
    expect((await server.at('2030-02-01T10:30:00.000Z', () => fetchHosted(page.icon.file.url))).statusCode).toBe(200);
    const url = new URL(page.icon.file.url);
    url.searchParams.set('signature', `${url.searchParams.get('signature')!.startsWith('x') ? 'y' : 'x'}${url.searchParams.get('signature')!.slice(1)}`);
    expect((await server.at('2030-02-01T10:30:00.000Z', () => fetchHosted(url.toString()))).statusCode).toBe(403);
    // Past the link's hour it is refused; a fresh read hands out a new one.
    expect((await server.at(later, () => fetchHosted(page.icon.file.url))).statusCode).toBe(403);
    const fresh = await server.at(later, async () => ok(await server.request('GET', `/v1/pages/${page.id}`)));
    expect((await server.at(later, () => fetchHosted(fresh.icon.file.url))).statusCode).toBe(200);
  });

  it('attaches to a files value and a file block, named after the upload', async () => {
    const id = await uploaded('report.pdf', 'application/pdf', '%PDF-1.4 test');
    const db = ok(
      await server.request('POST', '/v1/databases', {
        body: {
          parent: { page_id: server.info.rootPageId },
          title: [{ text: { content: 'Docs' } }],
          initial_data_source: { properties: { Name: { title: {} }, Files: { files: {} } } },
        },
      }),
    );
    const page = ok(
      await server.request('POST', '/v1/pages', {
        body: {
          parent: { data_source_id: db.data_sources[0].id },
          properties: { Files: { files: [{ type: 'file_upload', file_upload: { id } }] } },
          children: [{ file: { file_upload: { id } } }, { pdf: { file_upload: { id } } }],
        },
      }),
    );
    expect(page.properties.Files.files).toEqual([
      { name: 'report.pdf', type: 'file', file: { url: expect.stringContaining(`/files/${id}/report.pdf?`), expiry_time: expect.any(String) } },
    ]);
    const children = ok(await server.request('GET', `/v1/blocks/${page.id}/children`)).results;
    expect(children[0].file).toMatchObject({ type: 'file', name: 'report.pdf' });
    expect(children[1].pdf.type).toBe('file');
  });

  it('replaces an image block’s file by update, and sets a database cover', async () => {
    const first = await uploaded('one.png', 'image/png', png);
    const second = await uploaded('two.png', 'image/png', Buffer.concat([png, png]));
    const [block] = ok(
      await server.request('PATCH', `/v1/blocks/${server.info.rootPageId}/children`, { body: { children: [{ image: { file_upload: { id: first } } }] } }),
    ).results;
    const updated = ok(
      await server.request('PATCH', `/v1/blocks/${block.id}`, { body: { image: { file_upload: { id: second }, caption: [{ text: { content: 'Two' } }] } } }),
    );
    expect(updated.image).toMatchObject({ type: 'file', caption: [{ plain_text: 'Two' }] });
    expect(updated.image.file.url).toContain(`/files/${second}/two.png?`);
    expect((await fetchHosted(updated.image.file.url)).rawPayload.length).toBe(2 * png.length);
    const database = ok(
      await server.request('POST', '/v1/databases', {
        body: {
          parent: { page_id: server.info.rootPageId },
          title: [{ text: { content: 'Covered' } }],
          cover: { type: 'file_upload', file_upload: { id: first } },
          initial_data_source: { properties: { Name: { title: {} } } },
        },
      }),
    );
    expect(database.cover).toEqual({ type: 'file', file: { url: expect.stringContaining(`/files/${first}/one.png?`), expiry_time: expect.any(String) } });
  });

  it('attaches uploads to a comment, each with its category', async () => {
    const pdf = await uploaded('notes.pdf', 'application/pdf', '%PDF-1.4');
    const image = await uploaded('shot.png', 'image/png', png);
    const comment = ok(
      await server.request('POST', '/v1/comments', {
        body: {
          parent: { page_id: server.info.rootPageId },
          rich_text: [{ text: { content: 'See attached' } }],
          attachments: [{ file_upload_id: pdf }, { type: 'file_upload', file_upload_id: image }],
        },
      }),
    );
    expect(Object.keys(comment).slice(-2)).toEqual(['attachments', 'request_id']);
    expect(comment.attachments).toEqual([
      { category: 'pdf', file: { url: expect.stringContaining(`/files/${pdf}/notes.pdf?`), expiry_time: expect.any(String) } },
      { category: 'image', file: { url: expect.stringContaining(`/files/${image}/shot.png?`), expiry_time: expect.any(String) } },
    ]);
    const read = ok(await server.request('GET', `/v1/comments/${comment.id}`));
    expect((await fetchHosted(read.attachments[1].file.url)).rawPayload.equals(png)).toBe(true);
    const pending = ok(await create({ filename: 'later.txt' })).id;
    const refused = await server.request('POST', '/v1/comments', {
      body: { parent: { page_id: server.info.rootPageId }, rich_text: [{ text: { content: 'x' } }], attachments: [{ file_upload_id: pending }] },
    });
    expectError(refused, 400, 'validation_error', `File upload ${pending} has not been uploaded yet.`);
  });

  it('refuses pending, expired and unknown uploads', async () => {
    const pending = ok(await create({ filename: 'a.png' })).id;
    const attach = (id: string) =>
      server.request('PATCH', `/v1/blocks/${server.info.rootPageId}/children`, { body: { children: [{ image: { file_upload: { id } } }] } });
    expectError(await attach(pending), 400, 'validation_error', `File upload ${pending} has not been uploaded yet.`);
    const stale = await server.at('2020-01-01T00:00:00.000Z', () => uploaded('old.png', 'image/png', png));
    expectError(await attach(stale), 400, 'validation_error', `File upload ${stale} has expired.`);
    const missing = '393abc1e-edcd-81cc-b617-00b2433488d0';
    expectNotFound(await attach(missing), 'file upload', missing);
  });
});

describe('attaching inside the request’s transaction', () => {
  it('leaves the upload unattached when the write it came with fails', async () => {
    const id = await uploaded('keep.png', 'image/png', 'png bytes');
    const before = ok(await server.request('GET', `/v1/file_uploads/${id}`));
    const missing = '393abc1e-edcd-81cc-b617-00b2433488d1';
    const refused = await server.request('PATCH', `/v1/blocks/${missing}/children`, { body: { children: [{ image: { file_upload: { id } } }] } });
    expect(refused.status).toBe(404);
    expect(ok(await server.request('GET', `/v1/file_uploads/${id}`))).toMatchObject({ status: 'uploaded', expiry_time: before.expiry_time });
  });

  it('refuses a file of the wrong kind for a media block, and the internal link from a client', async () => {
    const id = await uploaded('notes.txt', 'text/plain', 'hello');
    const attach = (child: unknown) => server.request('PATCH', `/v1/blocks/${server.info.rootPageId}/children`, { body: { children: [child] } });
    expectError(
      await attach({ image: { file_upload: { id } } }),
      400,
      'validation_error',
      `File upload ${id} holds a text/plain file, which an image block cannot show.`,
    );
    expect(ok(await attach({ file: { file_upload: { id } } })).results[0].file).toMatchObject({ type: 'file', name: 'notes.txt' });
    const forged = await attach({ image: { external: { url: `localnotion-file:${id}` } } });
    expect(forged).toMatchObject({ status: 400, body: { code: 'validation_error' } });
  });

  it('serves a multi-part file whole and by ranges across its parts', async () => {
    const parts = [Buffer.alloc(5 * MIB, 1), Buffer.alloc(5 * MIB, 2), Buffer.from('tail')];
    const upload = ok(await create({ mode: 'multi_part', filename: 'big.pdf', number_of_parts: 3 }));
    for (const n of [3, 1, 2]) ok(await send(upload.id, form({ data: parts[n - 1]! }, { part_number: String(n) })));
    ok(await server.request('POST', `/v1/file_uploads/${upload.id}/complete`));
    const [block] = ok(
      await server.request('PATCH', `/v1/blocks/${server.info.rootPageId}/children`, { body: { children: [{ pdf: { file_upload: { id: upload.id } } }] } }),
    ).results;
    const whole = await fetchHosted(block.pdf.file.url);
    expect(whole.rawPayload.equals(Buffer.concat(parts))).toBe(true);
    const across = await fetchHosted(block.pdf.file.url, { range: `bytes=${5 * MIB - 2}-${5 * MIB + 1}` });
    expect(across.statusCode).toBe(206);
    expect([...across.rawPayload]).toEqual([1, 1, 2, 2]);
    const last = await fetchHosted(block.pdf.file.url, { range: 'bytes=-4' });
    expect(last.rawPayload.toString()).toBe('tail');
    expect((await fetchHosted(block.pdf.file.url, { range: `bytes=${20 * MIB}-` })).statusCode).toBe(416);
  });
});
