// `external_url` uploads: the server fetches the file itself, in the background, and the upload
// moves from `pending` to `uploaded` or `failed` with a `file_import_result`
// (https://developers.notion.com/docs/importing-external-files). Every address the host name
// resolves to is checked as the connection is made, so a name cannot lead to a private address.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { AppContext } from '../context.js';
import type { FileUploadRow } from '../store/schema.js';
import { BlobTooLarge } from './blob-store.js';
import { blobsOf } from './blobs.js';
import { essenceOf, isSupportedType } from './file-types.js';
import { addressAllowed, checkImportUrl } from './import-policy.js';
import { workspaceFileLimit } from './limits.js';
import { recordUploadEvent } from './events.js';
import { putPart, updateUpload, uploadById } from './upload-store.js';

interface ImportError {
  type: 'validation_error' | 'download_error' | 'upload_error' | 'internal_system_error';
  code: string;
  message: string;
  status_code: number | null;
}

class ImportFailed extends Error {
  constructor(readonly detail: ImportError) {
    super(detail.message);
  }
}

const fail = (type: ImportError['type'], message: string, statusCode: number | null = null): ImportFailed =>
  new ImportFailed({ type, code: type === 'validation_error' ? 'validation_error' : type, message, status_code: statusCode });

// Notion writes `imported_time` with an offset, unlike its other timestamps (recorded).
const importedTime = (now: Date): string => now.toISOString().replace('Z', '+00:00');

// Imports still running, per store, so that a server closing (or a test) can wait for them.
const running = new WeakMap<object, Set<Promise<void>>>();

/** Wait until every import started on this store has finished. */
export async function importsSettled(ctx: Pick<AppContext, 'store'>): Promise<void> {
  const set = running.get(ctx.store);
  while (set && set.size > 0) await Promise.allSettled([...set]);
}

/** Start fetching an `external_url` upload's file; its outcome lands on the upload. */
export function startImport(ctx: AppContext, row: FileUploadRow): void {
  const set = running.get(ctx.store) ?? new Set<Promise<void>>();
  running.set(ctx.store, set);
  const job = runImport(ctx, row)
    .catch((error: unknown) => ctx.log.error({ err: error, upload: row.id }, 'a file import failed'))
    .finally(() => set.delete(job));
  set.add(job);
}

function guardedLookup(ctx: AppContext, host: string): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses.filter((a) => addressAllowed(ctx.config, host, a.address));
      if (allowed.length === 0) return callback(Object.assign(new Error('the URL is not publicly reachable'), { code: 'EPRIVATE' }), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

function fetchResponse(ctx: AppContext, url: URL): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', lookup: guardedLookup(ctx, host), signal: AbortSignal.timeout(ctx.config.importTimeoutMs) }, resolve);
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPRIVATE') reject(fail('validation_error', 'The URL is not publicly reachable.'));
      else if (error.name === 'AbortError' || error.name === 'TimeoutError') reject(fail('download_error', 'The download timed out.'));
      else reject(fail('download_error', 'The file could not be downloaded.'));
    });
    req.end();
  });
}

async function download(ctx: AppContext, row: FileUploadRow): Promise<{ key: string; size: number }> {
  const url = checkImportUrl(ctx.config, row.external_url!);
  const limit = await workspaceFileLimit(ctx, ctx.store.db, row.workspace_id);
  const response = await fetchResponse(ctx, url);
  try {
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) throw fail('download_error', `The server answered ${status}.`, status);
    const type = response.headers['content-type'];
    if (!type) throw fail('validation_error', 'The response has no Content-Type.');
    if (!isSupportedType(type) || (row.content_type !== null && essenceOf(type) !== row.content_type && row.content_type !== 'application/octet-stream')) {
      throw fail('validation_error', 'The file type is not supported.');
    }
    const length = Number(response.headers['content-length'] ?? NaN);
    if (length > limit) throw fail('validation_error', `The file is larger than the ${limit} bytes allowed.`);
    return await blobsOf(ctx).put(response, limit);
  } catch (error) {
    response.destroy();
    if (error instanceof BlobTooLarge) throw fail('validation_error', `The file is larger than the ${error.limit} bytes allowed.`);
    if (error instanceof ImportFailed) throw error;
    throw fail('download_error', 'The file could not be downloaded.');
  }
}

async function runImport(ctx: AppContext, row: FileUploadRow): Promise<void> {
  let outcome: { key: string; size: number } | ImportError;
  try {
    outcome = await download(ctx, row);
  } catch (error) {
    outcome =
      error instanceof ImportFailed
        ? error.detail
        : { type: 'internal_system_error', code: 'internal_system_error', message: 'The import failed.', status_code: null };
  }
  const stored = 'key' in outcome ? outcome : undefined;
  const kept = await ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const current = await uploadById(tx, row.id);
    // An upload that expired (or went) while its file was fetched keeps its state.
    if (!current || current.status !== 'pending') return false;
    if (stored) {
      await putPart(tx, { upload_id: row.id, part_number: 1, blob_key: stored.key, size: stored.size });
      const result = { type: 'success', success: {}, imported_time: importedTime(now) };
      const patch = { status: 'uploaded' as const, content_length: stored.size, import_result: JSON.stringify(result), last_edited_time: now.toISOString() };
      await updateUpload(tx, row.id, patch);
      await recordUploadEvent(tx, ctx, 'completed', { ...current, ...patch });
      return true;
    }
    const error = { ...(outcome as ImportError), parameter: 'external_url' };
    const result = { imported_time: importedTime(now), type: 'error', error };
    const patch = { status: 'failed' as const, expiry_time: null, import_result: JSON.stringify(result), last_edited_time: now.toISOString() };
    await updateUpload(tx, row.id, patch);
    await recordUploadEvent(tx, ctx, 'upload_failed', { ...current, ...patch });
    return false;
  });
  if (stored && !kept) await blobsOf(ctx).remove([stored.key]);
}
