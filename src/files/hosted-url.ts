// Signed, expiring URLs for the bytes of attached uploads, served by this server outside /v1 as
// Notion serves its hosted files from expiring links (https://developers.notion.com/reference/file-object).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { getMeta } from '../store/meta.js';
import type { Db } from '../store/store.js';

export const FILES_PREFIX = '/files';
/** How long a hosted URL stays valid after the read that handed it out. */
export const URL_LIFETIME_MS = 60 * 60 * 1000;
const KEY_META = 'file_url_key';

/**
 * The signing key, created once per store and kept in it: URLs outlive a restart, every instance
 * over one database signs alike, and a snapshot or an export carries the key with the files. Read
 * each time rather than cached, since a restore may bring another.
 */
export async function signingKey(db: Db): Promise<Buffer> {
  const known = await getMeta(db, KEY_META);
  if (known) return Buffer.from(known, 'hex');
  await db
    .insertInto('meta')
    .values({ key: KEY_META, value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return Buffer.from((await getMeta(db, KEY_META))!, 'hex');
}

const signature = (key: Buffer, id: string, expires: number): string => createHmac('sha256', key).update(`${id}\n${expires}`).digest('base64url');

/** The path and query of a hosted file's URL, valid until `expires` (ms since the epoch). */
export function hostedPath(key: Buffer, id: string, filename: string | null, expires: number): string {
  return `${FILES_PREFIX}/${id}/${encodeURIComponent(filename ?? 'file')}?expires=${expires}&signature=${signature(key, id, expires)}`;
}

/** Whether a URL's signature is this server's for the id and expiry it names. */
export function validSignature(key: Buffer, id: string, expires: number, given: string): boolean {
  const expected = Buffer.from(signature(key, id, expires));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
