// File uploads over two server instances on one PostgreSQL database: parts sent through either,
// the upload completed through the other, and the bytes served by both from the database.
import type { Client } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { dropPostgresSchema } from '../../src/store/dialect.js';
import { sdkClient } from '../helpers/listening.js';
import { testDatabaseUrl, testSchemaName } from '../helpers/store.js';

const MIB = 1024 * 1024;
const url = testDatabaseUrl();
const schema = testSchemaName();
let a: RunningServer;
let b: RunningServer;
let na: Client;
let nb: Client;

const start = () =>
  startServer(
    defaultConfig({ host: '127.0.0.1', port: 0, logLevel: 'silent', databaseUrl: url, databaseSchema: schema, poolSize: 4, maxFileUploadBytes: 64 * MIB }),
  );

beforeAll(async () => {
  a = await start();
  b = await start();
  na = sdkClient(a);
  nb = sdkClient(b);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await dropPostgresSchema(url, schema);
});

describe('file uploads across instances', () => {
  it('takes parts through both, completes through the other, and serves the bytes from both', async () => {
    const parts = [Buffer.alloc(5 * MIB, 1), Buffer.alloc(5 * MIB, 2), Buffer.from('last part')];
    const upload = await na.fileUploads.create({ mode: 'multi_part', filename: 'shared.pdf', number_of_parts: 3 });
    // Two parts at once, through different instances.
    await Promise.all([
      na.fileUploads.send({ file_upload_id: upload.id, part_number: '2', file: { data: new Blob([parts[1]!]) } }),
      nb.fileUploads.send({ file_upload_id: upload.id, part_number: '1', file: { data: new Blob([parts[0]!]) } }),
    ]);
    await na.fileUploads.send({ file_upload_id: upload.id, part_number: '3', file: { data: new Blob([parts[2]!]) } });
    const done = await nb.fileUploads.complete({ file_upload_id: upload.id });
    expect(done).toMatchObject({ status: 'uploaded', number_of_parts: { total: 3, sent: 3 }, content_length: 10 * MIB + 9 });
    const { results } = await na.blocks.children.append({ block_id: a.info.rootPageId, children: [{ pdf: { file_upload: { id: upload.id } } }] });
    for (const notion of [na, nb]) {
      const block = (await notion.blocks.retrieve({ block_id: results[0]!.id })) as { pdf: { file: { url: string } } };
      const res = await fetch(block.pdf.file.url);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.concat(parts))).toBe(true);
    }
    // A URL one instance signed is served by the other: the key is in the database.
    const block = (await na.blocks.retrieve({ block_id: results[0]!.id })) as { pdf: { file: { url: string } } };
    const other = new URL(block.pdf.file.url);
    other.port = new URL(b.baseUrl).port;
    const res = await fetch(other, { headers: { range: 'bytes=0-3' } });
    expect(res.status).toBe(206);
    expect([...Buffer.from(await res.arrayBuffer())]).toEqual([1, 1, 1, 1]);
  });
});
