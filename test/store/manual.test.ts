/** Facts a reviewer adds from a span of the article, and spans added as evidence to stored facts. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RecordError } from '../../src/errors.ts';
import { csvRow, factRecord } from '../../src/query/export.ts';
import { selectFacts } from '../../src/query/select.ts';
import { SCHEMA_VERSION, openStore } from '../../src/store/db.ts';
import { queryFacts } from '../../src/store/facts.ts';
import { addEvidence, addManualFact, proposeForSpan } from '../../src/store/manual.ts';
import { olderStore } from '../support/older-store.ts';
import { historyOf } from '../../src/store/review.ts';
import { ARTICLE, ARTICLE_ID, articleStore, spanOf, store, tempDbPath } from '../support/review-store.ts';

const ANJI = { a: { name: '安吉', country: '中国' }, b: { name: '轻井泽', country: '日本' }, relation: 'unspecified', since: null };
const HUZHOU = { a: { name: '湖州', country: '中国' }, b: { name: '轻井泽', country: '日本' }, relation: 'sister', since: '1998' };

/** Everything a refused addition must leave as it was. */
function snapshot(db: Database.Database) {
  return db.prepare('SELECT (SELECT count(*) FROM facts) AS facts, (SELECT count(*) FROM evidence) AS evidence, (SELECT count(*) FROM review_history) AS history').get();
}

