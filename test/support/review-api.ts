/** The review API over a real server: calls as its page makes them, and a served store. */
import { startReviewServer, type ReviewServer } from '../../src/review/review-server.ts';
import { articleStore } from './review-store.ts';

/** Calls a running review server's API as its page does: the token in a header, a JSON body. */
export async function callApi(server: ReviewServer, method: string, path: string, body?: unknown) {
  const res = await fetch(new URL(path, server.url), {
    method,
    headers: { 'x-youcheng-token': server.token, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, data: await res.json() };
}

/** The review article's store served with this default reviewer: its API through `call`, `close` to end both. */
export async function servedArticle(reviewer: string) {
  const { db, path } = articleStore();
  const server = await startReviewServer({ db, port: 0, reviewer });
  return {
    db,
    path,
    server,
    call: (method: string, url: string, body?: unknown) => callApi(server, method, url, body),
    close: async () => {
      await server.close();
      db.close();
    },
  };
}
