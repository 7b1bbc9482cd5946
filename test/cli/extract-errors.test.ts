/**
 * `extract` and `ingest` never lose a document to an extractor error or a value out of range
 * (issue 11, item 3): the five one-line inputs that each threw, in batches with other documents,
 * and a few hundred documents generated from real sentences and mutated, through one call.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordLine } from '../../src/records.ts';
import { openStore } from '../../src/store/db.ts';
import { root, youcheng } from '../support/cli.ts';
import { THROWERS } from '../support/throwers.ts';
import { ALL_TEXTS } from '../support/samples.ts';

const tmp = mkdtempSync(join(tmpdir(), 'youcheng-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every line a valid record whose evidence cites its file exactly; `extract` exits 1 iff an extractor failed. */
function checkLines(stdout: string, code: number | null): RecordLine[] {
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => RecordLine.parse(JSON.parse(l)));
  for (const line of lines) {
    const original = readFileSync(line.doc.source, 'utf8');
    for (const f of line.facts) for (const e of f.evidence) expect(original.slice(e.start, e.end)).toBe(e.quote);
    for (const w of line.warnings) expect(w).not.toMatch(/\n/);
  }
  const extractorFailed = lines.some((l) => l.warnings.some((w) => / extractor failed/.test(w)));
  expect(code).toBe(extractorFailed ? 1 : 0);
  return lines;
}

function writeThrowers(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return THROWERS.map((text, i) => {
    const file = join(dir, `throw-${i}.txt`);
    writeFileSync(file, text);
    return file;
  });
}

describe('an extractor error never loses a document', () => {
  it('extract prints a line for each of the five inputs that threw, and every other document of the batch', async () => {
    const files = [join(root, 'samples/001_a244d62fa48749ef.txt'), ...writeThrowers(join(tmp, 'five')), join(root, 'samples/004_4e9deccdf3212014.txt')];
    const { code, stdout, stderr } = await youcheng(['extract', ...files]);
    const lines = checkLines(stdout, code);
    expect(lines.map((l) => l.doc.source)).toEqual(files);
    expect(stderr).toBe('');
    const since = lines[5]!;
    expect(since.facts.some((f) => f.type === 'city_pair' && !/^\d{4}/.test(f.since ?? '0000'))).toBe(false);
    expect(lines[3]?.facts.some((f) => f.type === 'count' && !Number.isSafeInteger(f.value))).toBe(false);
    expect(lines[4]?.facts.filter((f) => f.type === 'count')).toEqual([]);
  });

  it('ingest stores every document with its other facts and its warnings', async () => {
    const dir = join(tmp, 'ingest');
    writeThrowers(dir);
    writeFileSync(join(dir, 'sample.txt'), readFileSync(join(root, 'samples/001_a244d62fa48749ef.txt')));
    const db = join(tmp, 'ingest.db');
    const run = await youcheng(['ingest', dir, '--db', db]);
    expect(run.stdout).toMatch(/documents: 6 new, .* 0 failed/);
    expect(run.code).toBe(0);
    const store = openStore(db, { readonly: true });
    const docs = store.prepare('SELECT source, warnings, (SELECT count(*) FROM facts WHERE document_id = documents.id) AS facts FROM documents ORDER BY source').all() as Array<{
      source: string;
      warnings: string;
      facts: number;
    }>;
    store.close();
    expect(docs.map((d) => d.source)).toEqual([...readdirSync(dir)].sort().map((f) => join(dir, f)));
    expect(docs.find((d) => d.source.endsWith('sample.txt'))!.facts).toBeGreaterThan(5);
    // The anniversary counted back before year 1000 is no fact, and the stored warnings say so.
    const anniversary = docs.find((d) => d.source.endsWith('throw-4.txt'))!;
    expect(anniversary.facts).toBeGreaterThan(0);
    for (const w of JSON.parse(anniversary.warnings) as string[]) expect(w).not.toMatch(/\n/);
  });
});

