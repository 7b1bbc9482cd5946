/** A relationship counts the sources of its documents, a mirror's added ones too (`relationships --min-sources`). */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { selectRelationships } from '../../src/query/relationships.ts';
import { openStore } from '../../src/store/db.ts';
import { rebuildRelationships } from '../../src/store/relationships.ts';

const text = readFileSync(new URL('../../eval/dev/d01.txt', import.meta.url), 'utf8');

function folder(base: string, name: string, body: string): string {
  const dir = join(base, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'article.txt'), body);
  return dir;
}

describe("a relationship's sources", () => {
  it('count a second path of the same text, in the same run and in a later one', async () => {
    for (const together of [true, false]) {
      const base = mkdtempSync(join(tmpdir(), 'youcheng-sources-'));
      const db = openStore(join(base, 's.db'));
      const first = folder(base, 'site-a', text);
      const second = folder(base, 'site-b', text);
      if (together) await ingestPaths(db, [first, second]);
      else {
        await ingestPaths(db, [first]);
        expect(selectRelationships(db, { all: true, minSources: 2 })).toEqual([]);
        await ingestPaths(db, [second]);
      }
      const all = selectRelationships(db, { all: true });
      expect(all.length).toBeGreaterThan(0);
      expect(all.map((r) => r.sources)).toEqual(all.map(() => 2));
      expect(selectRelationships(db, { all: true, minSources: 2 }).map((r) => r.id)).toEqual(all.map((r) => r.id));
      // What a full derivation gives.
      rebuildRelationships(db);
      expect(selectRelationships(db, { all: true })).toEqual(all);
      db.close();
    }
  });
});
