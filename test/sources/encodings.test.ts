/**
 * Japanese, Korean and Hong Kong sources: real Shift_JIS, EUC-JP, EUC-KR and Big5-HKSCS bytes (made
 * by glibc's iconv) are decoded right, never as GB18030 mojibake; what cannot be read is refused
 * with a line naming the file; private-use and replacement characters are counted in a warning.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { decode } from '../../src/sources/decode.ts';
import { readArticle } from '../../src/sources/files.ts';
import { openStore } from '../../src/store/db.ts';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'youcheng-charsets-'));
const encode = (text: string, charset: string) => execFileSync('iconv', ['-f', 'UTF-8', '-t', charset], { input: text });

const JAPANESE =
  '横浜市と上海市は、一九七三年に友好都市提携を結びました。本年は提携五十周年にあたり、両市の代表団が相互に訪問し、経済、文化、教育などの分野で交流を深めることを確認しました。市長は「これからも市民同士の交流を大切にしていきたい」と述べました。\n';
const KOREAN =
  '부산광역시와 상하이시는 1993년에 자매결연을 맺었습니다. 올해 자매결연 30주년을 맞아 양 도시 대표단이 서로 방문하여 경제, 문화, 교육 분야의 교류를 더욱 강화하기로 합의했습니다. 시장은 앞으로도 시민 간의 교류를 소중히 이어가겠다고 말했습니다.\n';
/** With HKSCS characters: 綫 (a line), 邨 (an estate), 𡃁 (outside the BMP). */
const HONG_KONG = '香港特別行政區政府今日宣布，沙田區的瀝源邨及火炭綫路將與姊妹城市合作。𡃁仔們參加了交流活動，雙方代表團互相訪問，加強經濟、文化及教育方面的合作。\n';

describe('Japanese, Korean and Hong Kong charsets', () => {
  for (const [name, text, charset, expected] of [
    ['Shift_JIS', JAPANESE, 'SHIFT_JIS', 'shift_jis'],
    ['EUC-JP', JAPANESE, 'EUC-JP', 'euc-jp'],
    ['EUC-KR', KOREAN, 'EUC-KR', 'euc-kr'],
    ['Big5-HKSCS', HONG_KONG, 'BIG5-HKSCS', 'big5'],
  ] as const)
    it(`reads a ${name} file as ${name}, kana, hangul and HKSCS characters kept, with no warning`, async () => {
      const file = join(dir, `${name}.txt`);
      writeFileSync(file, encode(text, charset));
      expect(await readArticle(file)).toMatchObject({ original: text, charset: expected, warnings: [] });
    });

  it('a Japanese page declared as GBK is still read as Japanese; a Chinese one declared Shift_JIS as Chinese', () => {
    expect(decode(encode(JAPANESE, 'SHIFT_JIS'), 'ja.html', 'gbk')).toMatchObject({ text: JAPANESE, charset: 'shift_jis' });
    const chinese = readFileSync(join(root, 'samples/001_a244d62fa48749ef.txt'), 'utf8');
    expect(decode(encode(chinese, 'GB18030'), 'zh.html', 'shift_jis')).toMatchObject({ text: chinese, charset: 'gb18030' });
  });

  it('refuses bytes readable in none of them with a line naming the file', async () => {
    const file = join(dir, 'noise.txt');
    writeFileSync(file, Buffer.concat([Buffer.from('title\n'), Buffer.alloc(400, 0xff)]));
    await expect(readArticle(file)).rejects.toThrow(`${file}: is neither UTF-8 nor readable as gb18030, big5, shift_jis, euc-jp, euc-kr`);
  });
});

describe('characters that say something was lost', () => {
  it('counts private-use and replacement characters in a warning', () => {
    const d = decode(Buffer.from('上海市与\ue000横滨市\ue001结为友好城市\ufffd。'), 'odd.txt');
    expect(d.warnings).toEqual(['the text holds 2 private-use characters (a character set or font this tool cannot map) and 1 replacement character (U+FFFD, lost before the text came here)']);
  });

  it('counts a Big5 user-defined code (no HKSCS character) as private use, and warns in the stored document', async () => {
    const file = join(dir, 'eudc.txt');
    const bytes = encode(HONG_KONG, 'BIG5-HKSCS');
    // 0x81 0x40: Big5's user-defined area, which no standard maps.
    writeFileSync(file, Buffer.concat([bytes.subarray(0, 10), Buffer.from([0x81, 0x40]), bytes.subarray(10)]));
    const db = openStore(join(dir, 'odd.db'));
    const summary = await ingestPaths(db, [file]);
    expect(summary.warnings).toEqual([`${file}: the text holds 1 private-use character (a character set or font this tool cannot map)`]);
    const row = db.prepare('SELECT charset, warnings FROM documents').get() as { charset: string; warnings: string };
    expect(row.charset).toBe('big5');
    expect(JSON.parse(row.warnings)).toContainEqual(expect.stringContaining('1 private-use character'));
    db.close();
  });

  it('keeps the invalid UTF-8 warning alone: the replacement characters it names are not counted twice', () => {
    const sample = readFileSync(join(root, 'samples/001_a244d62fa48749ef.txt'));
    const at = sample.indexOf(Buffer.from('友好城市'));
    const d = decode(Buffer.concat([sample.subarray(0, at), Buffer.from([0xff]), sample.subarray(at)]), 'damaged.txt');
    expect(d.warnings).toEqual([expect.stringContaining(`an invalid UTF-8 sequence at byte ${at},`)]);
  });
});