/** mulberry32: a small seeded PRNG, so the generated documents are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TRADITIONAL: Record<string, string> = {
  国: '國',
  协: '協',
  议: '議',
  与: '與',
  会: '會',
  发: '發',
  来: '來',
  为: '為',
  对: '對',
  个: '個',
  项: '項',
  长: '長',
  华: '華',
  东: '東',
  区: '區',
  经: '經',
  贸: '貿',
  签: '簽',
  书: '書',
  约: '約',
  届: '屆',
  举: '舉',
  办: '辦',
  关: '關',
  万: '萬',
  亿: '億',
  两: '兩',
  尔: '爾',
  兰: '蘭',
  罗: '羅',
  亚: '亞',
  韩: '韓',
  结: '結',
  友: '友',
  县: '縣',
  乌: '烏',
};
const PUNCTUATION = [...'，。、；：！？,.;:!?“”‘’「」《》（）()—…·'];
const SUFFIXES = ['市', '县', '州', '省', '市市', '州市'];
const AFTER_NUMERAL = ['个城市', '项协议', '对友城', '个国家', '年', '月', '日', '周年', '届', '%', '万元', '家企业', '座', '余个', '多项', ''];

function numeral(r: () => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(r() * 10))).join('');
  const chinese = (n: number) => Array.from({ length: n }, () => '零〇一二两三四五六七八九十百千万亿'[Math.floor(r() * 17)]).join('');
  const forms = [
    () => String(1 + Math.floor(r() * 300)),
    () => '1'.repeat(1 + Math.floor(r() * 400)),
    () => `1${digits(15 + Math.floor(r() * 20))}`,
    () => `${1 + Math.floor(r() * 999)},${digits(3)},${digits(3)}`,
    () => `${Math.floor(r() * 99)}.${digits(2)}万`,
    () => `${digits(1 + Math.floor(r() * 30))}亿万`,
    () => ['一百二十', '两万', '二〇一四', '九千万亿亿', '廿', '一千零五', '贰佰零叁'][Math.floor(r() * 7)]!,
    () => chinese(1 + Math.floor(r() * 25)),
    () => String(1000 + Math.floor(r() * 9000)),
    () => '１２３４５',
  ];
  return forms[Math.floor(r() * forms.length)]!(); // an index below forms.length
}

/** One mutation at a random place: punctuation, a place suffix, a numeral, a deletion, traditional characters, a line break. */
function mutate(chars: string[], r: () => number): void {
  const at = Math.floor(r() * (chars.length + 1));
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!; // an index below xs.length
  switch (Math.floor(r() * 7)) {
    case 0:
      chars.splice(at, 0, pick(PUNCTUATION));
      break;
    case 1:
      chars.splice(at, 0, ...pick(SUFFIXES));
      break;
    case 2:
      chars.splice(at, 0, ...numeral(r), ...pick(AFTER_NUMERAL));
      break;
    case 3:
      chars.splice(at, 1 + Math.floor(r() * 8));
      break;
    case 4:
      for (let i = at; i < Math.min(chars.length, at + 40); i++) chars[i] = TRADITIONAL[chars[i]!] ?? chars[i]!;
      break;
    case 5:
      chars.splice(at, 0, pick(['\n', '\n\n', ' ', '\n　　']));
      break;
    default:
      chars.splice(at, 0, ...pick(THROWERS));
  }
}

/** Documents made of real sentences from the samples, shuffled and mutated; never blank. */
function generate(count: number, seed: number): string[] {
  const r = prng(seed);
  const sentences = ALL_TEXTS.flatMap((t) => t.split(/(?<=[。！？\n])/))
    .map((s) => s.trim())
    .filter((s) => s.length >= 4);
  return Array.from({ length: count }, () => {
    const n = 1 + Math.floor(r() * 12);
    const chosen = Array.from({ length: n }, () => sentences[Math.floor(r() * sentences.length)]!);
    const chars = [...chosen.join(r() < 0.3 ? '\n' : '')];
    const mutations = Math.floor(r() * 12);
    for (let i = 0; i < mutations; i++) mutate(chars, r);
    const text = chars.join('');
    return text.trim() ? text : chosen[0]!; // n >= 1
  });
}

describe('generated documents', () => {
  it('300 documents of mutated real sentences through one extract call: each one line, every quote exact, every fact valid', async () => {
    const dir = join(tmp, 'generated');
    mkdirSync(dir);
    const docs = generate(300, 11);
    const files = docs.map((text, i) => {
      const file = join(dir, `g${String(i).padStart(3, '0')}.txt`);
      writeFileSync(file, text);
      return file;
    });
    const { code, stdout, stderr } = await youcheng(['extract', dir]);
    expect(stderr).toBe('');
    const lines = checkLines(stdout, code);
    expect(lines.map((l) => l.doc.source)).toEqual(files);
    expect(lines.reduce((n, l) => n + l.facts.length, 0)).toBeGreaterThan(300);
  });
});
