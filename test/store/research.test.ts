/** Statistics read from counters that triggers keep: they must always equal a recount. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { type Fact, STATUSES } from '../../src/records.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { queryFacts, type StoredFact } from '../../src/store/facts.ts';
import { approveAll, decide } from '../../src/store/review.ts';
import { stats } from '../../src/store/research.ts';
import { olderStore } from '../support/older-store.ts';

const samples = new URL('../../samples', import.meta.url).pathname;

function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'youcheng-stats-')), 'test.db');
}

/** The statistics computed from the facts themselves, the slow way. */
function recount(db: Store, statuses: string[]) {
  const chosen = JSON.stringify(statuses);
  const inChosen = 'status IN (SELECT value FROM json_each(?))';
  return {
    documents: (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n,
    factsByType: db.prepare('SELECT type, status, count(*) AS n FROM facts GROUP BY type, status ORDER BY type, status').all(),
    pairsByCountry: db
      .prepare(`SELECT coalesce(json_extract(fields, '$.b.country'), '(unknown)') AS country, count(*) AS n FROM facts
      WHERE type = 'city_pair' AND ${inChosen} GROUP BY 1 ORDER BY n DESC, country`)
      .all(chosen),
    pairsByDecade: db
      .prepare(`SELECT coalesce(substr(json_extract(fields, '$.since'), 1, 3) || '0s', '(unknown)') AS decade, count(*) AS n FROM facts
      WHERE type = 'city_pair' AND ${inChosen} GROUP BY 1 ORDER BY decade`)
      .all(chosen),
    topPlaces: db
      .prepare(`SELECT p.id, p.name, p.country, count(DISTINCT other.place_id) AS partners
      FROM fact_places me JOIN fact_places other ON other.fact_id = me.fact_id AND other.role != me.role
      JOIN facts f ON f.id = me.fact_id JOIN places p ON p.id = me.place_id
      WHERE f.${inChosen} GROUP BY p.id ORDER BY partners DESC, p.name LIMIT 10`)
      .all(chosen),
  };
}

function expectCountersMatch(db: Store) {
  for (const statuses of [['approved', 'edited'], [...STATUSES], ['pending'], ['rejected']]) expect(stats(db, statuses)).toEqual(recount(db, statuses));
}

describe('statistics', () => {
  it('equal a recount after ingest, approvals, a rejection, an edit and a re-extraction', async () => {
    const db = openStore(tempDb());
    await ingestPaths(db, [samples]);
    expectCountersMatch(db);
    approveAll(db, { type: 'city_pair', minConfidence: 0 }, 'ana');
    const [first, second] = queryFacts(db, { type: 'city_pair' }) as [StoredFact, StoredFact];
    decide(db, { factId: first.id, action: 'reject', reviewer: 'ana', version: first.version });
    const pair = second.fact as Extract<Fact, { type: 'city_pair' }>;
    // A decade no extracted pair falls in (twinning began after the war), so the edit alone makes it.
    const edited = { ...pair, since: '1926', b: { ...pair.b, country: '冰岛' } };
    expect(decide(db, { factId: second.id, action: 'edit', reviewer: 'ana', version: second.version, fields: edited })).toMatchObject({ ok: true });
    const approved = stats(db, ['approved', 'edited']);
    expect(approved.pairsByDecade).toContainEqual({ decade: '1920s', n: 1 });
    expect(approved.pairsByCountry).toContainEqual({ country: '冰岛', n: 1 });
    expect(approved.topPlaces.length).toBeGreaterThan(0);
    expectCountersMatch(db);
    // An upgraded extractor re-extracts: pending facts are deleted and written again.
    db.prepare("UPDATE documents SET extractor_version = 'older'").run();
    await ingestPaths(db, [samples]);
    expectCountersMatch(db);
    expect(stats(db, ['pending']).factsByType.length).toBeGreaterThan(0);
    db.close();
  }, 120_000);

  it('are counted from the facts already stored when an older store is migrated', async () => {
    const current = tempDb();
    const filled = openStore(current);
    await ingestPaths(filled, [samples]);
    approveAll(filled, { type: 'city_pair', minConfidence: 0 }, 'ana');
    filled.close();
    const path = tempDb();
    olderStore(current, path, 6);
    const db = openStore(path);
    expect(stats(db, ['approved']).pairsByCountry.length).toBeGreaterThan(0);
    expectCountersMatch(db);
    db.close();
  }, 120_000);
});
