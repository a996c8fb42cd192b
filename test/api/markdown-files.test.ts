// Attached files in a page's markdown: the signed URL a block read gives, never the internal
// link, and that markdown written back keeps working.
import { Client } from '@notionhq/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';

afterEach(closeEmulators);

async function attach(ln: LocalNotion, type: 'image' | 'pdf', filename: string, contentType: string): Promise<string> {
  const notion = new Client(ln.clientOptions());
  const upload = await notion.fileUploads.create({ filename, content_type: contentType });
  await notion.fileUploads.send({ file_upload_id: upload.id, file: { filename, data: new Blob([`bytes of ${filename}`], { type: contentType }) } });
  const child = { [type]: { file_upload: { id: upload.id } } } as never;
  const { results } = await notion.blocks.children.append({ block_id: ln.rootPageId, children: [child] });
  return results[0]!.id;
}

describe('attached files in page markdown', () => {
  it('shows the signed URL the block API gives, which serves the bytes', async () => {
    // A frozen clock: the block read and the markdown read sign the same expiry.
    const ln = await startEmulator({ listen: false, deterministic: true });
    const imageId = await attach(ln, 'image', 'pic.png', 'image/png');
    const pdfId = await attach(ln, 'pdf', 'doc.pdf', 'application/pdf');
    const image = (await call(ln, 'GET', `/v1/blocks/${imageId}`)).body.image.file.url as string;
    const pdf = (await call(ln, 'GET', `/v1/blocks/${pdfId}`)).body.pdf.file.url as string;

    const { status, body } = await call(ln, 'GET', `/v1/pages/${ln.rootPageId}/markdown`);
    expect(status).toBe(200);
    expect(body.markdown).not.toContain('localnotion-file:');
    expect(body.markdown).toContain(`![](${image})`);
    expect(body.markdown).toContain(`<pdf src="${pdf.replace(/&/g, '&amp;')}">`);
    const served = await ln.fetch(image);
    expect(Buffer.from(await served.arrayBuffer()).toString()).toBe('bytes of pic.png');
  });

  it('takes the markdown back: a signed URL written back becomes an external file', async () => {
    const ln = await startEmulator({ listen: false });
    await attach(ln, 'image', 'pic.png', 'image/png');
    const { body: read } = await call(ln, 'GET', `/v1/pages/${ln.rootPageId}/markdown`);
    const url = /!\[\]\(([^)]+)\)/.exec(read.markdown)![1]!;

    const written = await call(ln, 'PATCH', `/v1/pages/${ln.rootPageId}/markdown`, {
      body: { type: 'replace_content', replace_content: { new_str: `Before\n![](${url})`, allow_deleting_content: true } },
    });
    expect(written.status, JSON.stringify(written.body)).toBe(200);
    const { body: list } = await call(ln, 'GET', `/v1/blocks/${ln.rootPageId}/children`);
    const image = list.results.find((b: { type: string }) => b.type === 'image');
    expect(image.image).toMatchObject({ type: 'external', external: { url } });
  });
});
