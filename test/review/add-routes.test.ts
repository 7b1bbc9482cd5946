/** The review API for manual facts and double review, over a real server and store. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReviewServer, type ReviewServer } from '../../src/review/review-server.ts';
import type { Store } from '../../src/store/db.ts';
import { setReviewSettings } from '../../src/store/settings.ts';
import { callApi } from '../support/review-api.ts';
import { ARTICLE, ARTICLE_ID, articleStore, spanOf } from '../support/review-store.ts';

let db: Store;
let server: ReviewServer;

beforeAll(async () => {
  ({ db } = articleStore());
  server = await startReviewServer({ db, port: 0, reviewer: 'ana' });
});
afterAll(async () => {
  await server.close();
  db.close();
});

const call = (method: string, path: string, body?: unknown) => callApi(server, method, path, body);

const factCount = () => (db.prepare('SELECT count(*) AS n FROM facts').get() as { n: number }).n;
const ANJI = { a: { name: '安吉', country: '中国' }, b: { name: '轻井泽', country: '日本' }, relation: 'unspecified', since: null };

describe('adding from a span', () => {
  it("proposes the rules' reading of a selected span, and refuses a span that is not the article's", async () => {
    const span = spanOf('湖州市与日本长野县轻井泽町缔结友好城市');
    const r = await call('POST', '/api/propose', { doc: ARTICLE_ID, type: 'city_pair', ...span });
    expect(r.status).toBe(200);
    expect(r.data.proposals[0]).toMatchObject({ summary: expect.stringMatching(/^湖州 — 轻井泽（日本）/), fields: { a: { name: '湖州' }, b: { name: '轻井泽' } } });
    expect(r.data.blank).toMatchObject({ relation: 'unspecified' });
    const outside = await call('POST', '/api/propose', { doc: ARTICLE_ID, type: 'city_pair', start: 10, end: ARTICLE.length + 5 });
    expect(outside).toEqual({ status: 400, data: { ok: false, error: `document ${ARTICLE_ID}: span 10-${ARTICLE.length + 5} is outside the text (0-${ARTICLE.length})` } });
    expect((await call('POST', '/api/propose', { doc: ARTICLE_ID, type: 'pair', ...span })).data.error).toMatch(/^type: must be one of city_pair/);
  });

  it('stores a manual fact, refusing a wrong quote or bad fields with the reason and storing nothing', async () => {
    const span = spanOf('安吉县同轻井泽町');
    const before = factCount();
    const wrong = await call('POST', '/api/facts', { doc: ARTICLE_ID, type: 'city_pair', ...span, quote: '湖州', fields: ANJI });
    expect(wrong.status).toBe(400);
    expect(wrong.data.error).toMatch(/reads 「安吉县同轻井泽町」, not the quote given 「湖州」/);
    const bad = await call('POST', '/api/facts', { doc: ARTICLE_ID, type: 'city_pair', ...span, fields: { ...ANJI, relation: 'twins' } });
    expect(bad.status).toBe(400);
    expect(bad.data.error).toMatch(/^a city_pair fact with these fields breaks the record contract: relation/);
    expect((await call('POST', '/api/facts', { doc: ARTICLE_ID, type: 'city_pair', ...span, fields: 'x' })).data.error).toMatch(/^fields: /);
    expect(factCount()).toBe(before);

    const ok = await call('POST', '/api/facts', { doc: ARTICLE_ID, type: 'city_pair', ...span, quote: '安吉县同轻井泽町', fields: ANJI, reviewer: 'bo' });
    expect(ok.status).toBe(200);
    expect(ok.data).toMatchObject({ added: 'fact', fact: { status: 'approved', fact: { method: 'manual', evidence: [{ ...span, quote: '安吉县同轻井泽町' }] } } });
    expect(ok.data.fact.history.map((h: { action: string; reviewer: string }) => [h.action, h.reviewer])).toEqual([
      ['add', 'bo'],
      ['approve', 'bo'],
    ]);
    // A second span of the same pair becomes its evidence.
    const more = spanOf('轻井泽町的交往');
    const again = await call('POST', `/api/facts/${ok.data.fact.id}/evidence`, { ...more });
    expect(again.status).toBe(200);
    expect(again.data.fact.fact.evidence.map((e: { quote: string }) => e.quote)).toEqual(['安吉县同轻井泽町', '轻井泽町的交往']);
    expect(again.data.fact.history.at(-1)).toMatchObject({ action: 'add-evidence', reviewer: 'ana' });
    expect((await call('POST', `/api/facts/${ok.data.fact.id}/evidence`, { ...more })).data.error).toMatch(/already evidence/);
  });
});

describe('double review', () => {
  it("keeps a reviewer's queue to what they have not voted on, hides the first vote from the second, and lists the disagreement for a third", async () => {
    setReviewSettings(db, { double: true, adjudicator: 'third' });
    const queue = async (reviewer: string) => (await call('GET', `/api/queue?type=date&reviewer=${reviewer}`)).data;
    const first = (await queue('cy')).facts[0];
    expect((await queue('cy')).settings).toEqual({ double: true, adjudicator: 'third' });
    const vote = await call('POST', `/api/facts/${first.id}/decision`, { action: 'approve', version: first.version, reviewer: 'cy' });
    expect(vote.data.fact).toMatchObject({ status: 'pending' });
    expect(vote.data.fact.history).toEqual([expect.objectContaining({ reviewer: 'cy', action: 'approve', stage: 'vote' })]);
    expect((await queue('cy')).facts.map((f: { id: string }) => f.id)).not.toContain(first.id);
    expect((await queue('dee')).facts.map((f: { id: string }) => f.id)).toContain(first.id);
    // dee sees that there is a vote, not what it says.
    const seen = await call('GET', `/api/facts/${first.id}?reviewer=dee`);
    expect(seen.data.history).toEqual([{ id: expect.any(Number), at: expect.any(String), stage: 'vote', hidden: true }]);
    const second = await call('POST', `/api/facts/${first.id}/decision`, { action: 'reject', version: first.version, reviewer: 'dee' });
    expect(second.data.fact.history.map((h: { reviewer: string }) => h.reviewer)).toEqual(['cy', 'dee']);
    expect((await call('GET', '/api/adjudication?reviewer=cy')).data.facts).toEqual([]);
    const third = (await call('GET', '/api/adjudication?reviewer=eve')).data.facts;
    expect(third).toHaveLength(1);
    expect(third[0]).toMatchObject({
      id: first.id,
      type: 'date',
      votes: [
        { reviewer: 'cy', action: 'approve' },
        { reviewer: 'dee', action: 'reject', proposed: { status: 'rejected' } },
      ],
    });
    const decided = await call('POST', `/api/facts/${first.id}/decision`, { action: 'reject', version: third[0].version, reviewer: 'eve' });
    expect(decided.data.fact).toMatchObject({ status: 'rejected' });
    expect(decided.data.fact.history.at(-1)).toMatchObject({ reviewer: 'eve', stage: 'adjudication' });
  });
});
