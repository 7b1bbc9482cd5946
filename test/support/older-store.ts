/**
 * A store at an older schema version holding what a current store holds: the way a user's store
 * looks before an upgrade. Current code writes only the current schema, so the rows are copied.
 */
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/migrations.ts';

const TABLES = ['documents', 'document_sources', 'places', 'facts', 'evidence', 'fact_places', 'review_history', 'runs'];

export function olderStore(fromPath: string, path: string, version: number): void {
  const old = new Database(path);
  old.pragma('foreign_keys = ON');
  for (const [i, sql] of MIGRATIONS.slice(0, version).entries()) {
    old.exec(sql);
    old.pragma(`user_version = ${i + 1}`);
  }
  old.prepare('ATTACH ? AS src').run(fromPath);
  const columns = (schema: string, table: string) => old.prepare(`SELECT name FROM ${schema}.pragma_table_info(?)`).pluck().all(table) as string[];
  old.transaction(() => {
    for (const table of TABLES) {
      const shared = columns('main', table).filter((c) => columns('src', table).includes(c));
      old.exec(`INSERT INTO main.${table} (${shared.join(', ')}) SELECT ${shared.join(', ')} FROM src.${table}`);
    }
  })();
  old.exec('DETACH src');
  old.close();
}
