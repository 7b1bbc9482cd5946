/** Reviewer identities, a team's file and personal tokens (a real store). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { openStore } from '../../src/store/db.ts';
import { readReviewers, reviewerIdentity, reviewerTokens } from '../../src/store/reviewers.ts';

describe('reviewers', () => {
  it('normalises a name: NFKC, case-folded, invisible and bidi characters removed', () => {
    for (const same of ['Alice', 'alice\u200b', 'ａｌｉｃｅ', '\u202Ealice\u202C', ' ALICE ', 'Al\u00ADice', '\u2066alice\u2069']) expect(reviewerIdentity(same)).toBe('alice');
    expect(reviewerIdentity('李  明')).toBe('李 明');
  });

  it('reads a team file, refusing one that names a reviewer twice or nobody', () => {
    const dir = mkdtempSync(join(tmpdir(), 'youcheng-team-'));
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    expect(readReviewers(file('ok.txt', '# the desk\nAlice\n\nBo\n'))).toEqual(['alice', 'bo']);
    expect(() => readReviewers(file('twice.txt', 'Alice\nａｌｉｃｅ\n'))).toThrow(/line 2: "alice" is listed twice/);
    expect(() => readReviewers(file('none.txt', '# nobody\n'))).toThrow(InputError);
    expect(() => readReviewers(join(dir, 'missing.txt'))).toThrow(/cannot be read/);
  });

  it("gives each reviewer a token of their own that stays the same for the store and names them, and nobody else's", () => {
    const path = join(mkdtempSync(join(tmpdir(), 'youcheng-team-')), 's.db');
    const db = openStore(path);
    const team = reviewerTokens(db, ['alice', 'bo']);
    const [alice, bo] = team.tokens;
    expect(alice!.token).not.toBe(bo!.token);
    expect(team.byToken(alice!.token)).toBe('alice');
    expect(team.byToken(bo!.token)).toBe('bo');
    expect(team.byToken(`${alice!.token}x`)).toBeUndefined();
    expect(team.byToken('')).toBeUndefined();
    db.close();
    // Another run on the same store: the same links.
    const again = openStore(path);
    expect(reviewerTokens(again, ['alice']).tokens[0]!.token).toBe(alice!.token);
    again.close();
    // Another store: other tokens.
    const other = openStore(join(mkdtempSync(join(tmpdir(), 'youcheng-team-')), 's.db'));
    expect(reviewerTokens(other, ['alice']).tokens[0]!.token).not.toBe(alice!.token);
    other.close();
  });
});
