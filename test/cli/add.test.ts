/** `add`, `review --double` and `stats --agreement` on a real store: in-process through run(), and `review` (which serves until stopped) as a process. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { queryFacts } from '../../src/store/facts.ts';
import { decide, factById } from '../../src/store/review.ts';
import { reviewSettings } from '../../src/store/settings.ts';
import { root, youcheng } from '../support/cli.ts';
import { ARTICLE, ARTICLE_ID, articleStore, spanOf } from '../support/review-store.ts';

const run = (...args: string[]) => youcheng(args, { env: { USER: 'tester' } });

/** `youcheng review` with setting options, in a process of its own (it serves until stopped): what it prints before serving. */
function reviewSetting(path: string, ...args: string[]): Promise<{ lines: string[]; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', ['bin/youcheng.js', 'review', '--db', path, '--port', '0', ...args], { cwd: root });
    let out = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('review page:')) child.kill('SIGTERM');
    });
    child.on('exit', (code) => resolve({ lines: out.split('\n').filter((l) => l && !l.startsWith('review page:')), code, stderr }));
  });
}

const ANJI = JSON.stringify({ a: { name: '安吉', country: '中国' }, b: { name: '轻井泽', country: '日本' }, relation: 'unspecified', since: null });

describe('youcheng add', () => {
  it('adds a fact from a span, validated by the record schema, and refuses a bad span or bad fields in one line', async () => {
    const { db, path } = articleStore();
    db.close();
    const { start, end } = spanOf('安吉县同轻井泽町的交往');
    const add = (s: number, e: number, fields = ANJI, ...more: string[]) =>
      run('add', '--db', path, '--doc', ARTICLE_ID, '--type', 'city_pair', '--start', String(s), '--end', String(e), '--fields', fields, ...more);

    const added = await add(start, end);
    const again = openStore(path);
    const manual = queryFacts(again, { method: 'manual' })[0]!;
    expect(added).toEqual({ code: 0, stdout: `${manual.id}: added, approved: 安吉 — 轻井泽（日本） · 关系未说明\n`, stderr: '' });
    expect(manual.fact.evidence).toEqual([{ start, end, quote: ARTICLE.slice(start, end) }]);
    again.close();

    // One line on stderr, exit 1, nothing on stdout.
    const refused = async (args: Promise<{ code: number; stdout: string; stderr: string }>) => {
      const r = await args;
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error: [^\n]+\n$/);
      return r.stderr.slice('error: '.length, -1);
    };
    expect(await refused(add(start, ARTICLE.length + 1))).toBe(`document ${ARTICLE_ID}: span ${start}-${ARTICLE.length + 1} is outside the text (0-${ARTICLE.length})`);
    expect(await refused(add(start, start))).toMatch(/is empty/);
    expect(await refused(add(start, end, ANJI, '--quote', '湖州'))).toMatch(/not the quote given 「湖州」/);
    expect(await refused(add(start, end, '{"a": '))).toMatch(/^--fields is not JSON: /);
    expect(await refused(add(start, end, '[1]'))).toMatch(/^--fields must be a JSON object/);
    expect(await refused(add(start, end, JSON.stringify({ a: { name: '安吉', country: '中国' } })))).toMatch(/^a city_pair fact with these fields breaks the record contract: b: .*; relation: /);
    // A usage error is commander's: a missing option, an offset that is no number.
    const missing = await run('add', '--db', path, '--doc', ARTICLE_ID, '--start', '1', '--end', '2', '--fields', ANJI);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--type <type>' not specified/);
    const notOffset = await add(start, end, ANJI, '--start', 'x');
    expect(notOffset.code).toBe(1);
    expect(notOffset.stderr).toMatch(/"x" is not an offset/);

    // The same gesture on a fact the document has: the span becomes more evidence.
    const title = spanOf('湖州与轻井泽结好');
    const more = await add(
      title.start,
      title.end,
      JSON.stringify({ a: { name: '湖州', country: '中国' }, b: { name: '轻井泽', country: '日本' }, relation: 'sister', since: '1998' }),
      '--reviewer',
      'li',
    );
    expect(more.stdout).toMatch(/^[0-9a-f]{16}: already stored \(pending\): the span is added to its evidence: 湖州 — 轻井泽/);
  });

  it('refuses evidence that does not state its fact, naming what it lacks, unless --force (recorded as forced)', async () => {
    const { db, path } = articleStore();
    db.close();
    const add = (type: string, quote: string, fields: unknown, ...more: string[]) => {
      const { start, end } = spanOf(quote);
      return run('add', '--db', path, '--doc', ARTICLE_ID, '--type', type, '--start', String(start), '--end', String(end), '--fields', JSON.stringify(fields), ...more);
    };
    const pair = { a: { name: '湖州', country: '中国' }, b: { name: '轻井泽', country: '日本' }, relation: 'sister', since: null };
    const noPlace = await add('city_pair', '2024年5月20日，浙江省代表团', pair);
    expect(noPlace).toMatchObject({ code: 1, stdout: '' });
    expect(noPlace.stderr).toBe(
      'error: the evidence 「2024年5月20日，浙江省代表团」 does not name 湖州 nor 轻井泽 (by name, alias or nickname): refused (--force, or confirm on the page, stores it anyway, recorded as forced)\n',
    );
    // One side named (湖州市, by its full name) is not enough.
    expect((await add('city_pair', '湖州市与日本长野县', pair)).stderr).toMatch(/does not name 轻井泽 \(/);
    // A count's number, a date's date.
    expect((await add('count', '全球12个国家', { value: 13, approx: 'exact', unit: '个', of: '国家' })).stderr).toMatch(/does not state the number 13/);
    expect((await add('date', '2024年5月20日', { text: '1998年', start: '1998', end: '1998', granularity: 'year', anchored: false })).stderr).toMatch(/does not state the date 1998/);

    // What states its fact is stored; a count needs no holder (the contract's null).
    const count = await add('count', '全球12个国家', { value: 12, approx: 'exact', unit: '个', of: '国家' });
    expect(count).toMatchObject({ code: 0, stderr: '' });
    expect((await add('date', '1998年，湖州市', { text: '1998年', start: '1998', end: '1998', granularity: 'year', anchored: false })).code).toBe(0);
    // Names with their kind words: 湖州 as 湖州市, 轻井泽 as 轻井泽町.
    expect(await add('city_pair', '湖州市与日本长野县轻井泽町缔结友好城市', { ...pair, since: '1998' })).toMatchObject({ stderr: '', code: 0 });

    const forced = await add('city_pair', '2024年5月20日，浙江省代表团', { ...pair, a: { name: '安吉', country: '中国' } }, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/: added, approved: 安吉 — 轻井泽.* \(forced\)\n$/);
    const again = openStore(path);
    const stored = queryFacts(again, { method: 'manual' });
    expect(stored.find((f) => f.fact.type === 'count')?.fact).toMatchObject({ value: 12, holder: null });
    const anji = stored.find((f) => f.fact.type === 'city_pair' && f.fact.a.name === '安吉')!;
    const add0 = again.prepare("SELECT after FROM review_history WHERE fact_id = ? AND action = 'add'").get(anji.id) as { after: string };
    expect(JSON.parse(add0.after).forced).toMatch(/does not name 安吉 nor 轻井泽/);
    again.close();
  });

  it('review --double sets the store to double review; stats --agreement reports the votes', async () => {
    const { db, path } = articleStore();
    db.close();
    const set = await reviewSetting(path, '--double', '--adjudicator', 'either');
    expect(set.lines).toEqual(['double review: two reviewers decide each fact; disagreements resolved by any reviewer, either voter too']);
    const both = await run('review', '--db', path, '--double', '--single');
    expect(both).toMatchObject({ code: 2, stderr: 'error: --double and --single: choose one\n' });
    const anyone = await run('review', '--db', path, '--adjudicator', 'anyone');
    expect(anyone.code).toBe(1);
    expect(anyone.stderr).toMatch(/Allowed choices are third, either/);

    const store = openStore(path);
    expect(reviewSettings(store)).toEqual({ double: true, adjudicator: 'either' });
    for (const [i, f] of queryFacts(store).entries()) {
      decide(store, { factId: f.id, action: 'approve', reviewer: 'li', version: f.version });
      decide(store, { factId: f.id, action: i === 0 ? 'reject' : 'approve', reviewer: 'wang', version: factById(store, f.id)!.version });
    }
    store.close();
    const text = (await run('stats', '--db', path, '--agreement')).stdout;
    // Five facts, the first (a date) disagreed: dates 1 of 2 agreed; li accepted everything, so kappa is 0 or undefined.
    expect(text).toMatch(/^date\s+2\s+1\s+50\.0\s+0\.000$/m);
    expect(text).toMatch(/^city_pair\s+1\s+1\s+100\.0\s+—$/m);
    expect(text).toMatch(/^all\s+5\s+4\s+80\.0\s+0\.000$/m);
    expect(text).toMatch(/^li\s+5\s/m);
    const json = await run('stats', '--db', path, '--agreement', '--json');
    expect(JSON.parse(json.stdout).all).toEqual({ type: 'all', facts: 5, agreed: 4, percent: 80, kappa: 0 });
    expect((await reviewSetting(path, '--single')).lines).toEqual(['single review: one decision decides a fact']);
  });
});
