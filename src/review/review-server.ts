/**
 * The review page's server (node:http): the pages, and the JSON API of routes.ts, add-routes.ts
 * and research-routes.ts over the store, with errors answered as status codes.
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
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { readAsset } from '../assets.ts';
import { StoreBusyError, StoreError } from '../errors.ts';
import { xml } from '../query/export.ts';
import { FACT_TYPES, METHODS, RelationshipRelation, STATUSES } from '../records.ts';
import type { Store } from '../store/db.ts';
import { reviewerIdentity, reviewerTokens } from '../store/reviewers.ts';
import { addRoutes } from './add-routes.ts';
import { formRoutes } from './form-routes.ts';
import { HttpError, json, queryObject, readJson, type Reply, send, type Route } from './http.ts';
import type { RouteAnswer, RouteRequest } from './route-child.ts';
import { researchRoutes } from './research-routes.ts';
import { reviewRoutes } from './routes.ts';

const asset = (name: string) => readAsset(`src/review/public/${name}`);
const options = (values: readonly string[]) => values.map((v) => `<option>${xml(v)}</option>`).join('');
/** The pages' filter choices, from the enums in records.ts. */
const CHOICES: Record<string, string> = {
  '{{type-options}}': options(FACT_TYPES),
  '{{status-options}}': options(STATUSES.filter((s) => s !== 'pending')),
  '{{method-options}}': options(METHODS),
  '{{relation-options}}': options(RelationshipRelation.options),
};
const withChoices = (html: string) => html.replace(/\{\{[a-z]+-options\}\}/g, (slot) => CHOICES[slot] ?? slot);
let pageFiles: { ASSETS: Record<string, { type: string; body: string }>; PAGE: string; RESEARCH_PAGE: string } | undefined;
/** The page's files, read when the first server starts rather than whenever this module is imported. */
function loadPageFiles(): NonNullable<typeof pageFiles> {
  return (pageFiles ??= {
    ASSETS: {
      '/shared.js': { type: 'text/javascript; charset=utf-8', body: asset('shared.js') },
      '/app.js': { type: 'text/javascript; charset=utf-8', body: asset('app.js') },
      '/add.js': { type: 'text/javascript; charset=utf-8', body: asset('add.js') },
      '/research.js': { type: 'text/javascript; charset=utf-8', body: asset('research.js') },
      '/research.css': { type: 'text/css; charset=utf-8', body: asset('research.css') },
      '/conflicts.js': { type: 'text/javascript; charset=utf-8', body: asset('conflicts.js') },
      '/app.css': { type: 'text/css; charset=utf-8', body: asset('app.css') },
    },
    PAGE: withChoices(asset('index.html')),
    RESEARCH_PAGE: withChoices(asset('research.html')),
  });
}

export interface ReviewServerOptions {
  db: Store;
  host?: string;
  port?: number;
  /** Recorded with decisions a request makes without naming a reviewer (never the page's default). */
  reviewer?: string | null;
  /** The session token; generated when not given. */
  token?: string;
  /**
   * The team (`review --reviewers FILE`): each reviewer gets a personal link whose token says who
   * asks; every request needs one, and the name a request states counts for nothing.
   */
  reviewers?: string[];
}

export interface ReviewServer {
  url: string;
  token: string;
  /** Each listed reviewer's personal link (with `reviewers`). */
  links: Array<{ name: string; url: string }>;
  server: Server;
  close: () => Promise<void>;
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
    const name = m[1]!.toLowerCase(); // the host always participates
    return names.has(name) || (WILDCARD.has(shownHost) && (isIP(name) === 4 || (name.startsWith('[') && isIP(name.slice(1, -1)) === 6)));
  };
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const ROUTES: Route[] = [...reviewRoutes, ...addRoutes, ...formRoutes, ...researchRoutes];

/** A failure as the page gets it: an HttpError with its status; a store another process holds, or one this process may not write, 503 (not the page's fault, nor a bug). */
export function errorReply(err: unknown): Reply & { retryAfter?: string } {
  if (err instanceof HttpError) return { status: err.status, body: { ok: false, error: err.message } };
  if (err instanceof StoreError) return { status: 503, body: { ok: false, error: err.message }, ...(err instanceof StoreBusyError ? { retryAfter: '2' } : {}) };
  return { status: 500, body: { ok: false, error: `internal error: ${(err as Error).message}` } };
}

// Run from the TypeScript sources, the child needs tsx; compiled or bundled, it is plain JavaScript beside this file.
const fromSources = import.meta.url.endsWith('.ts');
const childArgs = fromSources ? ['--import', import.meta.resolve('tsx'), fileURLToPath(new URL('./route-child.ts', import.meta.url))] : [fileURLToPath(new URL('./route-child.js', import.meta.url))];

/**
 * The read-only child (route-child.ts) that answers the routes marked `apart`, started with the
 * server (`ready` once it listens) and started again if it dies; requests wait for it in order.
 */
