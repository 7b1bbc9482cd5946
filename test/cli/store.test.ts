/**
 * The command line against stores that are not simply there for the taking: decided by someone
 * else, read-only, read by a pipe that closes early, asked a query that will not end.
 */
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { asNobody, nobodyCanRun, root, youcheng, youchengProcess } from '../support/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'youcheng-cli-store-'));
// Another user must reach the stores below (see the read-only tests).
chmodSync(tmp, 0o755);
const store = join(tmp, 'store.db');
let factIds: string[];

beforeAll(async () => {
  const r = await youcheng([
    'ingest',
    'samples/000_e0a12e8345dae75d.txt',
    'samples/001_a244d62fa48749ef.txt',
    'samples/002_ce026d9cf16f4b3f.txt',
    'samples/003_9b62012f86ab7869.txt',
    'samples/004_4e9deccdf3212014.txt',
    '--db',
    store,
  ]);
  expect(r.code).toBe(0);
  const db = new Database(store, { readonly: true });
  factIds = (db.prepare("SELECT id FROM facts WHERE status = 'pending' ORDER BY id").all() as Array<{ id: string }>).map((f) => f.id);
  db.close();
});

function statusOf(path: string, id: string): { status: string; version: number } {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT status, version FROM facts WHERE id = ?').get(id) as { status: string; version: number };
  } finally {
    db.close();
  }
}

