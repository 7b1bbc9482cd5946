/**
 * The review server's read-only routes whose work grows with what they show (a big city's
 * network, a page of conflicts with their citations, search) run here, in a process of its own
 * with a read-only connection, as `sql` does: the server's own thread stays free for the queue
 * and decisions, and stopping the server kills this process at once, whatever it is reading.
 * Requests come as IPC messages ({ id, route, input, params, reviewer, identified }) and are answered one at
 * a time with { id, status, body }.
 */
import { openStore } from '../store/db.ts';
import type { Reply } from './http.ts';
import { errorReply, ROUTES } from './review-server.ts';

export interface RouteRequest {
  id: number;
  /** The route's index in ROUTES. */
  route: number;
  input: unknown;
  params: string[];
  reviewer: string | null;
  identified: boolean;
}

export type RouteAnswer = { id: number } & Reply & { retryAfter?: string };

// The store's path comes as the only argument; the parent checked it opens.
const db = openStore(process.argv[2], { readonly: true });
// Each route run once before the first request (what a first run loads and compiles, the gazetteer
// and the map's projection among it, would otherwise fall on the reviewer's first page).
for (const route of ROUTES.filter((r) => r.apart)) {
  try {
    route.handle({ place: '成都', q: '友好城市' }, { db, reviewer: null, identified: false, params: [] });
  } catch {
    // A store without that place or text: what it loaded is loaded.
  }
}
process.on('message', (m: RouteRequest) => {
  let answer: RouteAnswer;
  try {
    // The parent sends only indexes of its own ROUTES, which this process has too.
    answer = { id: m.id, ...ROUTES[m.route]!.handle(m.input, { db, reviewer: m.reviewer, identified: m.identified, params: m.params }) };
  } catch (err) {
    answer = { id: m.id, ...errorReply(err) };
  }
  process.send?.(answer);
});
// The server gone (stopped, or killed): nothing left to answer.
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