function routeChild(path: string): { ready: Promise<void>; run: (request: Omit<RouteRequest, 'id'>) => Promise<RouteAnswer>; stop: () => void } {
  let child: ChildProcess | null = null;
  let ready: Promise<void> = Promise.resolve();
  let next = 0;
  const waiting = new Map<number, (answer: RouteAnswer) => void>();
  const start = () => {
    const c = spawn(process.execPath, [...childArgs, path], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child = c;
    ready = new Promise((resolve) => {
      c.on('message', (m: RouteAnswer | { ready: true }) => {
        if ('ready' in m) return resolve();
        waiting.get(m.id)?.(m);
        waiting.delete(m.id);
      });
      c.once('exit', () => {
        resolve();
        if (child === c) child = null;
        for (const [id, answer] of waiting) answer({ id, status: 503, body: { ok: false, error: 'the server stopped, or its reader did: ask again' } });
        waiting.clear();
      });
    });
  };
  start();
  return {
    ready,
    run: async (request) => {
      if (!child) start();
      await ready;
      const id = next++;
      return new Promise<RouteAnswer>((resolve) => {
        waiting.set(id, resolve);
        if (!child?.send({ ...request, id })) resolve({ id, status: 503, body: { ok: false, error: 'the server is stopping' } });
      });
    },
    stop: () => {
      child?.kill('SIGKILL');
      child = null;
    },
  };
}

export async function startReviewServer(opts: ReviewServerOptions): Promise<ReviewServer> {
  const { db } = opts;
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(18).toString('base64url');
  const loopback = isLoopback(host);
  const reviewer = opts.reviewer ? reviewerIdentity(opts.reviewer) || null : null;
  const team = opts.reviewers && reviewerTokens(db, opts.reviewers.map(reviewerIdentity));
  const { ASSETS, PAGE, RESEARCH_PAGE } = loadPageFiles();
  // A store in memory has no path another connection could open: its routes run here.
  const apart = db.memory ? null : routeChild(db.name);

  let hostAllowed: (header: string | undefined) => boolean = () => false;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Before anything else, so a page under another name (DNS rebinding) never sees the token.
    if (!hostAllowed(req.headers.host)) throw new HttpError(421, `this server answers only to the address it printed, not to Host "${(req.headers.host ?? '').slice(0, 100)}"`);
    const url = new URL(req.url ?? '/', 'http://review.local');
    const path = url.pathname;
    // The script and style hold no data: they load without the token.
    if (req.method === 'GET' && ASSETS[path]) return send(res, 200, ASSETS[path].type, ASSETS[path].body);
    const header = req.headers['x-youcheng-token'] as string | undefined;
    const given = url.searchParams.get('token') ?? header;
    // With a team, the personal token says who asks, and stands for the session token.
    const asker = team?.byToken(given);
    if (team && !asker) throw new HttpError(401, 'this review server gives each reviewer a personal link (review --reviewers): open yours');
    if (!team && !loopback && !sameToken(given, token)) throw new HttpError(401, 'this review server needs its token: open the link it printed');
    const pageToken = asker ? given! : token;
    if (req.method === 'GET' && (path === '/' || path === '/research')) {
      const page = (path === '/' ? PAGE : RESEARCH_PAGE).replace('{{token}}', () => pageToken).replace('{{reviewer}}', () => xml(asker ?? ''));
      return send(res, 200, 'text/html; charset=utf-8', page);
    }
    // A state-changing request needs the token in its header (a cross-site form cannot set one) and a JSON body.
    let input: unknown = queryObject(url.searchParams);
    if (req.method === 'POST') {
      if (!(asker ? header === given : sameToken(header, token))) throw new HttpError(403, 'missing or wrong X-Youcheng-Token header');
      input = await readJson(req);
    }
    for (const [i, route] of ROUTES.entries()) {
      const params = route.method === req.method ? route.path.exec(path) : null;
      if (!params) continue;
      const ctx = { db, reviewer: asker ?? reviewer, identified: !!asker, params: params.slice(1) };
      const reply: Reply & { retryAfter?: string } =
        route.apart && apart ? await apart.run({ route: i, input, params: ctx.params, reviewer: ctx.reviewer, identified: ctx.identified }) : route.handle(input, ctx);
      if (reply.retryAfter) res.setHeader('retry-after', reply.retryAfter);
      return json(res, reply.status, reply.body);
    }
    throw new HttpError(404, `no route ${req.method} ${path}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      const reply = errorReply(err);
      if (reply.retryAfter) res.setHeader('retry-after', reply.retryAfter);
      json(res, reply.status, reply.body);
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => resolve());
    });
  } catch (err) {
    apart?.stop();
    throw err;
  }
  // Its first answers should not wait for the child to load.
  await apart?.ready;
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  hostAllowed = allowedHosts(shown, port);
  const base = `http://${shown}:${port}/`;
  return {
    url: `${base}${loopback ? '' : `?token=${token}`}`,
    token,
    links: team?.tokens.map((t) => ({ name: t.name, url: `${base}?token=${t.token}` })) ?? [],
    server,
    close: () =>
      new Promise<void>((resolve) => {
        apart?.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
