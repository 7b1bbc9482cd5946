/** Web sources in the store: each URL's state across runs, and a record of every fetch attempt. */
import { stmt, write, type Store } from './db.ts';

export type UrlState = 'pending' | 'done' | 'failed' | 'skipped' | 'gave-up';

export interface UrlRow {
  url: string;
  kind: 'article' | 'feed';
  state: UrlState;
  document_id: string | null;
  /** How it was resolved (new, unchanged, duplicate …), or for a failure its reason and the setting it failed under (robots, too-large:5242880). */
  resolution: string | null;
  feed_url: string | null;
  feed_title: string | null;
  feed_published: string | null;
  failures: number;
  last_error: string | null;
  etag: string | null;
  last_modified: string | null;
}

const now = () => new Date().toISOString();

export function getUrl(db: Store, url: string): UrlRow | undefined {
  return stmt(db, 'SELECT * FROM urls WHERE url = ?').get(url) as UrlRow | undefined;
}

/** Adds a URL as pending; one already known keeps its state (feed details are filled in). */
export function registerUrl(db: Store, url: string, kind: 'article' | 'feed', feed?: { url: string; title: string | null; published: string | null }): UrlRow {
  const t = now();
  return write(db, () => {
    stmt(
      db,
      `INSERT INTO urls (url, kind, state, feed_url, feed_title, feed_published, first_seen, updated_at)
       VALUES (?, ?, 'pending', ?, ?, ?, ?, ?)
       ON CONFLICT (url) DO UPDATE SET feed_url = coalesce(urls.feed_url, excluded.feed_url),
         feed_title = coalesce(urls.feed_title, excluded.feed_title), feed_published = coalesce(urls.feed_published, excluded.feed_published)`,
    ).run(url, kind, feed?.url ?? null, feed?.title ?? null, feed?.published ?? null, t, t);
    return getUrl(db, url)!;
  });
}

export function setPending(db: Store, url: string): void {
  write(db, () => stmt(db, "UPDATE urls SET state = 'pending', updated_at = ? WHERE url = ?").run(now(), url));
}

export function markDone(db: Store, url: string, documentId: string | null, resolution: string, status: number | null, state: UrlState = 'done'): void {
  write(db, () =>
    stmt(db, 'UPDATE urls SET state = ?, document_id = ?, resolution = ?, last_status = ?, last_error = NULL, updated_at = ? WHERE url = ?').run(state, documentId, resolution, status, now(), url),
  );
}

/** A failure; after `maxFailures` of them the URL is given up on and only reported. `cause` is kept in `resolution`. */
export function markFailed(db: Store, url: string, error: string, status: number | null, maxFailures: number, retryable: boolean, cause: string): UrlState {
  return write(db, () => {
    const row = getUrl(db, url);
    const failures = (row?.failures ?? 0) + 1;
    const state: UrlState = retryable && failures < maxFailures ? 'failed' : 'gave-up';
    stmt(db, 'UPDATE urls SET state = ?, failures = ?, last_error = ?, last_status = ?, resolution = ?, updated_at = ? WHERE url = ?').run(state, failures, error, status, cause, now(), url);
    return state;
  });
}

export function saveValidators(db: Store, url: string, etag: string | null, lastModified: string | null): void {
  write(db, () => stmt(db, 'UPDATE urls SET etag = ?, last_modified = ?, updated_at = ? WHERE url = ?').run(etag, lastModified, now(), url));
}

/**
 * URLs a run should (re)try: pending ones, and failed ones not yet given up on. Hosts take turns
 * (each host's first URL, then each one's second …), so that a run fetches from many hosts at
 * once while each host sees one request at a time; a host's turn counts all its URLs, done ones
 * too, so a resumed run goes on in the order the interrupted one would have.
 */
export function retryableUrls(db: Store): UrlRow[] {
  return stmt(
    db,
    `WITH rest AS (SELECT url, first_seen, substr(url, instr(url, '://') + 3) AS r FROM urls WHERE kind = 'article'),
       turns AS (SELECT url, row_number() OVER (PARTITION BY CASE WHEN instr(r, '/') THEN substr(r, 1, instr(r, '/') - 1) ELSE r END ORDER BY first_seen, url) AS turn FROM rest)
     SELECT urls.* FROM urls JOIN turns USING (url) WHERE state IN ('pending', 'failed') ORDER BY turn, first_seen, url`,
  ).all() as UrlRow[];
}

export function recordFetch(
  db: Store,
  runId: number | null,
  a: { url: string; attempt: number; status: number | null; bytes: number; error: string | null; startedAt: string; finishedAt: string },
): void {
  write(db, () =>
    stmt(db, 'INSERT INTO fetches (run_id, url, attempt, status, bytes, error, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      runId,
      a.url,
      a.attempt,
      a.status,
      a.bytes,
      a.error,
      a.startedAt,
      a.finishedAt,
    ),
  );
}
