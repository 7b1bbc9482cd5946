/** A store's own settings (migration 9's `settings` table): for now how it is reviewed. */
import { ReviewSettings } from '../records.ts';
import { stmt, write, type Store } from './db.ts';

/** Single review, and a third reviewer for disagreements once double review is on. */
const DEFAULT_REVIEW: ReviewSettings = { double: false, adjudicator: 'third' };

export function reviewSettings(db: Store): ReviewSettings {
  const row = stmt(db, "SELECT value FROM settings WHERE key = 'review'").get() as { value: string } | undefined;
  return row ? ReviewSettings.parse({ ...DEFAULT_REVIEW, ...JSON.parse(row.value) }) : DEFAULT_REVIEW;
}

/** Changes the settings given, keeps the others; returns the settings now in force. */
export function setReviewSettings(db: Store, change: Partial<ReviewSettings>): ReviewSettings {
  return write(db, () => {
    const next = ReviewSettings.parse({ ...reviewSettings(db), ...change });
    stmt(db, "INSERT INTO settings (key, value) VALUES ('review', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(next));
    return next;
  });
}
