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
}, 60_000);
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
    // A second span of the same pair (naming both places, as evidence must) becomes its evidence.
    const more = spanOf('安吉县同轻井泽町的交往');
    const again = await call('POST', `/api/facts/${ok.data.fact.id}/evidence`, { ...more });
    expect(again.status).toBe(200);
    expect(again.data.fact.fact.evidence.map((e: { quote: string }) => e.quote)).toEqual(['安吉县同轻井泽町', '安吉县同轻井泽町的交往']);
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
    // A stated name proves nothing (no personal token): the vote stays hidden until both are cast, even from "cy".
    expect(vote.data.fact.history).toEqual([{ id: expect.any(Number), at: expect.any(String), stage: 'vote', hidden: true }]);
    expect((await call('GET', `/api/facts/${first.id}?reviewer=cy`)).data.history).toEqual([expect.objectContaining({ hidden: true })]);
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

describe('reviewer identities', () => {
  it('takes a name in any case, width or with invisible characters as one reviewer, who cannot cast the second vote', async () => {
    setReviewSettings(db, { double: true, adjudicator: 'third' });
    const fact = (await call('GET', '/api/queue?type=count&reviewer=alice')).data.facts[0];
    const vote = (reviewer: string) => call('POST', `/api/facts/${fact.id}/decision`, { action: 'approve', version: fact.version, reviewer });
    expect((await vote('Alice')).status).toBe(200);
    for (const same of ['alice\u200b', 'ａｌｉｃｅ', '\u202Ealice', ' ALICE\u2060 ', 'Al\u00ADice']) {
      const again = await vote(same);
      expect(again.status, same).toBe(400);
      expect(again.data.error).toMatch(/^alice already decided/);
    }
    expect((db.prepare('SELECT count(*) AS n FROM review_history WHERE fact_id = ?').get(fact.id) as { n: number }).n).toBe(1);
  });
});

describe('forms, completion, words and evidence that states its fact', () => {
  it("serves each type's fields as JSON Schema from the record schemas, and places completed from the gazetteer in either script", async () => {
    const { data } = await call('GET', '/api/forms');
    expect(Object.keys(data.forms)).toEqual(['city_pair', 'count', 'date', 'agreement', 'event']);
    expect(data.forms.city_pair.properties.relation.enum).toEqual(['sister', 'friendly', 'unspecified']);
    expect(data.forms.count.required).not.toContain('holder');
    expect(Object.keys(data.forms.count.properties)).not.toContain('evidence');
    const places = await call('GET', `/api/places?q=${encodeURIComponent('蓉')}`);
    expect(places.data.places[0]).toEqual({ name: '成都', country: '中国', kind: 'city', alias: '蓉' });
    const traditional = await call('GET', `/api/places?q=${encodeURIComponent('長野')}`);
    expect(traditional.data.places.map((p: { name: string; country: string }) => `${p.name} ${p.country}`)).toContain('长野县 日本');
  });

  it("gives the article's word ends for the caret and the rules' reading of any span", async () => {
    const { data } = await call('GET', `/api/words?doc=${ARTICLE_ID}`);
    const words = data.ends.map((end: number, i: number) => ARTICLE.slice(data.ends[i - 1] ?? 0, end));
    expect(words.join('')).toBe(ARTICLE);
    expect(words).toEqual(expect.arrayContaining(['安吉县', '同轻井泽町', '2024']));
    const span = spanOf('目前湖州已与全球12个国家');
    const read = await call('GET', `/api/read?doc=${ARTICLE_ID}&start=${span.start}&end=${span.end}`);
    expect(read.data.reading).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'count' })]));
  });

  it('refuses evidence that does not state its fact, marked so the page can offer to force it; takes a count without holder and a date as typed', async () => {
    const before = factCount();
    const span = spanOf('2024年5月20日，浙江省代表团');
    const refused = await call('POST', '/api/facts', { doc: ARTICLE_ID, type: 'city_pair', fields: ANJI, ...span, reviewer: 'ana' });
    expect(refused).toEqual({ status: 400, data: { ok: false, unsupported: true, error: expect.stringMatching(/^the evidence 「2024年5月20日，浙江省代表团」 does not name 安吉 nor 轻井泽/) } });
    expect(factCount()).toBe(before);
    const nagano = { ...ANJI, b: { name: '长野县', country: '日本' }, since: '1987年3月' };
    const forced = await call('POST', '/api/facts', { doc: ARTICLE_ID, type: 'city_pair', fields: nagano, ...span, reviewer: 'ana', force: true });
    expect(forced.status).toBe(200);
    expect(forced.data.fact.fact).toMatchObject({ since: '1987-03' });
    expect(forced.data.fact.history[0].after.forced).toMatch(/does not name 安吉 nor 长野县/);
    const count = await call('POST', '/api/facts', { doc: ARTICLE_ID, type: 'count', fields: { value: 20, approx: 'exact', unit: '个', of: '城市' }, ...spanOf('20个城市'), reviewer: 'ana' });
    expect(count.status).toBe(200);
    expect(count.data.fact.fact).toMatchObject({ value: 20, holder: null });
  });
});
