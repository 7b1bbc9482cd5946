import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/extract/document.ts';
import { normalize } from '../../src/extract/text/normalize.ts';
import { openStore, SCHEMA_VERSION } from '../../src/store/db.ts';
import { saveDocument } from '../../src/store/documents.ts';
import { queryFacts } from '../../src/store/facts.ts';
import { StoreError } from '../../src/errors.ts';

const sample = readFileSync(new URL('../../samples/001_a244d62fa48749ef.txt', import.meta.url), 'utf8');

function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'youcheng-store-')), 'test.db');
}

function save(db: ReturnType<typeof openStore>, extractorVersion: string, source = 'samples/001.txt') {
  const line = extractDocument(sample, { source });
  return saveDocument(db, { line, original: sample, normalized: normalize(sample).text, normalizerVersion: 'norm-1', extractorVersion, charset: 'utf-8' });
}

describe('store', () => {
  it('creates a migrated SQLite file in WAL mode with foreign keys on', () => {
    const db = openStore(tempDb());
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('stores a document once, its facts with evidence that cites the original', () => {
    const db = openStore(tempDb());
    expect(save(db, 'v1')).toBe('new');
    expect(save(db, 'v1', 'mirror/001.txt')).toBe('unchanged');
    const facts = queryFacts(db);
    expect(facts.length).toBeGreaterThan(20);
    for (const f of facts) for (const e of f.fact.evidence) expect(sample.slice(e.start, e.end)).toBe(e.quote);
    const sources = db.prepare('SELECT source FROM document_sources ORDER BY source').all();
    expect(sources).toEqual([{ source: 'mirror/001.txt' }, { source: 'samples/001.txt' }]);
    expect((db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(1);
    db.close();
  });

  it('re-extraction after an upgrade replaces pending facts and never touches reviewed ones', () => {
    const db = openStore(tempDb());
    save(db, 'v1');
    const first = queryFacts(db, { type: 'count' })[0]!;
    db.prepare("UPDATE facts SET status = 'rejected', version = version + 1, reviewed_by = 'ana' WHERE id = ?").run(first.id);
    db.prepare("INSERT INTO review_history (fact_id, action, reviewer, at) VALUES (?, 'reject', 'ana', '2025-01-01T00:00:00Z')").run(first.id);
    const before = queryFacts(db).length;
    expect(save(db, 'v2')).toBe('reextracted');
    const after = queryFacts(db);
    expect(after.length).toBe(before);
    expect(after.find((f) => f.id === first.id)).toMatchObject({ status: 'rejected', extractorVersion: 'v1' });
    expect(after.filter((f) => f.id !== first.id).every((f) => f.extractorVersion === 'v2')).toBe(true);
    db.close();
  });

  it('keeps the review history append-only', () => {
    const db = openStore(tempDb());
    save(db, 'v1');
    const first = queryFacts(db)[0]!;
    db.prepare("INSERT INTO review_history (fact_id, action, reviewer, at) VALUES (?, 'approve', 'ana', '2025-01-01T00:00:00Z')").run(first.id);
    expect(() => db.prepare("UPDATE review_history SET reviewer = 'bob'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM review_history').run()).toThrow(/append-only/);
    db.close();
  });

  it('refuses a file that is not a youcheng store, naming it', () => {
    const path = tempDb();
    const other = openStore(path);
    other.close();
    const raw = new Database(path.replace('test.db', 'other.db'));
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    expect(() => openStore(path.replace('test.db', 'other.db'))).toThrow(StoreError);
    expect(() => openStore(path.replace('test.db', 'missing.db'), { readonly: true })).toThrow(/no such database/);
  });
});
