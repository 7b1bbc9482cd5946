/** The registry: one relationship per pair of places, kept current as facts are stored, reviewed and re-extracted. */
import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gazetteer } from '../../src/extract/places/gazetteer.ts';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { selectRelationships, supportOf } from '../../src/query/relationships.ts';
import { type Fact, factKey, type RecordLine } from '../../src/records.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { saveDocument } from '../../src/store/documents.ts';
import { queryFacts } from '../../src/store/facts.ts';
import { queryRelationships, registryHistoryOf, relationshipById, resolveConflict } from '../../src/store/relationships.ts';
import { decide, undo } from '../../src/store/review.ts';
import { olderStore } from '../support/older-store.ts';
import { SAMPLE_FILES } from '../support/samples.ts';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'youcheng-registry-'));
}

/** Articles written to files, one per text, and stored. */
async function stored(texts: string[], published = '2024-05-01'): Promise<{ db: Store; dir: string; files: string[] }> {
  const dir = tempDir();
  const files = texts.map((t, i) => {
    const f = join(dir, `${i}.txt`);
    writeFileSync(f, t);
    return f;
  });
  const db = openStore(join(dir, 'r.db'));
  const summary = await ingestPaths(db, files, { published });
  expect(summary.failed).toBe(0);
  return { db, dir, files };
}

const one = (db: Store, place: string, partner: string) => {
  const found = selectRelationships(db, { place, all: true }).filter((r) => r.b.name === partner);
  expect(found).toHaveLength(1);
  return found[0]!;
};

const pairsOf = (db: Store, a: string, b: string) => queryFacts(db, { type: 'city_pair' }).filter((f) => f.fact.type === 'city_pair' && f.fact.a.name === a && f.fact.b.name === b);

