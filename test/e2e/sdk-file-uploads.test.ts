// File uploads through the official @notionhq/client: its fileUploads.* methods unchanged, the
// uploads attached to blocks, icons, covers and files values, and the hosted URLs fetched back.
import { APIErrorCode, type Client } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { sdkClient, startListeningServer } from '../helpers/listening.js';
import { expectApiError, text } from '../helpers/sdk.js';

const MIB = 1024 * 1024;

describe('file uploads through the SDK', () => {
  let server: RunningServer;
  let notion: Client;

  beforeAll(async () => {
    server = await startListeningServer({ maxFileUploadBytes: 32 * MIB });
    notion = sdkClient(server);
  });
  afterAll(() => server?.close());

  const fetchBytes = async (url: string) => {
    const res = await fetch(url);
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  };

  it('uploads an image in one part, attaches it to an image block, and serves the same bytes', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 8, 7, 6]);
    const upload = await notion.fileUploads.create({ filename: 'pixel.png', content_type: 'image/png' });
    expect(upload.upload_url).toBe(`${server.baseUrl}/v1/file_uploads/${upload.id}/send`);
    const sent = await notion.fileUploads.send({ file_upload_id: upload.id, file: { filename: 'pixel.png', data: new Blob([png], { type: 'image/png' }) } });
    expect(sent).toMatchObject({ status: 'uploaded', content_length: png.length });
    const appended = await notion.blocks.children.append({
      block_id: server.info.rootPageId,
      children: [{ type: 'image', image: { type: 'file_upload', file_upload: { id: upload.id } } }, { image: { file_upload: { id: upload.id } } }],
    });
    expect(appended.results).toHaveLength(2);
    const block = await notion.blocks.retrieve({ block_id: appended.results[1]!.id });
    if (!('type' in block) || block.type !== 'image' || block.image.type !== 'file') throw new Error(`expected a hosted image, got ${JSON.stringify(block)}`);
    const served = await fetchBytes(block.image.file.url);
    expect(served).toMatchObject({ status: 200, type: 'image/png' });
    expect(served.bytes.equals(png)).toBe(true);
    expect((await notion.fileUploads.retrieve({ file_upload_id: upload.id })).expiry_time).toBeNull();
  });

  it('sends a 25 MB PDF in three parts out of order, completes it, and attaches it as a PDF block and a files value', async () => {
    const parts = [Buffer.alloc(10 * MIB, 1), Buffer.alloc(10 * MIB, 2), Buffer.alloc(25_000_000 - 20 * MIB, 3)];
    const upload = await notion.fileUploads.create({ mode: 'multi_part', filename: 'big.pdf', content_type: 'application/pdf', number_of_parts: 3 });
    for (const n of [3, 1, 2]) {
      await notion.fileUploads.send({
        file_upload_id: upload.id,
        part_number: String(n),
        file: { filename: 'big.pdf', data: new Blob([parts[n - 1]!], { type: 'application/pdf' }) },
      });
    }
    const done = await notion.fileUploads.complete({ file_upload_id: upload.id });
    expect(done).toMatchObject({ status: 'uploaded', content_length: 25_000_000, number_of_parts: { total: 3, sent: 3 } });
    const database = await notion.databases.create({
      parent: { type: 'page_id', page_id: server.info.rootPageId },
      title: text('Reports'),
      initial_data_source: { properties: { Name: { title: {} }, Attachment: { files: {} } } },
    });
    if (!('data_sources' in database)) throw new Error('expected a full database');
    const page = await notion.pages.create({
      parent: { data_source_id: database.data_sources[0]!.id },
      properties: { Name: { title: text('Q3') }, Attachment: { files: [{ type: 'file_upload', file_upload: { id: upload.id }, name: 'q3.pdf' }] } },
      children: [{ pdf: { type: 'file_upload', file_upload: { id: upload.id } } }],
    });
    if (!('properties' in page)) throw new Error('expected a full page');
    const files = page.properties.Attachment;
    if (files?.type !== 'files' || files.files[0]?.type !== 'file') throw new Error(`expected a hosted file, got ${JSON.stringify(files)}`);
    expect(files.files[0].name).toBe('q3.pdf');
    const served = await fetchBytes(files.files[0].file.url);
    expect(served.bytes.equals(Buffer.concat(parts))).toBe(true);
    const [pdf] = (await notion.blocks.children.list({ block_id: page.id })).results;
    expect(pdf && 'type' in pdf && pdf.type === 'pdf' && pdf.pdf.type).toBe('file');
  });

  it('sets a page icon and cover from uploads', async () => {
    const upload = await notion.fileUploads.create({ filename: 'cover.png' });
    await notion.fileUploads.send({ file_upload_id: upload.id, file: { data: new Blob([Buffer.from('not really a png')], { type: 'image/png' }) } });
    const page = await notion.pages.create({ parent: { page_id: server.info.rootPageId }, properties: {}, icon: { file_upload: { id: upload.id } } });
    const updated = await notion.pages.update({ page_id: page.id, cover: { type: 'file_upload', file_upload: { id: upload.id } } });
    if (!('icon' in updated)) throw new Error('expected a full page');
    expect(updated.icon?.type).toBe('file');
    expect(updated.cover?.type).toBe('file');
  });

  it('attaches an upload to a comment, with its category', async () => {
    const upload = await notion.fileUploads.create({ filename: 'notes.pdf' });
    const bytes = Buffer.from('%PDF-1.4 notes');
    await notion.fileUploads.send({ file_upload_id: upload.id, file: { data: new Blob([bytes]) } });
    const comment = await notion.comments.create({
      parent: { page_id: server.info.rootPageId },
      rich_text: text('See attached'),
      attachments: [{ file_upload_id: upload.id }],
    });
    const attachments = (comment as unknown as { attachments: Array<{ category: string; file: { url: string } }> }).attachments;
    expect(attachments[0]?.category).toBe('pdf');
    expect((await fetchBytes(attachments[0]!.file.url)).bytes.equals(bytes)).toBe(true);
  });

  it('answers Notion’s errors, and expires an unattached upload with the clock', async () => {
    const missing = '393abc1e-edcd-81cc-b617-00b2433488d0';
    const error = async (promise: Promise<unknown>, message: string) =>
      expect(JSON.parse((await expectApiError(promise, APIErrorCode.ValidationError, 400)).body).message).toBe(message);
    await expectApiError(notion.fileUploads.retrieve({ file_upload_id: missing }), APIErrorCode.ObjectNotFound, 404);
    await expectApiError(notion.fileUploads.send({ file_upload_id: missing, file: { data: new Blob(['x']) } }), APIErrorCode.ObjectNotFound, 404);
    await error(notion.fileUploads.retrieve({ file_upload_id: 'x' }), 'path failed validation: path.file_upload_id should be a valid uuid, instead was `"x"`.');
    await error(
      notion.fileUploads.create({ mode: 'multi_part', filename: 'a.pdf' }),
      'body failed validation: body.number_of_parts should be defined, instead was `undefined`.',
    );
    await error(notion.fileUploads.create({ mode: 'multi_part', number_of_parts: 2 }), 'filename is required for multi_part and external_url uploads.');
    await error(notion.fileUploads.create({ filename: 'a.exe' }), 'The file type is not supported.');
    await error(notion.fileUploads.create({ filename: 'a.pdf', content_type: 'image/png' }), 'content_type does not match the filename extension.');
    await error(
      notion.fileUploads.create({ mode: 'external_url', filename: 'a.pdf', external_url: 'http://example.com/a.pdf' }),
      'Unable to import file from external_url: the URL must use HTTPS.',
    );
    const multi = await notion.fileUploads.create({ mode: 'multi_part', filename: 'm.pdf', number_of_parts: 2 });
    await error(
      notion.fileUploads.send({ file_upload_id: multi.id, part_number: '3', file: { data: new Blob(['x']) } }),
      'body failed validation: body.part_number should be an integer between 1 and 2, instead was `"3"`.',
    );
    await error(
      notion.fileUploads.send({ file_upload_id: multi.id, part_number: '1', file: { data: new Blob(['x']) } }),
      `Part 1 is smaller than the ${5 * MIB} bytes every part but the last must hold.`,
    );
    await error(notion.fileUploads.complete({ file_upload_id: multi.id }), 'Not all parts have been sent: expected 2, received 0.');
    const pending = await notion.fileUploads.create({ filename: 'later.txt' });
    await error(
      notion.fileUploads.complete({ file_upload_id: pending.id }),
      `File upload ${pending.id} is not a multi_part upload and does not need to be completed.`,
    );
    await error(
      notion.blocks.children.append({ block_id: server.info.rootPageId, children: [{ file: { file_upload: { id: pending.id } } }] }),
      `File upload ${pending.id} has not been uploaded yet.`,
    );
    const clock = server.ctx.clock;
    server.ctx.clock = { now: () => new Date(clock.now().getTime() + 61 * 60 * 1000) };
    try {
      expect(await notion.fileUploads.retrieve({ file_upload_id: pending.id })).toMatchObject({ status: 'expired', expiry_time: null });
      const listed = await notion.fileUploads.list({ status: 'expired' });
      expect(listed.results.map((u) => u.id)).toContain(pending.id);
      await error(
        notion.blocks.children.append({ block_id: server.info.rootPageId, children: [{ file: { file_upload: { id: pending.id } } }] }),
        `File upload ${pending.id} has expired.`,
      );
      await error(
        notion.fileUploads.send({ file_upload_id: pending.id, file: { data: new Blob(['x']) } }),
        `File upload ${pending.id} is in status \`expired\` and cannot accept more data.`,
      );
    } finally {
      server.ctx.clock = clock;
    }
  });
});
