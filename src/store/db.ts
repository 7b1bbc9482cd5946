/** Opens a youcheng store: an ordinary SQLite file in WAL mode, migrated to the current schema. */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { StoreError } from '../errors.ts';
import { MIGRATIONS } from './migrations.ts';

export type Store = Database.Database;

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

export function openStore(path: string, opts: { readonly?: boolean } = {}): Store {
  if (opts.readonly && !existsSync(path)) throw new StoreError(`${path}: no such database (run \`youcheng ingest\` first)`);
  let db: Store;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 64 MB of page cache (SQLite's default is 2 MB): research queries on a large store touch
    // index pages all over the file, and re-reading them through the OS costs more than the memory.
    db.pragma('cache_size = -65536');
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL loses no committed transaction when the process dies, only (rarely)
      // the last ones if the machine itself loses power; it spares an fsync per document.
      db.pragma('synchronous = NORMAL');
    }
  } catch (err) {
    throw new StoreError(`${path}: cannot open the database: ${(err as Error).message}`);
  }
  try {
    migrate(db, path, opts.readonly ?? false);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

function migrate(db: Store, path: string, readonly: boolean): void {
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (err) {
    throw new StoreError(`${path}: not a SQLite database (${(err as Error).message})`);
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreError(`${path}: schema version ${version} is newer than this youcheng knows (${SCHEMA_VERSION}); upgrade youcheng`);
  }
  if (version === SCHEMA_VERSION) return;
  if (readonly) throw new StoreError(`${path}: schema version ${version} is older than ${SCHEMA_VERSION}; open it once with a write command to migrate`);
  if (version === 0) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (tables.n > 0) throw new StoreError(`${path}: holds tables but is not a youcheng store; choose another --db`);
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
