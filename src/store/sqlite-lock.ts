// One process per SQLite store. The server remembers reads and tokens between writes, which holds
// only while it is the file's one writer, and two writers fail each other's writes with "database
// is locked". So a store is claimed with a lock beside it: `<file>.lock`, a small SQLite database
// whose write lock the owner holds while it runs, and in which it notes its process id. The
// operating system drops the lock with the process, so a crash or SIGKILL leaves nothing stale.
// (The store's own file is not locked exclusively, so that sqlite3 and backups can still read it.)
import SqliteDatabase from 'better-sqlite3';

/** The store is held by another process (or another server of this one). */
export class StoreInUseError extends Error {
  override readonly name = 'StoreInUseError';
  readonly code = 'STORE_IN_USE';
}

export interface StoreLock {
  release(): void;
}

const isBusy = (error: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown } | null)?.code ?? ''));

function inUse(file: string, lock: SqliteDatabase.Database): StoreInUseError {
  let holder = '';
  try {
    const row = lock.prepare('select pid from owner').get() as { pid?: number } | undefined;
    if (row?.pid) holder = ` (process ${row.pid})`;
  } catch {
    // The holder has not written its id yet: the message does without it.
  }
  return new StoreInUseError(`the SQLite file ${file} is in use by another localnotion process${holder}; stop that one first, or use another file`);
}

/**
 * Claim the store at `file`, or throw StoreInUseError. Where no lock can be made beside it (a
 * read-only folder), nothing can write the store either, and it is opened without one.
 */
export function lockSqliteFile(file: string): StoreLock {
  let lock: SqliteDatabase.Database;
  try {
    lock = new SqliteDatabase(`${file}.lock`);
  } catch {
    return { release: () => {} };
  }
  try {
    lock.pragma('busy_timeout = 0');
    lock.exec('begin immediate');
    // Noted and committed first, so that a second process can name the holder; then held.
    lock.exec('create table if not exists owner (pid integer not null)');
    lock.exec('delete from owner');
    lock.prepare('insert into owner (pid) values (?)').run(process.pid);
    lock.exec('commit');
    lock.exec('begin immediate');
  } catch (error) {
    const refusal = isBusy(error) ? inUse(file, lock) : undefined;
    lock.close();
    if (refusal) throw refusal;
    return { release: () => {} };
  }
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      lock.close();
    },
  };
}
