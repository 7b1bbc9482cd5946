/** Walking directories: an unreadable one is named and skipped, links back up the tree are walked once. */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { listArticleFiles } from '../../src/sources/files.ts';
import { openStore } from '../../src/store/db.ts';
import { asNobody, nobodyCanRun, root, youchengProcess } from '../support/cli.ts';

const sample = (n: number) => join(root, 'samples', ['000_e0a12e8345dae75d.txt', '001_a244d62fa48749ef.txt', '003_9b62012f86ab7869.txt', '004_4e9deccdf3212014.txt'][n]!);

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'youcheng-dirs-'));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'sub'));
  copyFileSync(sample(0), join(dir, 'a.txt'));
  copyFileSync(sample(1), join(dir, 'sub', 'b.txt'));
  return dir;
}

describe('directory walking', () => {
  it('walks each directory once through self-links and a link up the tree', async () => {
    const dir = tree();
    symlinkSync('.', join(dir, 'self1'));
    symlinkSync('.', join(dir, 'self2'));
    symlinkSync('..', join(dir, 'sub', 'up'));
    symlinkSync(join(dir, 'sub'), join(dir, 'sub-again'));
    const { files, errors } = await listArticleFiles([dir]);
    expect(errors).toEqual([]);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['a.txt', 'sub/b.txt']);
    const db = openStore(join(dir, 'loops.db'));
    const summary = await ingestPaths(db, [dir]);
    expect(summary).toMatchObject({ new: 2, unchanged: 0, duplicates: 0, failed: 0 });
    db.close();
  });

  it.runIf(nobodyCanRun)('names an unreadable subdirectory in one line and ingests the rest (run as an ordinary user, even under root)', async () => {
    const dir = tree();
    mkdirSync(join(dir, 'locked'));
    copyFileSync(sample(2), join(dir, 'locked', 'c.txt'));
    mkdirSync(join(dir, 'z'));
    copyFileSync(sample(3), join(dir, 'z', 'd.txt'));
    chmodSync(join(dir, 'locked'), 0o000);
    const store = mkdtempSync(join(tmpdir(), 'youcheng-dirs-db-'));
    chmodSync(store, 0o777);
    const run = await youchengProcess(['ingest', dir, '--db', join(store, 'y.db')], { ...asNobody, env: { HOME: store } });
    chmodSync(join(dir, 'locked'), 0o755);
    expect(run.stderr.trim().split('\n')).toEqual([`error: ${join(dir, 'locked')}: directory cannot be read (EACCES); its files were left out`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/documents: 3 new, .* 1 failed/);
  });
});
