// A server killed (SIGKILL) while multi-part uploads stream in: after a restart every part it
// answered is there, no part is there in part, and the finished files serve exactly their bytes.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@notionhq/client';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT, serve, stop } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'localnotion-file-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MIB = 1024 * 1024;
const UPLOADS = 3;
const PARTS = 3;
// Part k of upload u is filled with one byte value, so a part cut short or mixed up shows.
const partBytes = (u: number, k: number): Buffer => (k === PARTS ? Buffer.alloc(MIB + u, 10 * u + k) : Buffer.alloc(5 * MIB, 10 * u + k));

describe('a server killed during multi-part uploads', { timeout: CLI_TEST_TIMEOUT * 2 }, () => {
  it('keeps every part it answered, whole, and nothing half-written', async () => {
    const db = join(dir, 'uploads.db');
    const args = ['--db', db, '--token', 'ntn_file_crash', '--max-file-upload-size', String(64 * MIB)];
    const first = await serve(args);
    const notion = new Client({ auth: first.token, baseUrl: first.baseUrl, retry: false });
    const ids: string[] = [];
    for (let u = 1; u <= UPLOADS; u++) ids.push((await notion.fileUploads.create({ mode: 'multi_part', filename: `f${u}.pdf`, number_of_parts: PARTS })).id);
    const answered = new Set<string>();
    let killed = false;
    // Every upload's parts are sent again and again, all uploads at once, until the server dies.
    const senders = ids.map(async (id, i) => {
      for (let round = 0; !killed; round++) {
        const k = (round % PARTS) + 1;
        try {
          await notion.fileUploads.send({ file_upload_id: id, part_number: String(k), file: { data: new Blob([partBytes(i + 1, k)]) } });
          answered.add(`${id}:${k}`);
        } catch {
          return;
        }
      }
    });
    while (answered.size < 4) await new Promise((resolve) => setTimeout(resolve, 20));
    killed = true;
    await stop(first, 'SIGKILL');
    await Promise.all(senders);

    const second = await serve(args);
    const again = new Client({ auth: second.token, baseUrl: second.baseUrl });
    for (const [i, id] of ids.entries()) {
      const upload = await again.fileUploads.retrieve({ file_upload_id: id });
      const sent = upload.number_of_parts?.sent ?? 0;
      const answeredHere = [...answered].filter((key) => key.startsWith(`${id}:`)).length;
      expect(sent).toBeGreaterThanOrEqual(answeredHere);
      // The missing parts are sent now; whatever was recorded before the crash must be whole.
      for (let k = 1; k <= PARTS; k++) {
        if (!answered.has(`${id}:${k}`))
          await again.fileUploads.send({ file_upload_id: id, part_number: String(k), file: { data: new Blob([partBytes(i + 1, k)]) } });
      }
      expect(await again.fileUploads.complete({ file_upload_id: id })).toMatchObject({ status: 'uploaded', number_of_parts: { total: PARTS, sent: PARTS } });
      const { results } = await again.blocks.children.append({ block_id: second.rootPageId, children: [{ pdf: { file_upload: { id } } }] });
      const block = (await again.blocks.retrieve({ block_id: results[0]!.id })) as { pdf: { file: { url: string } } };
      const served = Buffer.from(await (await fetch(block.pdf.file.url)).arrayBuffer());
      const expected = Buffer.concat(Array.from({ length: PARTS }, (_, k) => partBytes(i + 1, k + 1)));
      expect(served.length).toBe(expected.length);
      expect(served.equals(expected)).toBe(true);
    }
    await stop(second);
    // Blobs are only ever renamed into place whole: the folder holds no half-written file.
    const blobs = join(dir, 'files', 'blobs');
    expect(existsSync(blobs)).toBe(true);
    for (const name of readdirSync(blobs)) expect(name).toMatch(/^[0-9a-z]+-[0-9a-f]+$/);
  });
});
