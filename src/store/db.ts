/**
 * Opens a youcheng store: an ordinary SQLite file in WAL mode, migrated to the current schema.
 *
 * Several processes may use one store at once (two ingests, the review server, approve/reject):
 * readers never wait, and every write goes through `write`, which takes the write lock up front
 * (BEGIN IMMEDIATE), waits up to BUSY_TIMEOUT_MS for it, and retries a few times when SQLite
 * answers busy without waiting. A lock still held after that, or a store this process may not
 * write, becomes a StoreError that says so, never an internal error.
 */
import Database from 'better-sqlite3';
import { existsSync, fstatSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StoreBusyError, StoreError, StoreFullError, StoreReplacedError } from '../errors.ts';
import { BACKFILL } from './backfill.ts';
import { MIGRATIONS } from './migrations.ts';
import { storePath } from './path.ts';

export type Store = Database.Database;

// A read-only store in a read-only folder can only be read as an `immutable` URI (see openReadOnly);
// better-sqlite3 takes URIs when this is set before its first connection.
process.env.SQLITE_USE_URI ??= '1';

/** How long a write waits for another process's write lock before SQLite answers busy. */
export const BUSY_TIMEOUT_MS = 10_000;
/** Tries of a write transaction that SQLite answered busy (after waiting, or at once). */
const WRITE_ATTEMPTS = 3;

const statements = new WeakMap<Store, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per connection: ingest runs the same few per document. */
export function stmt(db: Store, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) cache.set(sql, (st = db.prepare(sql)));
  return st;
}

export const SCHEMA_VERSION = MIGRATIONS.length;

export interface OpenOptions {
  readonly?: boolean;
  /** How long a write waits for another process's lock; BUSY_TIMEOUT_MS when not said. */
  busyTimeoutMs?: number;
  /** Where `$YOUCHENG_DB` is read when no path is given; process.env when not said. */
  env?: NodeJS.ProcessEnv;
}

/** A file as the system knows it, whatever path or link names it. */
interface FileIdentity {
  dev: number;
  ino: number;
}

/** The file `path` (or the open file descriptor) names now; null when none. */
function identityOf(file: string | number): FileIdentity | null {
  try {
    const s = typeof file === 'number' ? fstatSync(file) : statSync(file);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return null;
  }
}

/**
 * How each connection was opened: the path (an immutable store's URI names it otherwise), the
 * wait, and (writable, on disk) the file it opened, which every write checks the path still names.
 */
const opened = new WeakMap<Store, { path: string; busyTimeoutMs: number; file: FileIdentity | null }>();

/**
 * Which of the store's files (the database, its -wal and -shm) `out` is, by any path or link to
 * it; null when none. What the tool writes, a file or its standard output, must never be one.
 */
export function storeFileAt(out: string | number, store: string): string | null {
  const target = identityOf(out);
  for (const f of [store, `${store}-wal`, `${store}-shm`]) {
    const file = identityOf(f);
    if (target && file ? target.dev === file.dev && target.ino === file.ino : typeof out === 'string' && resolve(out) === resolve(f)) return f;
  }
  return null;
}

/** Refuses a write to a store whose path names another file now (deleted, or replaced by a new store). */
function checkStillTheStore(db: Store): void {
  const how = opened.get(db);
  if (!how?.file) return;
  const now = identityOf(how.path);
  if (now && now.dev === how.file.dev && now.ino === how.file.ino) return;
  throw new StoreReplacedError(
    `${how.path}: the store was ${now ? 'replaced by another file' : 'deleted'} after this process opened it; nothing more is written to it (run the command again to use the store now at that path)`,
  );
}

function sqliteCode(err: unknown): string {
  return err instanceof Database.SqliteError ? err.code : '';
}

