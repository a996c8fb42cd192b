// The upload run: the compiled server on a fresh SQLite file (bytes in the folder beside it),
// timing single-part 5 MB uploads and the serving of a file through its signed URL, and sampling
// the server's resident memory during a 100 MB multi-part upload (target: under 100 MB above
// idle). Its section of bench/RESULTS.md is rewritten.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { benchDbFile, benchDir, startBenchServer, type BenchServer } from './server.js';

const MB = 1_000_000;
const MIB = 1024 * 1024;
const VERSION = '2025-09-03';
export const UPLOAD_RSS_TARGET_MB = 100;
const START = '<!-- bench:uploads:start -->';
const END = '<!-- bench:uploads:end -->';

export interface UploadResult {
  uploads: number;
  uploadMBps: number;
  serves: number;
  serveMBps: number;
  idleRssMB: number;
  peakRssMB: number;
  multiPartSeconds: number;
}

/** Resident memory of a process, in MB, from /proc (Linux); 0 elsewhere. */
function rssMB(pid: number): number {
  try {
    const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return line ? Number(line[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

const headers = (server: BenchServer) => ({ authorization: `Bearer ${server.token}`, 'notion-version': VERSION });

// The fields of a response this run reads.
interface Answer {
  id: string;
  results: Array<{ id: string }>;
  pdf: { file: { url: string } };
}

async function api(server: BenchServer, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...headers(server), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Answer;
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function send(server: BenchServer, id: string, bytes: Buffer, part?: number): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'bench.pdf');
  if (part !== undefined) form.append('part_number', String(part));
  const res = await fetch(`${server.baseUrl}/v1/file_uploads/${id}/send`, { method: 'POST', headers: headers(server), body: form });
  if (res.status !== 200) throw new Error(`send: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
}

/** Run `count` tasks, `concurrency` at a time; answers the seconds taken. */
async function timed(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export async function runUploads(cli: string, token: string, uploads = 40, serves = 40): Promise<UploadResult> {
  const dir = benchDir();
  const server = await startBenchServer({ cli, token, dir, store: ['--db', benchDbFile(dir), '--max-file-upload-size', String(256 * MIB)] });
  try {
    const file = Buffer.alloc(5 * MB, 7);
    const ids: string[] = [];
    const uploadSeconds = await timed(uploads, 4, async () => {
      const { id } = await api(server, 'POST', '/v1/file_uploads', { filename: 'bench.pdf' });
      await send(server, id, file);
      ids.push(id);
    });
    const { results } = await api(server, 'PATCH', `/v1/blocks/${server.rootPageId}/children`, { children: [{ pdf: { file_upload: { id: ids[0] } } }] });
    const url = (await api(server, 'GET', `/v1/blocks/${results[0]!.id}`)).pdf.file.url;
    const serveSeconds = await timed(serves, 4, async () => {
      const res = await fetch(url);
      if ((await res.arrayBuffer()).byteLength !== file.length) throw new Error('served a different length');
    });

    // Memory: idle, then sampled every 10 ms while ten 10 MiB parts stream in, two at a time.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const idle = rssMB(server.pid);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMB(server.pid))), 10);
    const part = Buffer.alloc(10 * MIB, 3);
    const { id } = await api(server, 'POST', '/v1/file_uploads', { mode: 'multi_part', filename: 'big.pdf', number_of_parts: 10 });
    const multiPartSeconds = await timed(10, 2, (i) => send(server, id, part, i + 1));
    await api(server, 'POST', `/v1/file_uploads/${id}/complete`);
    clearInterval(sampler);
    peak = Math.max(peak, rssMB(server.pid));
    return {
      uploads,
      uploadMBps: (uploads * file.length) / MB / uploadSeconds,
      serves,
      serveMBps: (serves * file.length) / MB / serveSeconds,
      idleRssMB: idle,
      peakRssMB: peak,
      multiPartSeconds,
    };
  } finally {
    await server.stop();
  }
}

export function uploadSection(r: UploadResult, info: { command: string; date: string; node: string; cpu: string; cores: number }): string {
  const above = r.peakRssMB - r.idleRssMB;
  return [
    START,
    '## Latest upload run',
    '',
    `\`${info.command}\`, ${info.date}, Node ${info.node}, ${info.cpu} (${info.cores} cores); SQLite file, bytes in the folder beside it.`,
    '',
    '| Scenario | Figure |',
    '|---|---|',
    `| ${r.uploads} single-part uploads of 5 MB (create + send), 4 at a time | ${r.uploadMBps.toFixed(1)} MB/s |`,
    `| ${r.serves} reads of a 5 MB file through its signed URL, 4 at a time | ${r.serveMBps.toFixed(1)} MB/s |`,
    `| 100 MiB multi-part upload (10 parts of 10 MiB, 2 at a time) | ${r.multiPartSeconds.toFixed(1)} s |`,
    `| server RSS idle / peak during it | ${r.idleRssMB.toFixed(0)} MB / ${r.peakRssMB.toFixed(0)} MB (${above.toFixed(0)} MB above idle; target < ${UPLOAD_RSS_TARGET_MB} MB: ${above < UPLOAD_RSS_TARGET_MB ? 'met' : 'MISSED'}) |`,
    END,
  ].join('\n');
}

export function writeUploadResults(file: string, section: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next = start >= 0 && end > start ? text.slice(0, start) + section + text.slice(end + END.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
