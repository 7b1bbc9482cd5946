import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACT_TYPES, METHODS, RelationshipRelation, STATUSES } from '../../src/records.ts';
import { startReviewServer, type ReviewServer } from '../../src/review/review-server.ts';
import type { Store } from '../../src/store/db.ts';
import { filledStore } from './fixtures.ts';

let db: Store;
let server: ReviewServer;

beforeAll(async () => {
  ({ db } = await filledStore());
  server = await startReviewServer({ db, port: 0, reviewer: 'ana' });
});
afterAll(async () => {
  await server.close();
  db.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(path, server.url), {
    method,
    headers: { 'x-youcheng-token': server.token, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, data: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text() };
}

async function pending(type?: string) {
  const { data } = await call('GET', `/api/queue${type ? `?type=${type}` : ''}`);
  return data.facts as Array<{ id: string; version: number; documentId: string; type: string; confidence: number }>;
}

describe('review API', () => {
  it('serves the page on 127.0.0.1 with a strict Content-Security-Policy', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await call('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.data).toContain(`content="${server.token}"`);
  });

  it("offers the filters' choices of records.ts on both pages", async () => {
    const choices = (html: string, id: string) =>
      [...(new RegExp(`<select id="${id}"[^>]*>(.*?)</select>`).exec(html)?.[1] ?? '').matchAll(/<option(?: value="([^"]*)")?>([^<]*)</g)].map((m) => m[1] ?? m[2]);
    const review = (await call('GET', '/')).data as string;
    expect(choices(review, 'f-type')).toEqual(['', ...FACT_TYPES]);
    expect(choices(review, 'f-status').sort()).toEqual(['all', ...STATUSES].sort());
    expect(choices(review, 'f-method')).toEqual(['', ...METHODS]);
    const research = (await call('GET', '/research')).data as string;
    expect(choices(research, 'relation')).toEqual(['', ...RelationshipRelation.options]);
  });

  it('lists pending facts grouped by document, filterable', async () => {
    const all = await pending();
    expect(all.length).toBeGreaterThan(10);
    expect((await call('GET', '/api/queue')).data).toMatchObject({ pending: all.length, total: all.length });
    const docs = all.map((f) => f.documentId);
    expect(docs).toEqual([...docs].sort((a, b) => docs.indexOf(a) - docs.indexOf(b)));
    const counts = await pending('count');
    expect(counts.every((f) => f.type === 'count')).toBe(true);
    expect((await call('GET', '/api/queue?type=nonsense')).status).toBe(400);
  });

  it('approves, rejects and records every decision with reviewer and time', async () => {
    const f = (await pending('count'))[0]!;
    const r = await call('POST', `/api/facts/${f.id}/decision`, { action: 'approve', version: f.version, note: 'checked' });
    expect(r.status).toBe(200);
    expect(r.data.fact).toMatchObject({ status: 'approved', version: f.version + 1 });
    expect(r.data.fact.history).toEqual([expect.objectContaining({ action: 'approve', reviewer: 'ana', note: 'checked', at: expect.stringMatching(/^\d{4}-/) })]);
  });

  it('refuses an invalid edit with the reason, and takes a valid one as edited', async () => {
    const f = (await pending('date'))[0]!;
    const detail = (await call('GET', `/api/facts/${f.id}`)).data;
    const { evidence, method, confidence, type, ...fields } = detail.fact;
    const bad = await call('POST', `/api/facts/${f.id}/decision`, { action: 'edit', version: f.version, fields: { ...fields, start: '2024-13-40' } });
    expect(bad.status).toBe(400);
    expect(bad.data.error).toMatch(/start: a date as YYYY, YYYY-MM or YYYY-MM-DD/);
    const good = await call('POST', `/api/facts/${f.id}/decision`, { action: 'edit', version: f.version, fields: { ...fields, start: '2024-05-21', end: '2024-05-21' } });
    expect(good.status).toBe(200);
    expect(good.data.fact).toMatchObject({ status: 'edited', fact: { start: '2024-05-21' } });
    expect(good.data.fact.history[0]).toMatchObject({ action: 'edit', before: { status: 'pending' }, after: { status: 'edited' } });
  });

  it('gives the second of two reviewers of one fact a conflict and the current state', async () => {
    const f = (await pending('agreement'))[0]!;
    const first = await call('POST', `/api/facts/${f.id}/decision`, { action: 'approve', version: f.version, reviewer: 'ana' });
    expect(first.status).toBe(200);
    const second = await call('POST', `/api/facts/${f.id}/decision`, { action: 'reject', version: f.version, reviewer: 'bo' });
    expect(second.status).toBe(409);
    expect(second.data.fact).toMatchObject({ status: 'approved' });
  });

  it('undoes a decision as a new history entry', async () => {
    const f = (await pending('event'))[0]!;
    const r = await call('POST', `/api/facts/${f.id}/decision`, { action: 'reject', version: f.version });
    const u = await call('POST', `/api/facts/${f.id}/undo`, { version: r.data.fact.version });
    expect(u.status).toBe(200);
    expect(u.data.fact.status).toBe('pending');
    expect(u.data.fact.history.map((h: { action: string }) => h.action)).toEqual(['reject', 'undo']);
  });

  it("approves a document's facts above a confidence in one batch", async () => {
    const facts = await pending();
    const doc = facts[0]!.documentId;
    const expected = facts.filter((f) => f.documentId === doc && f.confidence >= 0.8).length;
    const r = await call('POST', '/api/batch', { documentId: doc, minConfidence: 0.8 });
    expect(r.data).toEqual({ ok: true, approved: expected });
    expect((await pending()).some((f) => f.documentId === doc && f.confidence >= 0.8)).toBe(false);
  });

  it('refuses a bad query or body with 400 and a message naming each field, and changes nothing', async () => {
    const f = (await pending())[0]!;
    const before = (await call('GET', `/api/facts/${f.id}`)).data;
    const refused = async (method: string, path: string, body: unknown, message: RegExp) => {
      const r = await call(method, path, body);
      expect(r.status).toBe(400);
      expect(r.data).toEqual({ ok: false, error: expect.stringMatching(message) });
    };
    await refused('POST', `/api/facts/${f.id}/decision`, { action: 'approve' }, /^version: must be a number$/);
    await refused('POST', `/api/facts/${f.id}/decision`, { action: 'maybe', version: 'x' }, /^action: must be one of approve, reject, edit; version: must be a number$/);
    await refused('POST', `/api/facts/${f.id}/undo`, { version: null }, /^version: must be a number$/);
    await refused('POST', '/api/batch', { type: 'city', minConfidence: 0.5 }, /^type: must be one of city_pair, count, date, agreement, event$/);
    await refused('POST', '/api/batch', { minConfidence: 0.5 }, /^a batch needs a documentId or a type$/);
    await refused('GET', '/api/queue?status=done', undefined, /^status: must be one of all, pending, approved, rejected, edited$/);
    await refused('GET', '/api/queue?min=lots', undefined, /^min: must be a number$/);
    await refused('GET', '/api/research/facts?relation=twin&since=1989-13', undefined, /^relation: must be one of sister, friendly, unspecified; since: a date as YYYY, YYYY-MM or YYYY-MM-DD$/);
    expect((await call('GET', `/api/facts/${f.id}`)).data).toEqual(before);
  });

  it('refuses state changes without the token header, without JSON, or too large', async () => {
    const f = (await pending())[0]!;
    expect((await call('POST', `/api/facts/${f.id}/decision`, { action: 'approve', version: f.version }, { 'x-youcheng-token': 'wrong' })).status).toBe(403);
    expect((await call('POST', `/api/facts/${f.id}/decision`, 'action=approve', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await call('POST', `/api/facts/${f.id}/decision`, { action: 'approve', version: f.version, note: 'x'.repeat(70_000) })).status).toBe(413);
  });

  it('requires the token for everything when bound beyond loopback', async () => {
    const open = await startReviewServer({ db, host: '0.0.0.0', port: 0, token: 'secret-token' });
    try {
      const port = new URL(open.url.replace('0.0.0.0', '127.0.0.1')).port;
      expect(open.url).toContain('?token=secret-token');
      expect((await fetch(`http://127.0.0.1:${port}/api/queue`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/?token=secret-token`)).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

/** A raw HTTP request to 127.0.0.1 carrying whatever Host header a rebinding page would send. */
function raw(port: number, method: string, path: string, host: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the Host check (DNS rebinding)', () => {
  const port = () => Number(new URL(server.url).port);

  it('refuses the page, its script and the API under a forged Host, with no token', async () => {
    for (const path of ['/', '/research', '/app.js', '/api/queue']) {
      const r = await raw(port(), 'GET', path, `attacker.example:${port()}`);
      expect(r.status).toBe(421);
      expect(r.text).not.toContain(server.token);
    }
    // The right name on another port is another origin too.
    expect((await raw(port(), 'GET', '/', '127.0.0.1:1')).status).toBe(421);
  });

  it('records no decision posted under a forged Host, even with the token', async () => {
    const f = (await pending('count'))[0]!;
    const body = JSON.stringify({ action: 'reject', version: f.version });
    const headers = { 'content-type': 'application/json', 'x-youcheng-token': server.token, 'content-length': String(Buffer.byteLength(body)) };
    const r = await raw(port(), 'POST', `/api/facts/${f.id}/decision`, `attacker.example:${port()}`, headers, body);
    expect(r.status).toBe(421);
    const after = (await call('GET', `/api/facts/${f.id}`)).data;
    expect(after).toMatchObject({ version: f.version, status: 'pending', history: [] });
  });

  it('answers to its own names with its port', async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `LOCALHOST:${port()}`, `[::1]:${port()}`]) {
      const r = await raw(port(), 'GET', '/', host);
      expect(r.status).toBe(200);
      expect(r.text).toContain(server.token);
    }
  });

  it('bound to every address, answers to IP literals but not to names it was not given', async () => {
    const open = await startReviewServer({ db, host: '0.0.0.0', port: 0, token: 'secret-token' });
    try {
      const p = Number(new URL(open.url.replace('0.0.0.0', '127.0.0.1')).port);
      expect((await raw(p, 'GET', '/?token=secret-token', `192.0.2.7:${p}`)).status).toBe(200);
      const forged = await raw(p, 'GET', '/?token=secret-token', `attacker.example:${p}`);
      expect(forged.status).toBe(421);
      expect(forged.text).not.toContain('secret-token');
    } finally {
      await open.close();
    }
  });
});
