/**
 * Only regular files are read: a FIFO, and links named .txt to /dev/zero and /dev/urandom, are
 * refused with a line each while the good files beside them are stored; a name that is not valid
 * UTF-8 is read by its bytes and shown escaped; a few stray NUL bytes are dropped with a warning.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { readArticle } from '../../src/sources/files.ts';
import { openStore } from '../../src/store/db.ts';
import { root, youchengProcess } from '../support/cli.ts';

const sample = (name: string) => join(root, 'samples', name);

/** A directory of two good articles, one with a name that is not UTF-8, beside a FIFO and two device links. */
function batch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'youcheng-special-'));
  copyFileSync(sample('000_e0a12e8345dae75d.txt'), join(dir, 'a.txt'));
  // b\xff\xfe.txt: Latin-1 bytes, invalid as UTF-8.
  copyFileSync(sample('001_a244d62fa48749ef.txt'), Buffer.from([...Buffer.from(`${dir}/b`), 0xff, 0xfe, ...Buffer.from('.txt')]));
  execFileSync('mkfifo', [join(dir, 'fifo.txt')]);
  symlinkSync('/dev/zero', join(dir, 'zero.txt'));
  symlinkSync('/dev/urandom', join(dir, 'random.txt'));
  return dir;
}

describe('what is read', () => {
  it('ingests the good files of a directory and refuses its FIFO and device links with a line each', async () => {
    const dir = batch();
    const db = openStore(join(mkdtempSync(join(tmpdir(), 'youcheng-special-db-')), 'y.db'));
    const errors: string[] = [];
    const summary = await ingestPaths(db, [dir], { onError: (m) => errors.push(m) });
    expect(summary).toMatchObject({ new: 2, failed: 3 });
    expect(errors.sort()).toEqual([
      `${dir}/fifo.txt: is a FIFO (named pipe), not a regular file; only regular files are read`,
      `${dir}/random.txt: is a character device, not a regular file; only regular files are read`,
      `${dir}/zero.txt: is a character device, not a regular file; only regular files are read`,
    ]);
    const sources = (db.prepare('SELECT source FROM documents ORDER BY source').all() as Array<{ source: string }>).map((r) => r.source);
    expect(sources).toEqual([`${dir}/a.txt`, `${dir}/b\\xff\\xfe.txt`]);
    db.close();
  });

  it('refuses a FIFO and /dev/zero named on the command line without waiting or reading', async () => {
    const dir = batch();
    const run = await youchengProcess(['extract', join(dir, 'fifo.txt'), '/dev/zero', join(dir, 'a.txt')]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `error: ${dir}/fifo.txt: is a FIFO (named pipe), not a regular file; only regular files are read`,
      'error: /dev/zero: is a character device, not a regular file; only regular files are read',
    ]);
    expect(JSON.parse(run.stdout).doc.source).toBe(join(dir, 'a.txt'));
  });

  it('names a file whose name is not UTF-8 escaped, in its extract line', async () => {
    const dir = batch();
    const run = await youchengProcess(['extract', dir]);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.doc.source)).toEqual([`${dir}/a.txt`, `${dir}/b\\xff\\xfe.txt`]);
    expect(lines[1].facts.length).toBeGreaterThan(0);
  });
});

describe('NUL bytes', () => {
  it('drops a few stray NUL bytes from a text article with a warning, offsets citing the text kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'youcheng-nul-'));
    const bytes = readFileSync(sample('003_9b62012f86ab7869.txt'));
    const at = bytes.indexOf(Buffer.from('友好'));
    const file = join(dir, 'nul.txt');
    writeFileSync(file, Buffer.concat([bytes.subarray(0, at), Buffer.from([0, 0, 0]), bytes.subarray(at)]));
    const article = await readArticle(file);
    expect(article.original).toBe(bytes.toString('utf8'));
    expect(article.warnings).toEqual(['3 NUL bytes dropped (the source is damaged there)']);
  });

  it('still refuses a binary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'youcheng-nul-'));
    const file = join(dir, 'image.txt');
    writeFileSync(file, Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n'), Buffer.alloc(64), Buffer.from('IHDR'), Buffer.alloc(2000, 7)]));
    await expect(readArticle(file)).rejects.toThrow(`${file}: looks like a binary file`);
  });
});
