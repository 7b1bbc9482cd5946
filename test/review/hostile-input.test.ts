/**
 * Hostile input to what a reviewer adds and to the pages: spans that are not whole numbers,
 * control characters in a fact's names, `$` patterns in a reviewer's name and in an article's
 * text. A real server and store, the CLI through run().
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplate, render } from '../../src/extract/llm/prompt.ts';
import { youcheng } from '../support/cli.ts';
import { startReviewServer } from '../../src/review/review-server.ts';
import { servedArticle } from '../support/review-api.ts';
import { ARTICLE_ID, spanOf } from '../support/review-store.ts';

/** Each `$` pattern String.replace reads in a replacement string. */
const DOLLARS = "$` $' $& $$ $1";
let served: Awaited<ReturnType<typeof servedArticle>>;
beforeAll(async () => {
  served = await servedArticle(`ana ${DOLLARS}`);
}, 60_000);
afterAll(() => served.close());
const call = (method: string, url: string, body?: unknown) => served.call(method, url, body);
const factCount = () => (served.db.prepare('SELECT count(*) AS n FROM facts').get() as { n: number }).n;
const ANJI = { a: { name: '安吉', country: '中国' }, b: { name: '轻井泽', country: '日本' }, relation: 'unspecified', since: null };
const span = spanOf('安吉县同轻井泽町');

describe('spans', () => {
  it('takes only whole numbers as offsets, in the API and on the command line', async () => {
    const before = factCount();
    const refused: Array<[unknown, unknown, string]> = [
      [false, true, 'start: must be a whole number; end: must be a whole number'],
      ['0x0', span.end, 'start: must be a whole number'],
      [[10], span.end, 'start: must be a whole number'],
      [1.5, span.end, 'start: must be a whole number'],
      [span.start, `${span.end}`, 'end: must be a whole number'],
      [null, span.end, 'start: must be a whole number'],
    ];
    for (const [start, end, error] of refused) {
      for (const route of ['/api/propose', '/api/facts']) {
        const r = await call('POST', route, { doc: ARTICLE_ID, type: 'city_pair', start, end, fields: ANJI });
        expect([route, start, r]).toEqual([route, start, { status: 400, data: { ok: false, error } }]);
      }
    }
    expect(factCount()).toBe(before);
    for (const offset of ['0x0', '1.5', '', '1e2', 'true']) {
      const r = await youcheng(['add', '--db', served.path, '--doc', ARTICLE_ID, '--type', 'city_pair', '--start', offset, '--end', String(span.end), '--fields', JSON.stringify(ANJI)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`"${offset}" is not an offset (a whole number)`);
    }
  });
});

describe('control characters in what a reviewer writes', () => {
  it('are refused in every name, with the field and the character, by the API, the edit and `add`', async () => {
    const before = factCount();
    const hostile = [
      [{ ...ANJI, a: { name: '安\x1b[31m吉', country: '中国' } }, 'a.name: holds the control character U+001B'],
      [{ ...ANJI, b: { name: '轻井泽\n町', country: '日本' } }, 'b.name: holds the control character U+000A'],
      [{ ...ANJI, b: { name: '轻井泽', country: '日\u202e本' } }, 'b.country: holds the control character U+202E'],
    ] as const;
    for (const [fields, problem] of hostile) {
      const r = await call('POST', '/api/facts', { doc: ARTICLE_ID, type: 'city_pair', ...span, fields });
      expect(r).toEqual({ status: 400, data: { ok: false, error: `a city_pair fact with these fields breaks the record contract: ${problem}` } });
      const cli = await youcheng([
        'add',
        '--db',
        served.path,
        '--doc',
        ARTICLE_ID,
        '--type',
        'city_pair',
        '--start',
        String(span.start),
        '--end',
        String(span.end),
        '--fields',
        JSON.stringify(fields),
      ]);
      expect(cli).toEqual({ code: 1, stdout: '', stderr: `error: a city_pair fact with these fields breaks the record contract: ${problem}\n` });
    }
    const agreement = { title: '友好\x07协议', kind: '协议', parties: ['湖州', '轻\x9b井泽'], count: null, fields: [], date: null };
    const r = await call('POST', '/api/facts', { doc: ARTICLE_ID, type: 'agreement', ...span, fields: agreement });
    expect(r.data.error).toBe('a agreement fact with these fields breaks the record contract: title: holds the control character U+0007; parties.1: holds the control character U+009B');
    expect(factCount()).toBe(before);

    // An edit on the page is a reviewer writing too.
    const added = await call('POST', '/api/facts', { doc: ARTICLE_ID, type: 'city_pair', ...span, fields: ANJI, reviewer: 'bo' });
    expect(added.status).toBe(200);
    const { id, version } = added.data.fact;
    const edit = await call('POST', `/api/facts/${id}/decision`, { action: 'edit', version, reviewer: 'bo', fields: { ...ANJI, since: '1998', a: { name: '安吉\x00', country: '中国' } } });
    expect(edit).toMatchObject({ status: 400, data: { ok: false, error: expect.stringContaining('a.name: holds the control character U+0000') } });
  });
});

describe('$ patterns', () => {
  it('a reviewer name with $ patterns is written into the page as it is', async () => {
    // The page names the reviewer its personal link belongs to (review --reviewers).
    const team = await startReviewServer({ db: served.db, port: 0, reviewers: [`ana ${DOLLARS}`] });
    try {
      const page = await (await fetch(team.links[0]!.url)).text();
      expect(page).toContain(`<meta name="youcheng-reviewer" content="ana $\` $&apos; $&amp; $$ $1">`);
      expect(page.match(/<html/g)).toHaveLength(1);
    } finally {
      await team.close();
    }
  });

  it('an article with $ patterns and template slots reaches the model as it is', () => {
    const text = `湖州${DOLLARS} {{hints}} {{text}}`;
    const messages = render(loadTemplate(), { text, hints: ['湖州 $&'], published: null, schema: null });
    const user = messages.find((m) => m.role === 'user')!.content;
    expect(user).toContain(text);
    expect(
      messages
        .map((m) => m.content)
        .join('')
        .split(text),
    ).toHaveLength(2);
    expect(messages.map((m) => m.content).join('')).toContain('- 湖州 $&');
  });
});
