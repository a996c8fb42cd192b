// Control API bodies, read as streams with limits: JSON bodies and fixtures whole up to a size,
// imports line by line, so that no body is ever one string larger than its limit and no request
// can exhaust memory or the stack (docs/decisions.md, "Control API security").
import type { Readable } from 'node:stream';
import { ControlError } from '../emulator.js';

const MB = 1024 * 1024;

/** Largest JSON body of the control routes that take one. */
export const CONTROL_JSON_LIMIT = 1 * MB;
/** Largest fixture `POST /seed` takes. */
export const SEED_LIMIT = 10 * MB;
/** Largest export `POST /import` takes (the CLI's `import` reads files of any size). */
export const IMPORT_LIMIT = 256 * MB;
/** Longest line of an import. */
export const IMPORT_LINE_LIMIT = 16 * MB;

export const tooLarge = (route: string, limit: number) =>
  new ControlError(413, 'validation_error', `The body is too large: ${route} takes at most ${limit} bytes.`);

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

/** Where a body's lines stand between chunks: the start of a line not yet ended, and its size. */
interface LineState {
  pending: Buffer[];
  pendingSize: number;
  lineNo: number;
}

/**
 * The lines a chunk ends, appended to `batch`; false when one is longer than `maxLine`. Kept out
 * of the generator, so that the loop is optimized like any plain function.
 */
function cutLines(buffer: Buffer, state: LineState, maxLine: number, batch: string[]): boolean {
  let start = 0;
  for (let nl = buffer.indexOf(10); nl !== -1; nl = buffer.indexOf(10, start)) {
    if (state.pendingSize + nl - start > maxLine) return false;
    if (state.pendingSize > 0) batch.push(Buffer.concat([...state.pending, buffer.subarray(start, nl)]).toString('utf8'));
    else batch.push(nl === start ? '' : buffer.toString('utf8', start, nl));
    state.pending = [];
    state.pendingSize = 0;
    state.lineNo += 1;
    start = nl + 1;
    // A run of blank lines is taken at once.
    while (start < buffer.length && buffer[start] === 10) {
      batch.push('');
      state.lineNo += 1;
      start += 1;
    }
  }
  if (start < buffer.length) {
    state.pending.push(buffer.subarray(start));
    state.pendingSize += buffer.length - start;
  }
  return state.pendingSize <= maxLine;
}

/**
 * The lines of a body (without their newline), read as they arrive, in one batch per chunk. A
 * line is cut at a newline byte, which never occurs inside a multi-byte UTF-8 character, so each
 * line decodes on its own.
 */
export async function* bodyLines(body: Body, limits: { total: number; line: number; route: string }): AsyncGenerator<string[]> {
  const state: LineState = { pending: [], pendingSize: 0, lineNo: 0 };
  let size = 0;
  for await (const chunk of chunks(body)) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limits.total) throw tooLarge(limits.route, limits.total);
    const batch: string[] = [];
    const fits = cutLines(buffer, state, limits.line, batch);
    // The lines before a long one are still imported, so errors in them come first.
    if (batch.length > 0) yield batch;
    if (!fits)
      throw new ControlError(413, 'validation_error', `line ${state.lineNo + 1} is longer than ${limits.line} bytes, the most an import line may have.`);
  }
  if (state.pendingSize > 0) yield [Buffer.concat(state.pending).toString('utf8')];
}