/** A lock or a read-only store as the error a user can act on; any other error as it is. */
export function storeFailure(err: unknown, path: string, busyTimeoutMs = BUSY_TIMEOUT_MS): unknown {
  const code = sqliteCode(err);
  if (code.startsWith('SQLITE_BUSY')) {
    return new StoreBusyError(
      `${path}: the store is busy: another process (an ingest, the review server, approve or reject) held its write lock ` +
        `through ${WRITE_ATTEMPTS} waits of ${busyTimeoutMs} ms; nothing of this step was written, try it again when that process is done`,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) return new StoreError(`${path}: the store is read-only: writing needs write access to the file and to its folder`);
  if (code === 'SQLITE_FULL')
    return new StoreFullError(`${path}: the disk is full (or the store at its size limit): this step was not written, what is stored stays; free space and run the command again`);
  return err;
}

/** Synchronous, like every store call: better-sqlite3 blocks the thread while SQLite waits anyway. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `fn` as one write transaction, begun IMMEDIATE: a deferred one that reads first cannot
 * upgrade to a write lock another process took meanwhile (SQLite answers busy without waiting).
 * Retried a bounded number of times on busy; nested calls join the outer transaction.
 */
export function write<T>(db: Store, fn: () => T): T {
  if (db.inTransaction) {
    // A savepoint inside the caller's transaction: its errors read as the outer ones do (a full disk).
    try {
      return db.transaction(fn)();
    } catch (err) {
      throw storeFailure(err, opened.get(db)?.path ?? db.name);
    }
  }
  checkStillTheStore(db);
  for (let attempt = 1; ; attempt++) {
    try {
      return db.transaction(fn).immediate();
    } catch (err) {
      if (!sqliteCode(err).startsWith('SQLITE_BUSY') || attempt === WRITE_ATTEMPTS) {
        const how = opened.get(db);
        throw storeFailure(err, how?.path ?? db.name, how?.busyTimeoutMs);
      }
      pause(50 + Math.random() * 200);
    }
  }
}

/** Opens the store at `path` (undefined: `$YOUCHENG_DB` of `opts.env`, default process.env, else ./youcheng.db). */
export function openStore(file?: string, opts: OpenOptions = {}): Store {
  const path = storePath(file, opts.env);
  if (opts.readonly && !existsSync(path)) throw new StoreError(`${path}: no such database (run \`youcheng ingest\` first)`);
  const busyTimeoutMs = opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
  const output = storeFileAt(1, path);
  if (output) throw new StoreError(`${path}: standard output is the store's file ${output}; nothing is written to it (send the output elsewhere)`);
  const db = opts.readonly ? openReadOnly(path, busyTimeoutMs) : openWritable(path, busyTimeoutMs);
  opened.set(db, { path, busyTimeoutMs, file: opts.readonly ? null : identityOf(path) });
  try {
    // 64 MB of page cache (SQLite's default is 2 MB): research queries on a large store touch
    // index pages all over the file, and re-reading them through the OS costs more than the memory.
    db.pragma('cache_size = -65536');
    migrate(db, path, opts.readonly ?? false);
  } catch (err) {
    db.close();
    throw storeFailure(err, path, busyTimeoutMs);
  }
  return db;
}

function connect(name: string, path: string, readonly: boolean, busyTimeoutMs: number): Store {
  try {
    const db = new Database(name, { readonly, fileMustExist: readonly, timeout: busyTimeoutMs });
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    throw new StoreError(`${path}: cannot open the database: ${(err as Error).message}`);
  }
}

function openWritable(path: string, busyTimeoutMs: number): Store {
  const db = connect(path, path, false, busyTimeoutMs);
  try {
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL loses no committed transaction when the process dies, only (rarely)
    // the last ones if the machine itself loses power; it spares an fsync per document.
    db.pragma('synchronous = NORMAL');
  } catch (err) {
    db.close();
    const failure = storeFailure(err, path, busyTimeoutMs);
    throw failure instanceof StoreError ? failure : new StoreError(`${path}: cannot open the database: ${(err as Error).message}`);
  }
  return db;
}

/**
 * Reading a WAL store needs its -shm file, which SQLite creates beside it. In a folder this
 * process cannot write, with no -shm there, SQLite refuses even to read; then no writer can be
 * at work either, and the file is read as immutable, unless a -wal file holds writes not yet
 * in the store (reading without them would show an older store without saying so).
 */
function openReadOnly(path: string, busyTimeoutMs: number): Store {
  const db = connect(path, path, true, busyTimeoutMs);
  try {
    db.pragma('user_version');
    return db;
  } catch (err) {
    db.close();
    if (sqliteCode(err) !== 'SQLITE_READONLY_DIRECTORY' && sqliteCode(err) !== 'SQLITE_CANTOPEN') throw storeFailure(err, path);
    const wal = `${path}-wal`;
    if (existsSync(wal) && statSync(wal).size > 0) {
      throw new StoreError(`${path}: its folder is read-only and ${wal} holds writes not yet in the store; open it once with a write command where the folder is writable`);
    }
    return connect(`${pathToFileURL(resolve(path)).href}?immutable=1`, path, true, busyTimeoutMs);
  }
}

function migrate(db: Store, path: string, readonly: boolean): void {
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (err) {
    const failure = storeFailure(err, path);
    if (failure !== err) throw failure;
    throw new StoreError(`${path}: not a SQLite database (${(err as Error).message})`);
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreError(`${path}: schema version ${version} is newer than this youcheng knows (${SCHEMA_VERSION}); upgrade youcheng`);
  }
  if (version === SCHEMA_VERSION) return;
  if (readonly) throw new StoreError(`${path}: schema version ${version} is older than ${SCHEMA_VERSION}; open it once with a write command to migrate`);
  // A migration may loosen a CHECK constraint in place (writable_schema), which better-sqlite3's
  // defensive mode forbids: it is off while the store's own migrations run, and only then.
  db.unsafeMode(true);
  try {
    // Under the write lock, read again: another process may have migrated (or created) it meanwhile.
    write(db, () => {
      const now = db.pragma('user_version', { simple: true }) as number;
      if (now === 0) {
        const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
        if (tables.n > 0) throw new StoreError(`${path}: holds tables but is not a youcheng store; choose another --db`);
      }
      for (let v = now; v < SCHEMA_VERSION; v++) {
        db.exec(MIGRATIONS[v]!); // v < SCHEMA_VERSION, the number of migrations
        BACKFILL[v + 1]?.(db);
        db.pragma(`user_version = ${v + 1}`);
      }
    });
  } finally {
    db.unsafeMode(false);
  }
}
