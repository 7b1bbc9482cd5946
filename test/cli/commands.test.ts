import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordLine } from '../../src/records.ts';
import { root, youcheng } from '../support/cli.ts';
import { SAMPLE_FILES } from '../support/samples.ts';

const tmp = mkdtempSync(join(tmpdir(), 'youcheng-cli-'));

describe('youcheng extract', () => {
  it('prints one spec line per document, every quote the slice of the original', async () => {
    const { code, stdout } = await youcheng(['extract', 'samples/001_a244d62fa48749ef.txt', 'samples/003_9b62012f86ab7869.txt']);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => RecordLine.parse(JSON.parse(l)));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const original = readFileSync(join(root, line.doc.source), 'utf8');
      for (const f of line.facts) for (const e of f.evidence) expect(original.slice(e.start, e.end)).toBe(e.quote);
    }
  });

  it('gives each bad file one error line, goes on with the rest, and exits 1', async () => {
    const bad = join(tmp, 'bad.txt');
    writeFileSync(bad, Buffer.from([0, 159, 146, 150, 0]));
    const { code, stdout, stderr } = await youcheng(['extract', bad, join(tmp, 'missing.txt'), 'samples/004_4e9deccdf3212014.txt']);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/bad\.txt: looks like a binary file/);
    expect(stderr).toMatch(/missing\.txt: cannot be read: ENOENT/);
  });

  it('refuses a malformed --published', async () => {
    const { code, stderr } = await youcheng(['extract', 'samples/004_4e9deccdf3212014.txt', '--published', '2024-13-45']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/not a date as YYYY-MM-DD/);
  });
});

describe('youcheng ingest and facts', () => {
  it('stores the samples once, skips them when unchanged, and lists facts with quotes', async () => {
    const db = join(tmp, 'ingest.db');
    const first = await youcheng(['ingest', ...SAMPLE_FILES, '--db', db]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/documents: 5 new, 0 re-extracted, 0 unchanged, 0 duplicates, 0 skipped, 0 failed/);
    expect(first.stdout).toMatch(/count \d+, date \d+/);
    const second = await youcheng(['ingest', ...SAMPLE_FILES], { env: { YOUCHENG_DB: db } });
    expect(second.stdout).toMatch(/documents: 0 new, 0 re-extracted, 5 unchanged, 0 duplicates, 0 skipped, 0 failed/);

    const jsonl = await youcheng(['facts', '--db', db, '--all', '--type', 'count', '--format', 'jsonl']);
    const facts = jsonl.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(facts.length).toBeGreaterThan(50);
    expect(facts.every((f) => f.type === 'count' && f.status === 'pending' && f.citations.length > 0)).toBe(true);
    const csv = await youcheng(['facts', '--db', db, '--all', '--format', 'csv', '--doc', facts[0].document_id]);
    expect(csv.stdout.split('\n')[0]).toMatch(/^fact_id,type,status,method,confidence,summary,/);
    const table = await youcheng(['facts', '--db', db, '--all', '--type', 'date']);
    expect(table.stdout).toContain('4月16日');
  });

  it('a failing file does not stop the batch or lose what is stored', async () => {
    const db = join(tmp, 'partial.db');
    await youcheng(['ingest', 'samples/000_e0a12e8345dae75d.txt', '--db', db]);
    const empty = join(tmp, 'empty.txt');
    writeFileSync(empty, '');
    const run = await youcheng(['ingest', empty, 'samples/002_ce026d9cf16f4b3f.txt', '--db', db]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/empty\.txt: the file is empty/);
    expect(run.stdout).toMatch(/1 new, 0 re-extracted, 0 unchanged, 0 duplicates, 0 skipped, 1 failed/);
    const all = await youcheng(['facts', '--db', db, '--all', '--format', 'jsonl']);
    const docs = new Set(
      all.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).citations[0].source),
    );
    expect(docs).toEqual(new Set(['samples/000_e0a12e8345dae75d.txt', 'samples/002_ce026d9cf16f4b3f.txt']));
  });
});

describe('youcheng approve and reject', () => {
  it('decide facts by id and record the decision in the history', async () => {
    const db = join(tmp, 'review.db');
    await youcheng(['ingest', 'samples/004_4e9deccdf3212014.txt', '--db', db]);
    const facts = (await youcheng(['facts', '--db', db, '--all', '--format', 'jsonl'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const [a, b] = facts;
    const ok = await youcheng(['approve', a.id, '--db', db, '--reviewer', 'ana', '--note', 'checked against the source']);
    expect(ok.stdout.trim()).toBe(`${a.id}: approved`);
    const no = await youcheng(['reject', b.id, 'ffffffffffffffff', '--db', db, '--reviewer', 'bo']);
    expect(no.code).toBe(1);
    expect(no.stdout.trim()).toBe(`${b.id}: rejected`);
    expect(no.stderr).toMatch(/ffffffffffffffff: no such fact/);
    const approved = (await youcheng(['facts', '--db', db, '--status', 'approved', '--format', 'jsonl'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(approved.map((f) => f.id)).toEqual([a.id]);
  });
});

describe('youcheng eval', () => {
  it('meets the backbone acceptance figures on the samples', async () => {
    const { stdout } = await youcheng(['eval', '--json', '--gold', 'samples/gold.json']);
    const report = JSON.parse(stdout);
    expect(report.invalidEvidence).toBe(0);
    expect(report.types.count.f1).toBeGreaterThanOrEqual(0.9);
    expect(report.types.date.f1).toBeGreaterThanOrEqual(0.9);
    expect(report.attributes['date.year'].accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('lists misses and extras with --verbose', async () => {
    const { stdout } = await youcheng(['eval', '--verbose', '--dir', 'samples']);
    expect(stdout).toMatch(/^type\s+gold\s+predicted/m);
    expect(stdout).toMatch(/EXTRA\s+\S+\s+(?:agreement|event|count)/);
  });
});
