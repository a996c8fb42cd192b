import { randomBytes, randomFillSync } from 'node:crypto';

/** Id source; one per context so that deterministic runs can replace it. */
export interface IdGenerator {
  uuid(): string;
  token(): string;
}

/**
 * 16 bytes as a dashed UUIDv4 string: the version nibble set to 4 and the variant bits to RFC 4122's
 * (the id format https://developers.notion.com/reference/page documents); the other bits are kept.
 */
export function uuidV4Of(bytes: Uint8Array): string {
  bytes[6] = 0x40 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const h = Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Ids in the UUIDv4 format the page object documents (version 4, RFC 4122 variant), laid out
 * time first: 48 bits of milliseconds, a 12-bit counter, then 62 random bits. Notion's own recent
 * ids are time-ordered too; new rows then land at the end of every id index instead of on a
 * random page of it, which keeps writes small.
 */
export function timeOrderedIds(now: () => number = Date.now): IdGenerator {
  let lastMs = -1;
  let counter = 0;
  const bytes = new Uint8Array(16);
  // Random bytes are drawn from the system a pool at a time: one call per 512 ids, not one each.
  const pool = new Uint8Array(4096);
  let used = pool.length;
  return {
    uuid() {
      let ms = now();
      if (ms <= lastMs) {
        ms = lastMs;
        counter += 1;
        // 12 counter bits per millisecond; past that, borrow the next millisecond.
        if (counter > 0xfff) {
          ms = lastMs + 1;
          counter = 0;
        }
      } else {
        counter = 0;
      }
      lastMs = ms;
      if (used === pool.length) {
        randomFillSync(pool);
        used = 0;
      }
      bytes.set(pool.subarray(used, used + 8), 8);
      used += 8;
      bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
      bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
      bytes[2] = (ms >>> 24) & 0xff;
      bytes[3] = (ms >>> 16) & 0xff;
      bytes[4] = (ms >>> 8) & 0xff;
      bytes[5] = ms & 0xff;
      bytes[6] = counter >>> 8;
      bytes[7] = counter & 0xff;
      return uuidV4Of(bytes);
    },
    // Internal integration tokens start with ntn_; the rest is opaque.
    // https://developers.notion.com/docs/authorization
    token: () => `ntn_${randomBytes(24).toString('base64url')}`,
  };
}

export const randomIds: IdGenerator = timeOrderedIds();
