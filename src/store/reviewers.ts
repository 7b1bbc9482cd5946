/**
 * Who reviews: a reviewer's name as one identity (so `Alice`, `alice\u200b` and full-width
 * `ａｌｉｃｅ` are one person, who cannot cast both votes of a double review), the names a team
 * lists in a file, and each one's personal token (an HMAC of the name under a secret the store
 * keeps, so a link stays valid across restarts and no token is written anywhere).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.ts';
import { stmt, write, type Store } from './db.ts';

/** Zero-width characters, bidi marks, overrides and isolates, the soft hyphen and the BOM: invisible in a name. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

/** A reviewer's name as an identity: NFKC, invisible characters removed, case-folded, spaces collapsed; at most 80 characters. */
export function reviewerIdentity(name: string): string {
  return name.normalize('NFKC').replace(INVISIBLE, '').toLowerCase().normalize('NFKC').replace(/\s+/g, ' ').trim().slice(0, 80);
}

/** The names of a `--reviewers` file: one a line, `#` comments and blank lines skipped, identities unique. */
export function readReviewers(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(path, `cannot be read: ${(err as Error).message}`);
  }
  const names: string[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const name = reviewerIdentity(line);
    if (!name) throw new InputError(path, `line ${i + 1} holds no name`);
    if (names.includes(name)) throw new InputError(path, `line ${i + 1}: "${name}" is listed twice (names are compared without case, width and invisible characters)`);
    names.push(name);
  }
  if (!names.length) throw new InputError(path, 'lists no reviewer (one name a line)');
  return names;
}

/** The store's secret for personal tokens (a JSON string in the settings table), made the first time it is asked for. */
function tokenSecret(db: Store): string {
  const read = () => (stmt(db, "SELECT value FROM settings WHERE key = 'reviewer-secret'").get() as { value: string } | undefined)?.value;
  const known = read();
  if (known) return JSON.parse(known);
  return write(db, () => {
    stmt(db, "INSERT OR IGNORE INTO settings (key, value) VALUES ('reviewer-secret', ?)").run(JSON.stringify(randomBytes(32).toString('base64url')));
    return JSON.parse(read()!);
  });
}

export interface Reviewers {
  /** Each reviewer's name and personal token. */
  tokens: Array<{ name: string; token: string }>;
  /** The reviewer a token belongs to, or undefined. */
  byToken(token: string | null | undefined): string | undefined;
}

/** The personal tokens of `names` in this store. */
export function reviewerTokens(db: Store, names: string[]): Reviewers {
  const secret = tokenSecret(db);
  const tokens = names.map((name) => ({ name, token: createHmac('sha256', secret).update(name).digest('base64url').slice(0, 24) }));
  return {
    tokens,
    byToken(token) {
      if (!token) return undefined;
      const given = Buffer.from(token);
      // Every token compared in constant time, whichever matches.
      let found: string | undefined;
      for (const t of tokens) {
        const b = Buffer.from(t.token);
        if (b.length === given.length && timingSafeEqual(b, given)) found = t.name;
      }
      return found;
    },
  };
}
