// Uploaded files in the emulator's state: snapshots and reset bring attached files back with their
// bytes, export files carry the bytes (and older exports without them still import), and the
// sweep drops the bytes of uploads that expired unattached while files still attached stay.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@notionhq/client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import { sweepFiles } from '../../src/files/sweep.js';
import { closeEmulators, startEmulator } from '../helpers/emulator.js';

const dir = mkdtempSync(join(tmpdir(), 'localnotion-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(closeEmulators);

/** Upload `bytes` as a single-part file and attach it to an image block under the root page; answers the block id and upload id. */
async function attachImage(ln: LocalNotion, bytes: Buffer): Promise<{ blockId: string; uploadId: string }> {
  const notion = new Client(ln.clientOptions());
  const upload = await notion.fileUploads.create({ filename: 'pic.png', content_type: 'image/png' });
  await notion.fileUploads.send({ file_upload_id: upload.id, file: { filename: 'pic.png', data: new Blob([bytes], { type: 'image/png' }) } });
  const { results } = await notion.blocks.children.append({ block_id: ln.rootPageId, children: [{ image: { file_upload: { id: upload.id } } }] });
  return { blockId: results[0]!.id, uploadId: upload.id };
}

/** The bytes an image block's hosted URL serves. */
async function imageBytes(ln: LocalNotion, blockId: string): Promise<Buffer> {
  const notion = new Client(ln.clientOptions());
  const block = (await notion.blocks.retrieve({ block_id: blockId })) as { image: { type: string; file: { url: string } } };
  expect(block.image.type).toBe('file');
  const res = await ln.fetch(block.image.file.url);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('files in snapshots, reset, export and import', () => {
  it('restores a snapshot with its attached files, even after the sweep ran', async () => {
    const ln = await startEmulator({ listen: false });
    const bytes = Buffer.from('first picture');
    const { blockId } = await attachImage(ln, bytes);
    const snapshot = await ln.snapshot();
    await ln.reset();
    await sweepFiles(ln.ctx, { held: () => ln.emulator.heldBlobKeys(), graceMs: 0 });
    await ln.restore(snapshot);
    expect(await imageBytes(ln, blockId)).toEqual(bytes);
  });

  it('keeps the files of the state reset returns to from the sweep, and reset serves them again', async () => {
    const source = await startEmulator({ listen: false });
    const bytes = Buffer.from('baseline picture');
    const { blockId } = await attachImage(source, bytes);
    const file = join(dir, 'baseline.ndjson');
    await source.exportTo(file);
    const target = await startEmulator({ listen: false });
    const empty = await target.snapshot();
    // The imported state is the one reset returns to; nothing in the store names the file once
    // the empty state is back, so only that state keeps its bytes.
    await target.importFrom(file);
    await target.restore(empty);
    await sweepFiles(target.ctx, { held: () => target.emulator.heldBlobKeys(), graceMs: 0 });
    await target.reset();
    expect(await imageBytes(target, blockId)).toEqual(bytes);
  });

  // Over half a megabyte, so that the bytes take more than one line; a busy PostgreSQL needs time for it.
  it('exports the bytes with the rows, and an import serves them again', { timeout: 90_000 }, async () => {
    const source = await startEmulator({ listen: false });
    const bytes = Buffer.alloc(700 * 1024, 7);
    const { blockId } = await attachImage(source, bytes);
    const file = join(dir, 'with-files.ndjson');
    const header = await source.exportTo(file);
    expect(header).toMatchObject({ version: 2 });
    expect(header.counts).toMatchObject({ file_uploads: 1, file_parts: 1 });
    const target = await startEmulator({ listen: false });
    await target.importFrom(file);
    expect(await imageBytes(target, blockId)).toEqual(bytes);
  });

  it('still imports an export of the first format, which has no files', async () => {
    const source = await startEmulator({ listen: false });
    const file = join(dir, 'v1.ndjson');
    await source.exportTo(file);
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(file, 'utf8').split('\n');
    const header = JSON.parse(lines[0]!);
    lines[0] = JSON.stringify({ ...header, version: 1, migration: '0006-comments' });
    const v1 = lines.filter((l) => !l.startsWith('{"table":"file_'));
    writeFileSync(file, v1.join('\n'));
    const target = await startEmulator({ listen: false });
    await target.importFrom(file);
    const notion = new Client(target.clientOptions());
    expect((await notion.fileUploads.list({})).results).toEqual([]);
  });
});

describe('the sweep', () => {
  it('drops the bytes of uploads that expired unattached, and keeps attached ones', async () => {
    const ln = await startEmulator({ listen: false });
    ln.clock.freeze('2030-01-01T00:00:00.000Z');
    const notion = new Client(ln.clientOptions());
    const loose = await notion.fileUploads.create({ filename: 'loose.txt' });
    await notion.fileUploads.send({ file_upload_id: loose.id, file: { data: new Blob(['unattached bytes']) } });
    const { blockId } = await attachImage(ln, Buffer.from('kept'));
    ln.clock.set('2030-01-01T02:00:00.000Z');
    const { removed } = await sweepFiles(ln.ctx, { held: () => ln.emulator.heldBlobKeys(), graceMs: 0 });
    expect(removed).toBe(1);
    expect(await notion.fileUploads.retrieve({ file_upload_id: loose.id })).toMatchObject({ status: 'expired', content_length: 16 });
    expect((await imageBytes(ln, blockId)).toString()).toBe('kept');
  });
});

describe('the workspace’s file limit', () => {
  it('comes from a fixture, changes through the control API, and is the one users.me reports and sends enforce', async () => {
    const ln = await startEmulator({ listen: false, seed: { workspace: { max_file_upload_size_in_bytes: 10 } } });
    const notion = new Client(ln.clientOptions());
    const limit = async () =>
      ((await notion.users.me({})) as unknown as { bot: { workspace_limits: { max_file_upload_size_in_bytes: number } } }).bot.workspace_limits;
    expect(await limit()).toEqual({ max_file_upload_size_in_bytes: 10 });
    const upload = await notion.fileUploads.create({ filename: 'a.txt' });
    const refused = await ln.fetch(`${ln.url}/v1/file_uploads/${upload.id}/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ln.token}`, 'notion-version': '2025-09-03' },
      body: (() => {
        const form = new FormData();
        form.append('file', new Blob(['eleven byte']), 'a.txt');
        return form;
      })(),
    });
    expect(await refused.json()).toMatchObject({ status: 400, message: 'The file is larger than the 10 bytes allowed.' });
    const patch = (body: unknown) =>
      ln.fetch(`${ln.url}/__localnotion/workspace/limits`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(await (await patch({ max_file_upload_size_in_bytes: 20 })).json()).toEqual({ object: 'workspace_limits', max_file_upload_size_in_bytes: 20 });
    expect(await limit()).toEqual({ max_file_upload_size_in_bytes: 20 });
    await notion.fileUploads.send({ file_upload_id: upload.id, file: { filename: 'a.txt', data: new Blob(['eleven byte']) } });
    expect(await (await patch({ max_file_upload_size_in_bytes: null })).json()).toEqual({
      object: 'workspace_limits',
      max_file_upload_size_in_bytes: 5 * 1024 * 1024,
    });
    expect((await patch({ max_file_upload_size_in_bytes: 0 })).status).toBe(400);
  });
});
