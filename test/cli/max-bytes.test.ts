/** Files over --max-bytes are refused with one line naming them; the rest of the batch is stored. */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { root, youcheng } from '../support/cli.ts';

describe('the file size cap', () => {
  it('refuses a file over the default 5 MB cap and one over --max-bytes, storing the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'youcheng-big-'));
    const huge = join(dir, 'huge.txt');
    writeFileSync(huge, '成都与法国蒙彼利埃市缔结友好城市。\n'.repeat(120_000)); // 6.24 MB
    copyFileSync(join(root, 'samples/004_4e9deccdf3212014.txt'), join(dir, 'small.txt'));
    const db = join(dir, 'big.db');
    const first = await youcheng(['ingest', dir, '--db', db]);
    expect(first.code).toBe(1);
    expect(first.stderr.trim().split('\n')).toEqual([`error: ${huge}: is 6.0 MB (6240000 bytes), over the 5242880-byte cap (raise it with --max-bytes)`]);
    expect(first.stdout).toMatch(/documents: 1 new, .* 1 failed/);

    const sample = join(root, 'samples/000_e0a12e8345dae75d.txt');
    const second = await youcheng(['ingest', sample, 'samples/003_9b62012f86ab7869.txt', '--db', db, '--max-bytes', '10000']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/000_e0a12e8345dae75d\.txt: is 0\.0 MB \(11417 bytes\), over the 10000-byte cap \(raise it with --max-bytes\)/);
    const store = openStore(db);
    const sources = store.prepare('SELECT source FROM document_sources').all() as Array<{ source: string }>;
    expect(sources.map((r) => r.source.replace(/.*\//, '')).sort()).toEqual(['003_9b62012f86ab7869.txt', 'small.txt']);
    store.close();

    const extract = await youcheng(['extract', huge, 'samples/004_4e9deccdf3212014.txt']);
    expect(extract.code).toBe(1);
    expect(extract.stderr).toMatch(/huge\.txt: is 6\.0 MB/);
    expect(extract.stdout.trim().split('\n')).toHaveLength(1);
  });
});
