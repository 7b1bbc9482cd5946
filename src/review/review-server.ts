/**
 * The review page's server (node:http): the page, and a small JSON API over the store.
 *
 * Security: it binds to 127.0.0.1 unless told otherwise, and on any other address every request
 * needs the session token (the page link carries it). Every state-changing request needs the token
 * in the X-Youcheng-Token header and a JSON body, which a cross-site form cannot send; bodies are
 * capped. It answers only to the Host names it was bound for (127.0.0.1, localhost, [::1] or its
 * --host, with its port): a page that rebinds its own name to this address gets 421 and no token.
 * Article text and fact fields only ever reach the page as JSON, which the page puts into
 * the document as text, and the Content-Security-Policy allows no script but the page's own.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describeFact } from '../query/describe.ts';
import { StoreBusyError, StoreError } from '../errors.ts';
import { FACT_TYPES, type FactType } from '../records.ts';
import { stmt, type Store } from '../store/db.ts';
import { pageFacts, STATUSES, type Status } from '../store/facts.ts';
import { approveAll, decide, factById, historyOf, undo, type DecisionResult } from '../store/review.ts';
import { searchDocuments } from '../store/research.ts';
import { factRecord } from '../query/export.ts';
import { toSimplified } from '../extract/script.ts';
import { selectFacts } from '../query/select.ts';

const MAX_BODY = 64 * 1024;
/** Facts in one review queue answer. */
const QUEUE_PAGE = 500;
const asset = (name: string) => readFileSync(fileURLToPath(new URL(`./public/${name}`, import.meta.url)), 'utf8');
const ASSETS: Record<string, { type: string; body: string }> = {
  '/shared.js': { type: 'text/javascript; charset=utf-8', body: asset('shared.js') },
  '/app.js': { type: 'text/javascript; charset=utf-8', body: asset('app.js') },
  '/research.js': { type: 'text/javascript; charset=utf-8', body: asset('research.js') },
  '/app.css': { type: 'text/css; charset=utf-8', body: asset('app.css') },
};
const PAGE = asset('index.html');
const RESEARCH_PAGE = asset('research.html');
const HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export interface ReviewServerOptions {
  db: Store;
  host?: string;
  port?: number;
  /** Recorded with decisions when the page names no reviewer. */
  reviewer?: string | null;
  /** The session token; generated when not given. */
  token?: string;
}