describe('manual facts', () => {
  it('stores a fact the rules missed: method manual, approved, the span as evidence, the decision in the history', () => {
    const { db } = articleStore();
    const span = spanOf('安吉县同轻井泽町的交往');
    expect(queryFacts(db, { type: 'city_pair' }).map((f) => f.fact.type === 'city_pair' && f.fact.a.name)).toEqual(['湖州']);

    const r = addManualFact(db, { documentId: ARTICLE_ID, type: 'city_pair', span, fields: ANJI, reviewer: 'li' });
    expect(r.added).toBe('fact');
    expect(r.fact.status).toBe('approved');
    expect(r.fact.fact).toMatchObject({ ...ANJI, method: 'manual', confidence: 1, evidence: [{ ...span, quote: '安吉县同轻井泽町的交往' }] });
    for (const e of r.fact.fact.evidence) expect(ARTICLE.slice(e.start, e.end)).toBe(e.quote);
    expect(db.prepare('SELECT method FROM evidence WHERE fact_id = ?').pluck().all(r.fact.id)).toEqual(['manual']);

    const history = historyOf(db, r.fact.id);
    expect(history.map((h) => [h.action, h.reviewer, h.before?.status ?? null, h.after?.status])).toEqual([
      ['add', 'li', null, 'pending'],
      ['approve', 'li', 'pending', 'approved'],
    ]);
    expect(Date.parse(history[1]!.at)).not.toBeNaN();

    // Like any other fact: in `facts` and `export` (approved by default), by method, by place.
    const manual = selectFacts(db, { method: 'manual' }).facts;
    expect(manual.map((f) => f.id)).toEqual([r.fact.id]);
    expect(factRecord(manual[0]!)).toMatchObject({ id: r.fact.id, method: 'manual', status: 'approved', citations: [{ quote: '安吉县同轻井泽町的交往', start: span.start }] });
    expect(csvRow(manual[0]!)).toContain(',manual,');
    expect(selectFacts(db, { place: '安吉' }).facts.map((f) => f.id)).toContain(r.fact.id);
    db.close();
  });

  it('refuses a span that does not match the article, with the reason, and stores nothing', () => {
    const { db } = articleStore();
    const before = snapshot(db);
    const add =
      (span: { start: number; end: number; quote?: string }, fields: Record<string, unknown> = ANJI) =>
      () =>
        addManualFact(db, { documentId: ARTICLE_ID, type: 'city_pair', span, fields, reviewer: 'li' });
    const good = spanOf('安吉县同轻井泽町的交往');
    expect(add({ start: 10, end: ARTICLE.length + 5 })).toThrow(new RecordError(`document ${ARTICLE_ID}: span 10-${ARTICLE.length + 5} is outside the text (0-${ARTICLE.length})`));
    expect(add({ start: -1, end: 4 })).toThrow(/is outside the text/);
    expect(add({ start: 20, end: 20 })).toThrow(/span 20-20 is empty/);
    expect(add({ start: 30, end: 20 })).toThrow(/span 30-20 is empty/);
    expect(add({ start: 1.5, end: 20 })).toThrow(/start: must be a whole number/);
    expect(add({ ...good, quote: '湖州市与日本长野县' })).toThrow(/reads 「安吉县同轻井泽町的交往」, not the quote given 「湖州市与日本长野县」/);
    const newline = ARTICLE.indexOf('\n');
    expect(add({ start: newline, end: newline + 1 })).toThrow(/holds only whitespace/);
    expect(add(good, { ...ANJI, relation: 'twinned' })).toThrow(/breaks the record contract: relation: /);
    expect(add(good, { a: ANJI.a })).toThrow(/b: .*relation: /);
    expect(() => addManualFact(db, { documentId: 'ffffffffffffffff', type: 'date', span: good, fields: {}, reviewer: null })).toThrow('no document ffffffffffffffff');
    expect(snapshot(db)).toEqual(before);

    // A character outside the BMP is two code units: a span may not split it.
    const id = store(db, '成都与𠮷野町缔结友好城市。', 'astral.txt');
    const cut = () => addManualFact(db, { documentId: id, type: 'city_pair', span: { start: 3, end: 4 }, fields: ANJI, reviewer: 'li' });
    expect(cut).toThrow(/cuts a character in two/);
    db.close();
  });

  it('adds the span as evidence when the document has the fact already, and by fact id', () => {
    const { db } = articleStore();
    const pair = queryFacts(db, { type: 'city_pair' })[0]!;
    expect(pair.fact.evidence.map((e) => e.quote)).toEqual(['湖州市与日本长野县轻井泽町']);
    const title = spanOf('湖州与轻井泽结好');
    // The same pair (the places make a pair one record), whatever else the form said.
    const r = addManualFact(db, { documentId: ARTICLE_ID, type: 'city_pair', span: title, fields: { ...HUZHOU, relation: 'unspecified' }, reviewer: 'li' });
    expect(r.added).toBe('evidence');
    expect(r.fact.id).toBe(pair.id);
    expect(r.fact.status).toBe('pending');
    expect(r.fact.version).toBe(pair.version + 1);
    expect(r.fact.fact.evidence.map((e) => e.quote)).toEqual(['湖州与轻井泽结好', '湖州市与日本长野县轻井泽町']);
    for (const e of r.fact.fact.evidence) expect(ARTICLE.slice(e.start, e.end)).toBe(e.quote);
    expect(r.fact.fact).toMatchObject({ relation: 'sister', method: 'rules' });

    // A span that names only one side is refused unless forced (the history keeps why).
    const more = spanOf('湖州已与全球12个国家的20个城市建立友好关系');
    expect(() => addEvidence(db, { factId: pair.id, span: more, reviewer: 'wang' })).toThrow(/does not name 轻井泽/);
    const cited = addEvidence(db, { factId: pair.id, span: more, reviewer: 'wang', force: true });
    expect(cited.fact.evidence).toHaveLength(3);
    expect((historyOf(db, pair.id).at(-1)!.after as { forced?: string }).forced).toMatch(/does not name 轻井泽/);
    expect(() => addEvidence(db, { factId: pair.id, span: more, reviewer: 'wang', force: true })).toThrow(`span ${more.start}-${more.end} is already evidence of fact ${pair.id}`);
    expect(() => addEvidence(db, { factId: pair.id, span: { start: 0, end: 9999 }, reviewer: 'wang' })).toThrow(/outside the text/);
    const history = historyOf(db, pair.id);
    expect(history.map((h) => [h.action, h.reviewer])).toEqual([
      ['add-evidence', 'li'],
      ['add-evidence', 'wang'],
    ]);
    expect(history[1]?.after).toMatchObject({ status: 'pending', evidence: { ...more, quote: '湖州已与全球12个国家的20个城市建立友好关系' } });
    db.close();
  });

  it("prefills from the rules run on the selection, in the whole document's offsets", () => {
    const { db } = articleStore();
    const selection = spanOf('湖州市与日本长野县轻井泽町缔结友好城市');
    const pair = proposeForSpan(db, ARTICLE_ID, selection, 'city_pair')[0]!;
    expect(pair).toMatchObject({ type: 'city_pair', a: { name: '湖州' }, b: { name: '轻井泽', country: '日本' }, relation: 'sister' });
    expect(pair.evidence[0]?.start).toBe(selection.start);
    for (const e of pair.evidence) expect(ARTICLE.slice(e.start, e.end)).toBe(e.quote);
    // The sentence around a count names its holder.
    const count = proposeForSpan(db, ARTICLE_ID, spanOf('20个城市'), 'count')[0]!;
    expect(count).toMatchObject({ value: 20, of: '城市', holder: '湖州' });
    expect(proposeForSpan(db, ARTICLE_ID, spanOf('两地学生每年互访'), 'count')).toEqual([]);
    expect(() => proposeForSpan(db, ARTICLE_ID, { start: 5, end: 2 }, 'count')).toThrow(/is empty/);
    db.close();
  });

  it('migrates a store of schema 7: its facts kept, method manual admitted, anything else still refused', () => {
    // Today's code writes today's schema: the article is stored in a current store, then copied into one of schema 7.
    const current = articleStore();
    current.db.close();
    const path = tempDbPath();
    olderStore(current.path, path, 7);
    const id = ARTICLE_ID;
    const old = new Database(path, { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(7);
    const facts = old.prepare('SELECT count(*) FROM facts').pluck().get();
    expect(facts).toBeGreaterThan(0);
    old.close();

    const db = openStore(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM facts').pluck().get()).toBe(facts);
    const r = addManualFact(db, { documentId: id, type: 'city_pair', span: spanOf('安吉县同轻井泽町的交往'), fields: ANJI, reviewer: 'li' });
    expect(r.fact.fact.method).toBe('manual');
    expect(() => db.prepare("UPDATE facts SET method = 'guess' WHERE id = ?").run(r.fact.id)).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare("UPDATE evidence SET method = 'guess' WHERE fact_id = ?").run(r.fact.id)).toThrow(/CHECK constraint failed/);
    // The connection that migrated is back in defensive mode.
    expect(() => db.exec("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = sql WHERE name = 'facts'")).toThrow(/may not be modified/);
    db.close();
    const again = openStore(path);
    expect(queryFacts(again, { method: 'manual' })).toHaveLength(1);
    again.close();
  });
});