describe('relationships', () => {
  it('from the samples: 成都–蒙彼利埃 is one sister relationship since 1981, reported by two documents, each fact cited', async () => {
    const db = openStore(join(tempDir(), 'r.db'));
    await ingestPaths(db, SAMPLE_FILES);
    expect(pairsOf(db, '成都', '蒙彼利埃')).toHaveLength(2);
    const r = one(db, '蓉城', '蒙彼利埃');
    expect(r).toMatchObject({ relation: 'sister', since: '1981', documents: 2, facts: 2, conflict: false, review: 'pending' });
    expect(r.a).toMatchObject({ id: 'cn:5101', name: '成都', country: '中国', kind: 'city' });
    expect(r.b).toMatchObject({ name: '蒙彼利埃', country: '法国' });
    expect(r.b.lat).toBeCloseTo(43.61, 1);
    expect(r.stages).toEqual([expect.objectContaining({ stage: 'sister', since: '1981' })]);
    // Every supporting fact with its citation, which is exactly the original text's slice.
    const support = supportOf(db, [r]).get(r.id)!;
    expect(support).toHaveLength(2);
    const original = db.prepare('SELECT original FROM documents WHERE id = ?').pluck();
    for (const f of support) for (const c of f.citations) expect((original.get(f.document_id) as string).slice(c.start, c.end)).toBe(c.quote);
    // The SQL view agrees, and Datasette sees the same row.
    expect(db.prepare("SELECT relation, since, documents FROM relationships WHERE a_name = '成都' AND b_name = '蒙彼利埃'").all()).toEqual([{ relation: 'sister', since: '1981', documents: 2 }]);
    expect(db.prepare("SELECT count(*) FROM relationship_facts f JOIN relationships r ON r.id = f.relationship_id WHERE r.b_name = '蒙彼利埃'").pluck().get()).toBe(2);
    db.close();
  }, 120_000);

  it('keeps the stage history: an intent, then friendly exchange, then twinning, each with its date and source', async () => {
    const { db } = await stored([
      '2015年3月，绵阳市与法国图卢兹市签署缔结友好城市关系意向书。',
      '2018年6月，绵阳市与法国图卢兹市建立友好合作关系。',
      '绵阳市与法国图卢兹市于2021年正式缔结友好城市关系。',
    ]);
    const r = one(db, '绵阳', '图卢兹');
    expect(r.relation).toBe('sister');
    expect(r.since).toBe('2021');
    expect(r.stages.map((s) => [s.stage, s.since, s.documents.length])).toEqual([
      ['intent', null, 1],
      ['friendly', '2018-06', 1],
      ['sister', '2021', 1],
    ]);
    // Dates of different stages are history, not a conflict.
    expect(r.conflict).toBe(false);
    expect(r.documents).toBe(3);
    db.close();
  }, 120_000);

  it('marks a since conflict, lists both dates with their sources, and records a reviewer’s resolution', async () => {
    const { db } = await stored(['绵阳市与法国图卢兹市于2021年正式缔结友好城市关系。', '据介绍，绵阳市与法国图卢兹市于2022年缔结友好城市关系。']);
    let r = one(db, '绵阳', '图卢兹');
    expect(r.conflict).toBe(true);
    expect(r.since).toBe('2021');
    expect(r.sinces.map((s) => [s.since, s.documents.length])).toEqual([
      ['2021', 1],
      ['2022', 1],
    ]);
    expect(selectRelationships(db, { conflicts: true, all: true }).map((x) => x.id)).toEqual([r.id]);
    // Both approved and still disagreeing: disputed.
    for (const f of pairsOf(db, '绵阳', '图卢兹')) expect(decide(db, { factId: f.id, action: 'approve', reviewer: 'ana', version: f.version }).ok).toBe(true);
    expect(relationshipById(db, r.id)!.review).toBe('disputed');
    r = resolveConflict(db, { id: r.id, since: '2022', reviewer: 'ana', note: '市外办网站：2022年' })!;
    expect(r).toMatchObject({ since: '2022', conflict: true, review: 'approved', resolution: { since: '2022', reviewer: 'ana', note: '市外办网站：2022年' } });
    expect(registryHistoryOf(db, r.id)).toEqual([expect.objectContaining({ action: 'resolve', reviewer: 'ana', since: '2022', seen: ['2021', '2022'] })]);
    expect(() => db.prepare('DELETE FROM registry_history').run()).toThrow(/append-only/);
    db.close();
  }, 120_000);

  it('follows a re-extraction: the relationship takes the new facts, and one no fact states any more is gone', async () => {
    const { db } = await stored(['绵阳市与法国图卢兹市于2021年正式缔结友好城市关系。']);
    const fact = pairsOf(db, '绵阳', '图卢兹')[0]!;
    const doc = db.prepare('SELECT id, source, title, published, script, chars, original, normalized FROM documents').get() as RecordLine['doc'] & { original: string; normalized: string };
    const g = gazetteer();
    const save = (facts: Fact[]) => {
      const line: RecordLine = { doc: { id: doc.id, source: doc.source, title: doc.title, published: doc.published, script: doc.script, chars: doc.chars }, facts, warnings: [] };
      const places = new Map(facts.map((f) => [factKey(f), { a: g.resolveChinese('绵阳')!, b: g.resolveForeign(f.type === 'city_pair' ? f.b.name : '', 'FR')! }]));
      return saveDocument(db, { line, original: doc.original, normalized: doc.normalized, normalizerVersion: 'n', extractorVersion: `x${Math.random()}`, charset: null, places });
    };
    // A newer extractor reads the date more precisely: the same relationship, its since with it.
    expect(save([{ ...fact.fact, since: '2021-05' } as Fact])).toBe('reextracted');
    expect(one(db, '绵阳', '图卢兹')).toMatchObject({ since: '2021-05', facts: 1 });
    // It names another partner instead (a fixed misreading): the old relationship is gone, the new one there.
    const other = { ...fact.fact, b: { name: '里昂', country: '法国' } } as Fact;
    save([other]);
    expect(selectRelationships(db, { place: '绵阳', all: true }).map((r) => r.b.name)).toEqual(['里昂']);
    db.close();
  }, 120_000);

  it('follows review decisions: a rejected source leaves the count, the review state changes, undo restores it', async () => {
    const { db } = await stored(['2018年6月，绵阳市与法国图卢兹市建立友好合作关系。', '绵阳市与法国图卢兹市于2021年正式缔结友好城市关系。']);
    const facts = pairsOf(db, '绵阳', '图卢兹');
    const sister = facts.find((f) => f.fact.type === 'city_pair' && f.fact.relation === 'sister')!;
    const friendly = facts.find((f) => f.fact.type === 'city_pair' && f.fact.relation === 'friendly')!;
    expect(selectRelationships(db, { place: '绵阳' })).toEqual([]); // nothing approved yet
    decide(db, { factId: friendly.id, action: 'approve', reviewer: 'ana', version: friendly.version });
    expect(selectRelationships(db, { place: '绵阳' }).map((r) => r.review)).toEqual(['approved']);
    const rejected = decide(db, { factId: sister.id, action: 'reject', reviewer: 'ana', version: sister.version });
    expect(rejected.ok).toBe(true);
    let r = one(db, '绵阳', '图卢兹');
    expect(r).toMatchObject({ relation: 'friendly', since: '2018-06', documents: 1, review: 'mixed' });
    // An edit that corrects the friendly fact's date shows at once.
    const current = queryFacts(db, { ids: [friendly.id] })[0]!;
    const { evidence: _e, method: _m, confidence: _c, ...fields } = current.fact as Fact & Record<string, unknown>;
    expect(decide(db, { factId: friendly.id, action: 'edit', reviewer: 'ana', version: current.version, fields: { ...fields, since: '2018-07' } }).ok).toBe(true);
    expect(one(db, '绵阳', '图卢兹').since).toBe('2018-07');
    const again = queryFacts(db, { ids: [sister.id] })[0]!;
    expect(undo(db, { factId: sister.id, reviewer: 'ana', version: again.version }).ok).toBe(true);
    r = one(db, '绵阳', '图卢兹');
    expect(r).toMatchObject({ relation: 'sister', documents: 2, review: 'approved' });
    db.close();
  }, 120_000);

  it('are derived for the facts already stored when an older store is migrated', async () => {
    const current = join(tempDir(), 'current.db');
    const filled = openStore(current);
    await ingestPaths(filled, SAMPLE_FILES);
    const expected = queryRelationships(filled);
    filled.close();
    const path = join(tempDir(), 'old.db');
    olderStore(current, path, 7);
    expect(new Database(path).prepare("SELECT count(*) FROM sqlite_master WHERE name = 'registry'").pluck().get()).toBe(0);
    const db = openStore(path);
    expect(queryRelationships(db)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(5);
    db.close();
  }, 120_000);
});