export interface ReviewServer {
  url: string;
  token: string;
  server: Server;
  close: () => Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Wildcard binds: any address of this machine, which a browser names by its IP. */
const WILDCARD = new Set(['0.0.0.0', '[::]']);

/**
 * The Host headers this server answers: its loopback names and the address it was bound to,
 * with its port. A DNS-rebinding page reaches the server under its own name and is refused; an
 * IP literal cannot be rebound, so a wildcard bind also answers to any of them.
 */
export function allowedHosts(shownHost: string, port: number): (header: string | undefined) => boolean {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', shownHost.toLowerCase()]);
  return (header) => {
    const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d+))?$/i.exec(header ?? '');
    if (!m || Number(m[2] ?? 80) !== port) return false;
    const name = m[1].toLowerCase();
    return names.has(name) || (WILDCARD.has(shownHost) && (isIP(name) === 4 || (name.startsWith('[') && isIP(name.slice(1, -1)) === 6)));
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { ...HEADERS, 'content-type': type });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'send JSON (Content-Type: application/json)');
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) throw new HttpError(413, `request body over ${MAX_BODY} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, `request body over ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch (err) {
    throw new HttpError(400, `the body is not a JSON object: ${(err as Error).message}`);
  }
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function detail(db: Store, id: string) {
  const stored = factById(db, id);
  if (!stored) throw new HttpError(404, `no fact ${id}`);
  const doc = stmt(db, 'SELECT id, title, source, page, published, original FROM documents WHERE id = ?').get(stored.documentId);
  return { ...stored, summary: describeFact(stored.fact), document: doc, history: historyOf(db, id) };
}

function outcome(res: ServerResponse, db: Store, r: DecisionResult): void {
  if (r.ok) json(res, 200, { ok: true, fact: detail(db, r.fact.id) });
  else if (r.conflict) json(res, 409, { ok: false, error: 'someone else decided this fact meanwhile; here is its current state', fact: detail(db, r.fact.id) });
  else json(res, 400, { ok: false, error: r.error });
}

function number(v: unknown, name: string): number {
  const n = Number(v);
  if (v === undefined || v === null || v === '' || !Number.isFinite(n)) throw new HttpError(400, `${name} must be a number`);
  return n;
}

function reviewerOf(body: Record<string, unknown>, fallback: string | null): string | null {
  const r = typeof body.reviewer === 'string' ? body.reviewer.trim().slice(0, 80) : '';
  return r || fallback;
}

export async function startReviewServer(opts: ReviewServerOptions): Promise<ReviewServer> {
  const { db } = opts;
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(18).toString('base64url');
  const loopback = isLoopback(host);
  const reviewer = opts.reviewer ?? null;

  let hostAllowed: (header: string | undefined) => boolean = () => false;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Before anything else, so a page under another name (DNS rebinding) never sees the token.
    if (!hostAllowed(req.headers.host)) throw new HttpError(421, `this server answers only to the address it printed, not to Host "${(req.headers.host ?? '').slice(0, 100)}"`);
    const url = new URL(req.url ?? '/', 'http://review.local');
    const path = url.pathname;
    // The script and style hold no data: they load without the token.
    if (req.method === 'GET' && ASSETS[path]) return send(res, 200, ASSETS[path].type, ASSETS[path].body);
    if (!loopback && !sameToken(url.searchParams.get('token') ?? (req.headers['x-youcheng-token'] as string | undefined), token)) {
      throw new HttpError(401, 'this review server needs its token: open the link it printed');
    }
    if (req.method === 'GET' && path === '/') {
      const page = PAGE.replace('{{token}}', token).replace(
        '{{reviewer}}',
        (reviewer ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`),
      );
      return send(res, 200, 'text/html; charset=utf-8', page);
    }
    if (req.method === 'GET' && path === '/research') return send(res, 200, 'text/html; charset=utf-8', RESEARCH_PAGE.replace('{{token}}', token));
    if (req.method === 'GET' && path === '/api/research/search') {
      return json(res, 200, { hits: searchDocuments(db, toSimplified(url.searchParams.get('q') ?? '').replace(/\s+/g, ''), 50) });
    }
    if (req.method === 'GET' && path === '/api/research/facts') {
      const q = url.searchParams;
      const type = q.get('type') || undefined;
      if (type && !FACT_TYPES.includes(type as FactType)) throw new HttpError(400, `type must be one of ${FACT_TYPES.join(', ')}`);
      const relation = q.get('relation') || undefined;
      if (relation && !['sister', 'friendly', 'unspecified'].includes(relation)) throw new HttpError(400, 'relation must be sister, friendly or unspecified');
      for (const bound of ['since', 'until']) if (q.get(bound) && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(q.get(bound)!)) throw new HttpError(400, `${bound} must be YYYY, YYYY-MM or YYYY-MM-DD`);
      const { facts } = selectFacts(db, {
        type: type as FactType | undefined,
        all: q.get('all') === '1',
        place: q.get('place') || undefined,
        country: q.get('country') || undefined,
        relation: relation as 'sister' | 'friendly' | 'unspecified' | undefined,
        since: q.get('since') || undefined,
        until: q.get('until') || undefined,
      });
      return json(res, 200, { facts: facts.map(factRecord) });
    }
    if (req.method === 'GET' && path === '/api/queue') {
      const q = url.searchParams;
      const type = q.get('type') || undefined;
      const status = q.get('status') || 'pending';
      if (type && !FACT_TYPES.includes(type as FactType)) throw new HttpError(400, `type must be one of ${FACT_TYPES.join(', ')}`);
      if (status !== 'all' && !STATUSES.includes(status as Status)) throw new HttpError(400, `status must be all or one of ${STATUSES.join(', ')}`);
      const method = q.get('method') || undefined;
      if (method && method !== 'rules' && method !== 'llm') throw new HttpError(400, 'method must be rules or llm');
      // A page, so a store with a large backlog still answers at once; deciding brings the next in.
      const { total, facts } = pageFacts(
        db,
        {
          type: type as FactType | undefined,
          statuses: status === 'all' ? undefined : [status as Status],
          documentId: q.get('doc') || undefined,
          method: method as 'rules' | 'llm' | undefined,
          minConfidence: q.get('min') ? number(q.get('min'), 'min') : undefined,
          maxConfidence: q.get('max') ? number(q.get('max'), 'max') : undefined,
        },
        { limit: QUEUE_PAGE },
      );
      const pending = (stmt(db, "SELECT count(*) AS n FROM facts WHERE status = 'pending'").get() as { n: number }).n;
      return json(res, 200, {
        pending,
        total,
        facts: facts.map((f) => ({
          id: f.id,
          documentId: f.documentId,
          title: f.title,
          type: f.fact.type,
          status: f.status,
          method: f.fact.method,
          confidence: f.fact.confidence,
          version: f.version,
          summary: describeFact(f.fact),
        })),
      });
    }
    const factMatch = /^\/api\/facts\/([0-9a-f]{16})(?:\/(decision|undo))?$/.exec(path);
    if (req.method === 'GET' && factMatch && !factMatch[2]) return json(res, 200, detail(db, factMatch[1]));
    if (req.method === 'POST') {
      if (!sameToken(req.headers['x-youcheng-token'] as string | undefined, token)) throw new HttpError(403, 'missing or wrong X-Youcheng-Token header');
      const body = await readJson(req);
      if (factMatch?.[2] === 'decision') {
        const action = body.action;
        if (action !== 'approve' && action !== 'reject' && action !== 'edit') throw new HttpError(400, 'action must be approve, reject or edit');
        const note = typeof body.note === 'string' ? body.note.slice(0, 2000) : null;
        return outcome(res, db, decide(db, { factId: factMatch[1], action, reviewer: reviewerOf(body, reviewer), note, version: number(body.version, 'version'), fields: body.fields }));
      }
      if (factMatch?.[2] === 'undo') return outcome(res, db, undo(db, { factId: factMatch[1], reviewer: reviewerOf(body, reviewer), version: number(body.version, 'version') }));
      if (path === '/api/batch') {
        const type = typeof body.type === 'string' ? body.type : undefined;
        if (type && !FACT_TYPES.includes(type as FactType)) throw new HttpError(400, `type must be one of ${FACT_TYPES.join(', ')}`);
        const documentId = typeof body.documentId === 'string' ? body.documentId : undefined;
        if (!type && !documentId) throw new HttpError(400, 'a batch needs a documentId or a type');
        const approved = approveAll(db, { documentId, type, minConfidence: number(body.minConfidence, 'minConfidence') }, reviewerOf(body, reviewer));
        return json(res, 200, { ok: true, approved });
      }
    }
    throw new HttpError(404, `no route ${req.method} ${path}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (err instanceof HttpError) json(res, err.status, { ok: false, error: err.message });
      // A store another process holds, or one this process may not write: not the page's fault, nor a bug.
      else if (err instanceof StoreError) {
        if (err instanceof StoreBusyError) res.setHeader('retry-after', '2');
        json(res, 503, { ok: false, error: err.message });
      } else json(res, 500, { ok: false, error: `internal error: ${(err as Error).message}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  hostAllowed = allowedHosts(shown, port);
  return {
    url: `http://${shown}:${port}/${loopback ? '' : `?token=${token}`}`,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