describe('approve and reject from scripts', () => {
  it("do not override another reviewer's decision without --force or the version seen", async () => {
    const id = factIds[0]!;
    const as = (reviewer: string, action: string, ...more: string[]) => youcheng([action, id, '--db', store, '--reviewer', reviewer, ...more]);
    expect(await as('alice', 'approve')).toMatchObject({ code: 0, stdout: `${id}: approved\n` });

    const refused = await as('bob', 'reject');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^error: ${id}: already approved by alice at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(version 2\\); to override it, add --force or --expect-version 2\\n$`));
    expect(statusOf(store, id)).toEqual({ status: 'approved', version: 2 });

    const stale = await as('bob', 'reject', '--expect-version', '1');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe(`error: ${id}: its version is 2, not 1; look at it again before overriding\n`);
    expect(await as('bob', 'reject', '--expect-version', '2')).toMatchObject({ code: 0, stdout: `${id}: rejected\n` });

    expect((await as('alice', 'approve')).stderr).toMatch(/already rejected by bob at .*--force/);
    expect(await as('alice', 'approve', '--force')).toMatchObject({ code: 0, stdout: `${id}: approved\n` });
    // One's own decision needs no override.
    expect(await as('alice', 'reject')).toMatchObject({ code: 0, stdout: `${id}: rejected\n` });
    expect(statusOf(store, id)).toEqual({ status: 'rejected', version: 5 });
  });
});

/** Root writes any file whatever its mode: a root run runs the CLI as `nobody`, for whom the modes below are real. */
const asUser = asNobody;
const oneLine = (stderr: string) => stderr.trim().split('\n');

/** A copy of the filled store in a folder of its own, the file and then the folder given these modes. */
function readOnlyCopy(name: string, fileMode: number, dirMode: number): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  const path = join(dir, 'store.db');
  copyFileSync(store, path);
  chmodSync(path, fileMode);
  chmodSync(dir, dirMode);
  return path;
}

describe.runIf(nobodyCanRun)('a read-only store', () => {
  it('in a read-only folder: read commands work and leave nothing behind; write commands say it is read-only', async () => {
    const path = readOnlyCopy('ro-folder', 0o444, 0o555);
    const facts = await youchengProcess(['facts', '--all', '--format', 'jsonl', '--db', path], asUser);
    expect(facts.stderr).toBe('');
    expect(facts.stdout.trim().split('\n').length).toBe(factIds.length);
    for (const args of [['stats', '--json'], ['sql', 'SELECT count(*) AS n FROM documents', '--format', 'jsonl'], ['places'], ['search', '成都'], ['export', '--all']]) {
      const r = await youchengProcess([...args, '--db', path], asUser);
      expect(r.stderr.includes('error'), `${args[0]}: ${r.stderr}`).toBe(false);
      expect(r.code).toBe(0);
    }
    expect(readdirSync(join(tmp, 'ro-folder'))).toEqual(['store.db']);

    for (const args of [
      ['ingest', 'eval/dev/d01.txt'],
      ['approve', factIds[1]!],
      ['reject', factIds[1]!],
    ]) {
      const r = await youchengProcess([...args, '--db', path], asUser);
      expect(r.code).toBe(1);
      expect(oneLine(r.stderr)).toEqual([`error: ${path}: the store is read-only: writing needs write access to the file and to its folder`]);
    }
  });

  it('a read-only file in a writable folder: write commands say it is read-only, with no stack trace', async () => {
    const path = readOnlyCopy('ro-file', 0o444, 0o777);
    for (const args of [
      ['ingest', 'eval/dev/d01.txt'],
      ['approve', factIds[1]!],
    ]) {
      const r = await youchengProcess([...args, '--db', path], asUser);
      expect(r.code).toBe(1);
      expect(oneLine(r.stderr)).toEqual([`error: ${path}: the store is read-only: writing needs write access to the file and to its folder`]);
    }
    expect(statusOf(path, factIds[1]!).status).toBe('pending');
    expect((await youchengProcess(['stats', '--db', path], asUser)).code).toBe(0);
  });

  it('with writes still in its -wal file, in a read-only folder: one line, not an older store shown silently', async () => {
    const source = join(tmp, 'wal-source');
    mkdirSync(source);
    copyFileSync(store, join(source, 'store.db'));
    const writer = new Database(join(source, 'store.db'));
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare("UPDATE facts SET status = 'rejected' WHERE id = ?").run(factIds[2]);
    const dir = join(tmp, 'wal-ro');
    mkdirSync(dir);
    copyFileSync(join(source, 'store.db'), join(dir, 'store.db'));
    copyFileSync(join(source, 'store.db-wal'), join(dir, 'store.db-wal'));
    writer.close();
    chmodSync(dir, 0o555);
    const r = await youchengProcess(['facts', '--all', '--db', join(dir, 'store.db')], asUser);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toEqual([
      `error: ${join(dir, 'store.db')}: its folder is read-only and ${join(dir, 'store.db')}-wal holds writes not yet in the store; open it once with a write command where the folder is writable`,
    ]);
  });

  it('of an older schema: a read command says it needs a write command to migrate', async () => {
    const path = join(tmp, 'old.db');
    const old = new Database(path);
    for (const [i, sql] of MIGRATIONS.slice(0, 6).entries()) {
      old.exec(sql);
      old.pragma(`user_version = ${i + 1}`);
    }
    old.close();
    const r = await youcheng(['stats', '--db', path]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toEqual([`error: ${path}: schema version 6 is older than ${MIGRATIONS.length}; open it once with a write command to migrate`]);
  });
});

/** A pipeline in bash: the exit code is youcheng's, stderr is youcheng's alone. */
async function piped(args: string[], reader: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const quoted = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  try {
    const { stdout, stderr } = await promisify(execFile)('bash', ['-c', `node bin/youcheng.js ${quoted} | ${reader}; exit \${PIPESTATUS[0]}`], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('output to a pipe and the sql command', () => {
  it('stops quietly when the reader of its output goes away', async () => {
    const facts = await piped(['facts', '--all', '--format', 'jsonl', '--db', store], 'head -1');
    expect(facts).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(facts.stdout).id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('streams rows as they are read: an endless query piped to head -1 ends at once', async () => {
    const r = await piped(['sql', 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n', '--format', 'jsonl', '--timeout', '50000', '--db', store], 'head -1');
    expect(r).toEqual({ code: 0, stdout: '{"x":1}\n', stderr: '' });
  });

  it('stops a query at --timeout with one line', async () => {
    const r = await youcheng(['sql', 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n', '--timeout', '500', '--db', store]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toEqual(['error: the query ran over 500 ms and was stopped (--timeout gives it longer, 0 for no limit)']);
  });

  it('stops at --limit and says so', async () => {
    const r = await youcheng(['sql', 'SELECT id FROM facts ORDER BY id', '--format', 'jsonl', '--limit', '3', '--db', store]);
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(factIds.slice(0, 3));
    expect(r.stderr).toBe('3 row(s); stopped at --limit 3\n');
  });

  it('reports a failing query and the load_extension refusal in one line each', async () => {
    const failing = await youcheng(['sql', "SELECT json('{')", '--db', store]);
    expect(failing).toMatchObject({ code: 1, stderr: 'error: the query failed: malformed JSON\n' });
    const extension = await youcheng(['sql', "SELECT load_extension('/tmp/evil.so')", '--db', store]);
    expect(extension).toMatchObject({ code: 1, stderr: 'error: load_extension is refused: youcheng sql loads no SQLite extensions\n' });
  });
});
