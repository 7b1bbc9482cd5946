/**
 * The review server's HTTP pieces: answers with the security headers, a capped JSON body reader,
 * HttpError (a failure with its status code, like hono's HTTPException) and routes that validate
 * their query or body with a zod schema before their handler sees it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { zodProblems } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { reviewerIdentity } from '../store/reviewers.ts';

const MAX_BODY = 64 * 1024;
const HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** A request refused with this status; the message goes to the page as `{ ok: false, error }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { ...HEADERS, 'content-type': type });
  res.end(body);
}

export function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
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

/** What a route answers: a status and a JSON value. */
export interface Reply {
  status: number;
  body: unknown;
}

export const ok = (body: unknown): Reply => ({ status: 200, body });

/** What every handler may use beside its validated input. */
export interface Context {
  db: Store;
  /** Recorded with decisions when the page names no reviewer; the asker's own name when `identified`. */
  reviewer: string | null;
  /** The request carried a reviewer's personal token (`review --reviewers`): `reviewer` is who asks, whatever name the request states. */
  identified: boolean;
  /** The path's captured parts (a fact id). */
  params: string[];
}

/** Who a request acts as: the personal token's reviewer, else the name it states, else the server's. */
export function who(stated: string, ctx: Pick<Context, 'reviewer' | 'identified'>): string | null {
  return ctx.identified ? ctx.reviewer : stated || ctx.reviewer;
}

export interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  /** Validates the query (GET) or the JSON body (POST), then answers. */
  handle: (input: unknown, ctx: Context) => Reply;
  /** A read-only route whose work grows with what it shows: answered in the server's read-only child (route-child.ts). */
  apart?: boolean;
}

/** The route answered apart from the requests that must never wait (queue, decisions). */
export const apart = (r: Route): Route => ({ ...r, apart: true });

/** A route whose handler sees its input only once `schema` accepts it; otherwise 400 naming each field. */
export function route<S extends z.ZodType>(method: Route['method'], path: RegExp, schema: S, handle: (input: z.output<S>, ctx: Context) => Reply): Route {
  return {
    method,
    path,
    handle: (input, ctx) => {
      const parsed = schema.safeParse(input);
      if (!parsed.success) throw new HttpError(400, zodProblems(parsed.error));
      return handle(parsed.data, ctx);
    },
  };
}

/** Query parameters as an object: the first value of each, an empty one as absent (as a cleared form field). */
export function queryObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    const value = params.get(key) ?? '';
    if (value !== '') out[key] = value;
  }
  return out;
}

/** One of `options`, with a message that lists them. */
export function oneOf<const T extends string>(options: readonly T[]) {
  return z.enum(options as readonly [T, ...T[]], { error: `must be one of ${options.join(', ')}` });
}

/** A number, or its text (query parameters are text); absent, null or empty is not one. */
export const Num = z.preprocess((v) => (v === undefined || v === null || v === '' ? Number.NaN : Number(v)), z.number({ error: 'must be a number' }));

/** Who decides, as the page names it, as an identity (reviewerIdentity); anything else counts as unnamed. */
export const Reviewer = z
  .unknown()
  .optional()
  .transform((r) => (typeof r === 'string' ? reviewerIdentity(r) : ''));

/** A reviewer's note, at most 2000 characters; anything but text is none. */
export const Note = z
  .unknown()
  .optional()
  .transform((n) => (typeof n === 'string' ? n.slice(0, 2000) : null));
