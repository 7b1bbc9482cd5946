/**
 * The registry kept as facts change equals the registry derived again from every fact: after a
 * random sequence of ingests (a batch of files, mirrors among them), decisions, undos, manual pair
 * facts and conflict resolutions, `rebuildRelationships` changes nothing (registry and the facts
 * filed under each relationship alike).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { addManualFact } from '../../src/store/manual.ts';
import { rebuildRelationships, resolveConflict } from '../../src/store/relationships.ts';
import { decide, undo } from '../../src/store/review.ts';

const CN = ['成都', '青岛', '杭州'];
const FOREIGN: Array<[string, string]> = [
  ['法国', '蒙彼利埃'],
  ['日本', '大阪'],
  ['德国', '汉堡'],
];
const RELATIONS = ['缔结友好城市关系', '建立友好交流城市关系', '签署建立友好城市关系意向书'];

/** An article: one pair, a relation, a founding year (few, so dates conflict), a serial so texts differ. */
const Article = fc.record({
  cn: fc.nat(CN.length - 1),
  foreign: fc.nat(FOREIGN.length - 1),
  relation: fc.nat(RELATIONS.length - 1),
  year: fc.constantFrom(1981, 1985, 1999),
  serial: fc.nat(3),
});
type Article = typeof Article extends fc.Arbitrary<infer T> ? T : never;

function text(a: Article): string {
  const [country, city] = FOREIGN[a.foreign]!;
  return `${CN[a.cn]}市与${country}${city}市于${a.year}年${RELATIONS[a.relation]}。双方在经贸、教育领域开展合作第${a.serial}期。`;
}

const Op = fc.oneof(
  // A batch of files; `mirror` copies the first to a second path (one more source of that document).
  fc.record({ op: fc.constant('ingest' as const), articles: fc.array(Article, { minLength: 1, maxLength: 4 }), mirror: fc.boolean() }),
  fc.record({ op: fc.constant('decide' as const), pick: fc.nat(), action: fc.constantFrom('approve' as const, 'reject' as const) }),
  fc.record({ op: fc.constant('undo' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), pick: fc.nat(), cn: fc.nat(CN.length - 1), foreign: fc.nat(FOREIGN.length - 1), since: fc.constantFrom(null, '1981', '1990-05') }),
  fc.record({ op: fc.constant('resolve' as const), pick: fc.nat(), since: fc.constantFrom(null, '1981', '1985') }),
);
type Op = typeof Op extends fc.Arbitrary<infer T> ? T : never;

function snapshot(db: Store) {
  return {
    registry: db.prepare('SELECT * FROM registry ORDER BY id').all(),
    filed: db.prepare('SELECT relationship_id, fact_id FROM registry_facts ORDER BY relationship_id, fact_id').all(),
  };
}

const pick = <T>(xs: T[], n: number): T | undefined => xs[n % Math.max(1, xs.length)];

async function apply(db: Store, dir: string, op: Op, step: number): Promise<void> {
  const pairFacts = () => db.prepare("SELECT id, version FROM facts WHERE type = 'city_pair' ORDER BY rowid").all() as Array<{ id: string; version: number }>;
  if (op.op === 'ingest') {
    const folder = join(dir, `step-${step}`);
    mkdirSync(folder);
    for (const [i, a] of op.articles.entries()) writeFileSync(join(folder, `${i}.txt`), text(a));
    if (op.mirror) writeFileSync(join(folder, 'mirror.txt'), text(op.articles[0]!));
    await ingestPaths(db, [folder]);
  } else if (op.op === 'decide') {
    const f = pick(pairFacts(), op.pick);
    if (f) decide(db, { factId: f.id, action: op.action, reviewer: 'ana', version: f.version });
  } else if (op.op === 'undo') {
    const f = pick(pairFacts(), op.pick);
    if (f) undo(db, { factId: f.id, reviewer: 'ana', version: f.version });
  } else if (op.op === 'add') {
    const doc = pick(db.prepare('SELECT id, original FROM documents ORDER BY rowid').all() as Array<{ id: string; original: string }>, op.pick);
    if (!doc) return;
    const [country, city] = FOREIGN[op.foreign]!;
    try {
      addManualFact(db, {
        documentId: doc.id,
        type: 'city_pair',
        span: { start: 0, end: 4 },
        fields: { a: { name: CN[op.cn], country: '中国' }, b: { name: city, country }, relation: 'sister', since: op.since },
        reviewer: 'ana',
      });
    } catch {
      // The same fact again with that span: refused, nothing stored.
    }
  } else {
    const r = pick(db.prepare('SELECT id FROM registry ORDER BY id').all() as Array<{ id: string }>, op.pick);
    if (r) resolveConflict(db, { id: r.id, since: op.since, reviewer: 'ana' });
  }
}

describe('the registry kept incrementally', () => {
  it('equals a full re-derivation after any sequence of ingests, decisions, undos, manual facts and resolutions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(Op, { minLength: 1, maxLength: 10 }), async (ops) => {
        const dir = mkdtempSync(join(tmpdir(), 'youcheng-registry-property-'));
        const db = openStore(join(dir, 'p.db'));
        try {
          for (const [i, op] of ops.entries()) await apply(db, dir, op, i);
          const kept = snapshot(db);
          rebuildRelationships(db);
          expect(snapshot(db)).toEqual(kept);
        } finally {
          db.close();
        }
      }),
      { numRuns: 25 },
    );
  }, 600_000);
});
