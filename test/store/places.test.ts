import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { openStore } from '../../src/store/db.ts';
import { queryPlaces } from '../../src/store/places.ts';

describe('places in the store', () => {
  it('pairs refer to canonical places, one per place whatever the text calls it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'youcheng-places-'));
    writeFileSync(join(dir, 'a.txt'), '标题\n\n1981年，成都市与法国蒙彼利埃市缔结友好城市关系。');
    writeFileSync(join(dir, 'b.txt'), '標題\n\n蓉城與韓國首爾、仁川結為友好城市。');
    writeFileSync(join(dir, 'c.txt'), '标题\n\n1982年10月，四川与美国華盛頓州缔结了友好省州关系。');
    const db = openStore(join(dir, 'test.db'));
    const summary = await ingestPaths(db, [dir]);
    expect(summary.failed).toBe(0);
    const chengdu = queryPlaces(db, { search: '成都' });
    expect(chengdu).toEqual([expect.objectContaining({ id: 'cn:5101', name: '成都', country: '中国', pairs: 3 })]);
    expect(queryPlaces(db, { search: '蓉城' })[0]?.id).toBe('cn:5101');
    expect(
      queryPlaces(db, { country: '韩国' })
        .map((p) => p.name)
        .sort(),
    ).toEqual(['仁川', '首尔']);
    expect(queryPlaces(db, { country: 'US' })).toEqual([expect.objectContaining({ name: '华盛顿州', kind: 'region', pairs: 1 })]);
    const links = db.prepare('SELECT count(*) AS n FROM fact_places').get() as { n: number };
    expect(links.n).toBe(8);
    db.close();
  });
});
