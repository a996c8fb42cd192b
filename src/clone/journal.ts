// The state of a clone: every answer it read, appended line by line as it arrives, and the files
// it downloaded. A clone started again over the same state replays these answers instead of
// asking again, so an interrupted clone goes on where it stopped and ends with the same result
// (docs/decisions.md, "Clone").
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ANSWERS = 'answers.ndjson';
const FILES = 'files';
const SETTINGS = 'clone.json';

export interface DownloadedFile {
  /** The file's name under the state's files/ folder. */
  path: string;
  size: number;
  content_type: string | null;
}

export class Journal {
  private readonly answers = new Map<string, unknown>();
  /** Answers found on disk when the clone started. */
  readonly resumed: number;

  /** `dir` undefined: nothing kept (a clone that cannot resume). */
  constructor(private readonly dir: string | undefined) {
    if (dir) {
      mkdirSync(join(dir, FILES), { recursive: true });
      const file = join(dir, ANSWERS);
      if (existsSync(file)) {
        for (const line of readFileSync(file, 'utf8').split('\n')) {
          // A line cut short by a kill is the last one; it is asked again.
          try {
            const { k, v } = JSON.parse(line) as { k: string; v: unknown };
            this.answers.set(k, v);
          } catch {
            continue;
          }
        }
      }
    }
    this.resumed = this.answers.size;
  }

  /**
   * The settings of the clone this state belongs to: a state is resumed only by the same clone
   * (source, ids), never mixed with another's answers.
   */
  claim(settings: Record<string, unknown>): void {
    if (!this.dir) return;
    const file = join(this.dir, SETTINGS);
    const text = JSON.stringify(settings);
    if (existsSync(file)) {
      const before = readFileSync(file, 'utf8');
      if (before !== text) throw new Error(`the state folder ${this.dir} belongs to another clone (${before}); remove it or name another with --state`);
    } else writeFileSync(file, text);
  }

  answer(key: string): unknown {
    return this.answers.get(key);
  }

  record(key: string, value: unknown): void {
    this.answers.set(key, value);
    if (this.dir) appendFileSync(join(this.dir, ANSWERS), `${JSON.stringify({ k: key, v: value })}\n`);
  }

  /** Keep a downloaded file's bytes; its record is written after the bytes, so a kill between leaves no record of missing bytes. */
  keepFile(key: string, bytes: Buffer, contentType: string | null, memory: Map<string, Buffer>): DownloadedFile {
    const path = `${this.answers.size.toString(36)}-${bytes.length}`;
    if (this.dir) writeFileSync(join(this.dir, FILES, path), bytes);
    else memory.set(path, bytes);
    const file: DownloadedFile = { path, size: bytes.length, content_type: contentType };
    this.record(key, file);
    return file;
  }

  /** The bytes of a kept file. */
  readFile(file: DownloadedFile, memory: Map<string, Buffer>): Buffer {
    return this.dir ? readFileSync(join(this.dir, FILES, file.path)) : memory.get(file.path)!;
  }
}
