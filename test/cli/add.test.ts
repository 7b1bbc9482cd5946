/** `add`, `review --double` and `stats --agreement` as the command line registers them, run in-process on a real store. */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerAdd } from '../../src/cli/add.ts';
import { addAgreementOption, addReviewSettingOptions, agreementOutput, applyReviewSettings, type ReviewSettingOptions } from '../../src/cli/agreement.ts';
import { RecordError, UsageError } from '../../src/errors.ts';
import { openStore } from '../../src/store/db.ts';
import { queryFacts } from '../../src/store/facts.ts';
import { decide, factById } from '../../src/store/review.ts';
import { reviewSettings } from '../../src/store/settings.ts';
import { ARTICLE, ARTICLE_ID, articleStore, spanOf } from '../support/review-store.ts';

/** A program with the three commands wired as the CLI would, printing into `lines`. */
function program(lines: string[]) {
  const io = { print: (l: string) => lines.push(l), warn: (l: string) => lines.push(`warn: ${l}`), env: { USER: 'tester' } };
  const p = new Command('youcheng').exitOverride().configureOutput({ writeErr: (s) => lines.push(s.trim()), writeOut: (s) => lines.push(s) });
  registerAdd(p.command('add'), io);
  addReviewSettingOptions(p.command('review').option('--db <path>')).action((opts: ReviewSettingOptions & { db: string }) => {
    const db = openStore(opts.db);
    try {
      io.print(applyReviewSettings(db, opts) ?? 'unchanged');
    } finally {
      db.close();
    }
  });
  addAgreementOption(p.command('stats').option('--db <path>').option('--json')).action((opts: { db: string; agreement?: boolean; json?: boolean }) => {
    const db = openStore(opts.db, { readonly: true });
    try {
      if (opts.agreement) io.print(agreementOutput(db, opts.json));
    } finally {
      db.close();
    }
  });
  return (...args: string[]) => p.parseAsync(args, { from: 'user' });
}

const ANJI = JSON.stringify({ a: { name: '安吉', country: '中国' }, b: { name: '轻井泽', country: '日本' }, relation: 'unspecified', since: null });

describe('youcheng add', () => {
  it('adds a fact from a span, validated by the record schema, and refuses a bad span or bad fields in one line', async () => {
    const { db, path } = articleStore();
    db.close();
    const lines: string[] = [];
    const run = program(lines);
    const { start, end } = spanOf('安吉县同轻井泽町的交往');
    const add = (s: number, e: number, fields = ANJI, ...more: string[]) =>
      run('add', '--db', path, '--doc', ARTICLE_ID, '--type', 'city_pair', '--start', String(s), '--end', String(e), '--fields', fields, ...more);

    await add(start, end);
    const again = openStore(path);
    const [manual] = queryFacts(again, { method: 'manual' });
    expect(lines).toEqual([`${manual.id}: added, approved: 安吉 — 轻井泽（日本） · 关系未说明`]);
    expect(manual.fact.evidence).toEqual([{ start, end, quote: ARTICLE.slice(start, end) }]);
    again.close();

    const refused = async (args: Promise<unknown>) => {
      const err = await args.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RecordError);
      expect((err as Error).message).not.toContain('\n');
      return (err as Error).message;
    };
    expect(await refused(add(start, ARTICLE.length + 1))).toBe(`document ${ARTICLE_ID}: span ${start}-${ARTICLE.length + 1} is outside the text (0-${ARTICLE.length})`);
    expect(await refused(add(start, start))).toMatch(/is empty/);
    expect(await refused(add(start, end, ANJI, '--quote', '湖州'))).toMatch(/not the quote given 「湖州」/);
    expect(await refused(add(start, end, '{"a": '))).toMatch(/^--fields is not JSON: /);
    expect(await refused(add(start, end, '[1]'))).toMatch(/^--fields must be a JSON object/);
    expect(await refused(add(start, end, JSON.stringify({ a: { name: '安吉', country: '中国' } })))).toMatch(
      /^a city_pair fact with these fields breaks the record contract: b: .*; relation: .*; since: /,
    );
    // A usage error is commander's: a missing option, an offset that is no number.
    await expect(run('add', '--db', path, '--doc', ARTICLE_ID, '--start', '1', '--end', '2', '--fields', ANJI)).rejects.toThrow(/--type <type>' not specified/);
    await expect(add(start, end, ANJI, '--start', 'x')).rejects.toThrow(/"x" is not an offset/);

    // The same gesture on a fact the document has: the span becomes more evidence.
    lines.length = 0;
    const title = spanOf('湖州与轻井泽结好');
    await add(title.start, title.end, JSON.stringify({ a: { name: '湖州', country: '中国' }, b: { name: '轻井泽', country: '日本' }, relation: 'sister', since: '1998' }), '--reviewer', 'li');
    expect(lines[0]).toMatch(/^[0-9a-f]{16}: already stored \(pending\): the span is added to its evidence: 湖州 — 轻井泽/);
  });

  it('review --double sets the store to double review; stats --agreement reports the votes', async () => {
    const { db, path } = articleStore();
    db.close();
    const lines: string[] = [];
    const run = program(lines);
    await run('review', '--db', path, '--double', '--adjudicator', 'either');
    expect(lines).toEqual(['double review: two reviewers decide each fact; disagreements resolved by any reviewer, either voter too']);
    await expect(run('review', '--db', path, '--double', '--single')).rejects.toThrow(UsageError);
    await expect(run('review', '--db', path, '--adjudicator', 'anyone')).rejects.toThrow(/Allowed choices are third, either/);

    const store = openStore(path);
    expect(reviewSettings(store)).toEqual({ double: true, adjudicator: 'either' });
    for (const [i, f] of queryFacts(store).entries()) {
      decide(store, { factId: f.id, action: 'approve', reviewer: 'li', version: f.version });
      decide(store, { factId: f.id, action: i === 0 ? 'reject' : 'approve', reviewer: 'wang', version: factById(store, f.id)!.version });
    }
    store.close();
    lines.length = 0;
    await run('stats', '--db', path, '--agreement');
    const text = lines.join('\n');
    // Five facts, the first (a date) disagreed: dates 1 of 2 agreed; li accepted everything, so kappa is 0 or undefined.
    expect(text).toMatch(/^date\s+2\s+1\s+50\.0\s+0\.000$/m);
    expect(text).toMatch(/^city_pair\s+1\s+1\s+100\.0\s+—$/m);
    expect(text).toMatch(/^all\s+5\s+4\s+80\.0\s+0\.000$/m);
    expect(text).toMatch(/^li\s+5\s/m);
    lines.length = 0;
    await run('stats', '--db', path, '--agreement', '--json');
    expect(JSON.parse(lines[0]).all).toEqual({ type: 'all', facts: 5, agreed: 4, percent: 80, kappa: 0 });
    await run('review', '--db', path, '--single');
    expect(lines.at(-1)).toBe('single review: one decision decides a fact');
  });
});
