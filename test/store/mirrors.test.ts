/** Mirrors: the same news item under other sites' junk is stored once; two reports of one event stay apart; reruns keep each file with its document. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { mirror } from '../support/mirrors.ts';

const root = new URL('../..', import.meta.url).pathname;
const read = (p: string) => readFileSync(join(root, p), 'utf8');

function setUp(files: Record<string, string>): { dir: string; db: Store } {
  const base = mkdtempSync(join(tmpdir(), 'youcheng-mirrors-'));
  const dir = join(base, 'in');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, db: openStore(join(base, 'm.db')) };
}

function sourcesByDocument(db: Store): string[][] {
  const rows = db.prepare('SELECT document_id AS id, source FROM document_sources ORDER BY document_id, source').all() as Array<{ id: string; source: string }>;
  const byDoc = new Map<string, string[]>();
  for (const r of rows) byDoc.set(r.id, [...(byDoc.get(r.id) ?? []), r.source.replace(/.*\//, '')]);
  return [...byDoc.values()].sort((a, b) => a[0]!.localeCompare(b[0]!)); // a document has a source
}

describe('mirrors', () => {
  it("stores an article and its copies under other sites' junk once, with every source", async () => {
    const articles = ['eval/dev/d01.txt', 'eval/dev/d02.txt', 'eval/dev/d04.txt', 'samples/004_4e9deccdf3212014.txt'];
    const files: Record<string, string> = {};
    articles.forEach((p, i) => {
      const text = read(p);
      files[`${i}-a-original.txt`] = text;
      files[`${i}-b-mirror.txt`] = mirror(text, '东方资讯网', i);
      files[`${i}-c-mirror.txt`] = mirror(text, '今日头条号', i + 5);
    });
    // Two mirrors with nothing but each other: the junk is not shared, the article is.
    files['9-x-mirror.txt'] = mirror(read('eval/dev/d05.txt'), '东方资讯网', 7);
    files['9-y-mirror.txt'] = mirror(read('eval/dev/d05.txt'), '今日头条号', 8);
    const { dir, db } = setUp(files);
    const summary = await ingestPaths(db, [dir]);
    expect(summary).toMatchObject({ new: 5, duplicates: 9, failed: 0 });
    expect(sourcesByDocument(db)).toEqual([
      ['0-a-original.txt', '0-b-mirror.txt', '0-c-mirror.txt'],
      ['1-a-original.txt', '1-b-mirror.txt', '1-c-mirror.txt'],
      ['2-a-original.txt', '2-b-mirror.txt', '2-c-mirror.txt'],
      ['3-a-original.txt', '3-b-mirror.txt', '3-c-mirror.txt'],
      ['9-x-mirror.txt', '9-y-mirror.txt'],
    ]);
    db.close();
  });

  it('keeps two reports of the same event apart', async () => {
    const a = `成都与蒙彼利埃结好四十三周年\n\n4月16日，成都市人民政府与法国蒙彼利埃市在成都举行结好43周年纪念活动。蒙彼利埃市市长米歇尔·德拉福斯率团出席，双方签署《2024—2026年友好交流合作备忘录》，约定在医疗卫生、高等教育、葡萄酒产业和青年创业等领域开展12个合作项目。成都市市长在致辞中回顾了两市自1981年缔结友好城市关系以来的交往历程，表示愿与蒙彼利埃深化人文交流。活动期间，代表团参观了华西医院和成都大运会场馆，并出席中法青年创新创业交流会。蒙彼利埃市市长表示，蒙彼利埃是法国第一个与中国城市结好的城市，希望两市在绿色发展和数字经济方面加强合作。`;
    const b = `蒙彼利埃代表团访蓉 两市签署新一轮合作备忘录\n\n记者从成都市外办获悉，法国蒙彼利埃市市长米歇尔·德拉福斯一行日前抵达成都，参加两市结好43周年系列活动。16日上午，双方在天府国际会议中心签订了为期三年的友好交流合作备忘录，涵盖医疗卫生、高等教育、葡萄酒产业、青年创业等12个项目。1981年，成都与蒙彼利埃结为友好城市，这是中法之间建立的首对友好城市关系。德拉福斯在签约仪式后接受采访时说，四十多年来两市合作不断拓展，未来将重点推动绿色低碳和数字经济领域的务实合作。访问期间，代表团还走访了四川大学华西医院，并与成都青年创业者座谈。`;
    const { dir, db } = setUp({ 'a.txt': a, 'b.txt': b });
    const summary = await ingestPaths(db, [dir]);
    expect(summary).toMatchObject({ new: 2, duplicates: 0 });
    db.close();
  });
});

describe('a rerun of the same directory', () => {
  /** The sentences of a sample article, one a line, in overlapping windows: neighbours are copies of each other, the ends are not. */
  function windows(ranges: Array<[number, number]>): [string, string, string] {
    const sentences = read('samples/000_e0a12e8345dae75d.txt')
      .replace(/\s+/g, '')
      .split(/(?<=。)/)
      .filter((s) => s.length > 15);
    const [x, y, z] = ranges.map(([from, to]) => sentences.slice(from, to).join('\n'));
    return [x!, y!, z!]; // three ranges each
  }

  for (const [label, ranges] of [
    // y is a copy of x and of z, x and z are not copies: y goes to x, stored first, and stays there.
    [
      'whole-text similarity',
      [
        [0, 20],
        [3, 23],
        [5, 25],
      ],
    ],
    [
      'running-text containment',
      [
        [0, 40],
        [7, 47],
        [10, 50],
      ],
    ],
  ] as const) {
    it(`attaches each file to one document only (chained copies by ${label})`, async () => {
      const [x, y, z] = windows(ranges as unknown as Array<[number, number]>);
      const { dir, db } = setUp({ 'x.txt': x, 'y.txt': y, 'z.txt': z });
      await ingestPaths(db, [dir]);
      const first = sourcesByDocument(db);
      const again = await ingestPaths(db, [dir]);
      expect(again.failed).toBe(0);
      expect(sourcesByDocument(db)).toEqual(first);
      const perSource = db.prepare('SELECT source, count(*) AS n FROM document_sources GROUP BY source').all() as Array<{ n: number }>;
      expect(perSource.every((r) => r.n === 1)).toBe(true);
      db.close();
    });
  }
});
