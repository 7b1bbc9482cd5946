/** A record of each ingest run: when, with which extractor, and what came of it. */
import { stmt, write, type Store } from './db.ts';

export function startRun(db: Store, command: string, extractorVersion: string): number {
  const r = write(db, () => stmt(db, 'INSERT INTO runs (command, started_at, extractor_version) VALUES (?, ?, ?)').run(command, new Date().toISOString(), extractorVersion));
  return Number(r.lastInsertRowid);
}

export function finishRun(db: Store, id: number, summary: unknown): void {
  write(db, () => stmt(db, 'UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?').run(new Date().toISOString(), JSON.stringify(summary), id));
}
