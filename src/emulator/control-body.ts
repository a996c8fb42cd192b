// Control API bodies, read as streams with limits: JSON bodies and fixtures whole up to a size,
// imports line by line, so that no body is ever one string larger than its limit and no request
// can exhaust memory or the stack (docs/decisions.md, "Control API security").
import type { Readable } from 'node:stream';
import { ControlError } from './emulator.js';

const MB = 1024 * 1024;

/** Largest JSON body of the control routes that take one. */
export const CONTROL_JSON_LIMIT = 1 * MB;
/** Largest fixture `POST /seed` takes. */
export const SEED_LIMIT = 10 * MB;
/** Largest export `POST /import` takes (the CLI's `import` reads files of any size). */
export const IMPORT_LIMIT = 256 * MB;
/** Longest line of an import. */
export const IMPORT_LINE_LIMIT = 16 * MB;

export const tooLarge = (route: string, limit: number) => new ControlError(413, 'validation_error', `The body is too large: ${route} takes at most ${limit} bytes.`);

type Body = Readable | undefined;

/** The chunks of a body; leaving early does not destroy the socket, so the answer still goes out. */
function chunks(body: Body): AsyncIterable<Buffer | string> | Iterable<Buffer | string> {
  if (!body) return [];
  return typeof body.iterator === 'function' ? body.iterator({ destroyOnReturn: false }) : body;
}

/** The whole body as text, refused once it passes `limit` bytes. */
export async function readText(body: Body, limit: number, route: string): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks(body)) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limit) throw tooLarge(route, limit);
    parts.push(buffer);
  }
  return Buffer.concat(parts, size).toString('utf8');
}

/**
 * The lines of a body (without their newline), read as they arrive. A line is cut at a newline
 * byte, which never occurs inside a multi-byte UTF-8 character, so each line decodes on its own.
 */
export async function* bodyLines(body: Body, limits: { total: number; line: number; route: string }): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  let pendingSize = 0;
  let size = 0;
  let lineNo = 0;
  const tooLong = () => new ControlError(413, 'validation_error', `line ${lineNo + 1} is longer than ${limits.line} bytes, the most an import line may have.`);
  for await (const chunk of chunks(body)) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limits.total) throw tooLarge(limits.route, limits.total);
    let start = 0;
    for (let nl = buffer.indexOf(10, start); nl !== -1; nl = buffer.indexOf(10, start)) {
      const piece = buffer.subarray(start, nl);
      if (pendingSize + piece.length > limits.line) throw tooLong();
      const line = pendingSize === 0 ? piece.toString('utf8') : Buffer.concat([...pending, piece]).toString('utf8');
      pending = [];
      pendingSize = 0;
      lineNo += 1;
      start = nl + 1;
      yield line;
    }
    if (start < buffer.length) {
      pending.push(buffer.subarray(start));
      pendingSize += buffer.length - start;
      if (pendingSize > limits.line) throw tooLong();
    }
  }
  if (pendingSize > 0) yield Buffer.concat(pending).toString('utf8');
}
