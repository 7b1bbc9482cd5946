/** Stray bytes in UTF-8 text: read as UTF-8 with U+FFFD and a warning naming the byte offsets, never as GB18030 mojibake. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { ingestWeb } from '../../src/pipeline/web.ts';
import { RecordLine } from '../../src/records.ts';
import { decode } from '../../src/sources/decode.ts';
import { readArticle } from '../../src/sources/files.ts';
import { openStore } from '../../src/store/db.ts';
import { youcheng } from '../support/cli.ts';
import { startServer, type TestServer } from '../support/http-server.ts';

const root = new URL('../..', import.meta.url).pathname;
const fixtures = new URL('fixtures/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'youcheng-bytes-'));
const sample = readFileSync(join(root, 'samples/001_a244d62fa48749ef.txt'));
const text = sample.toString('utf8');

/** The sample with a stray 0xFF byte before its first 友好城市, in the middle of the text. */
function damaged(): { bytes: Buffer; at: number } {
  const at = sample.indexOf(Buffer.from('友好城市'));
  return { bytes: Buffer.concat([sample.subarray(0, at), Buffer.from([0xff]), sample.subarray(at)]), at };
}

describe('bytes that are nearly all UTF-8', () => {
  it('decodes a UTF-8 article with one invalid byte as UTF-8, naming the byte offset', () => {
    const { bytes, at } = damaged();
    const d = decode(bytes, 'a.txt');
    expect(d.charset).toBe('utf-8');
    expect(d.text).toBe(text.replace('友好城市', '\ufffd友好城市'));
    expect(d.warnings).toEqual([expect.stringContaining(`an invalid UTF-8 sequence at byte ${at},`)]);
  });

  it('decodes a UTF-8 article whose last character is cut off, naming where', () => {
    const bytes = Buffer.concat([sample.subarray(0, sample.length - (sample.at(-1) === 0x0a ? 1 : 0)), Buffer.from('城').subarray(0, 2)]);
    const d = decode(bytes, 'b.txt');
    expect(d.charset).toBe('utf-8');
    expect(d.text.endsWith('\ufffd')).toBe(true);
    expect(d.warnings).toEqual([expect.stringContaining(`an invalid UTF-8 sequence at byte ${bytes.length - 2},`)]);
  });

  it('names the first few offsets and how many there are', () => {
    // A stray byte before each of the first seven 城市: each shifts the later ones by one.
    const parts: Buffer[] = [];
    const offsets: number[] = [];
    let from = 0;
    for (let i = 0; i < 7; i++) {
      const at = sample.indexOf(Buffer.from('城市'), from);
      parts.push(sample.subarray(from, at), Buffer.from([0x80]));
      offsets.push(at + i);
      from = at;
    }
    const bytes = Buffer.concat([...parts, sample.subarray(from)]);
    const [w] = decode(bytes, 'c.txt').warnings;
    expect(w).toContain(`bytes ${offsets.slice(0, 5).join(', ')}`);
    expect(w).toContain('7 in all');
  });

  it('still reads a real GB18030 file and a real Big5 file as before', async () => {
    const gb = await readArticle(join(fixtures, 'gb18030-article.txt'));
    expect(gb).toMatchObject({ charset: 'gb18030', original: text, warnings: [] });
    const big5 = await readArticle(join(fixtures, 'big5-article.txt'));
    expect(big5).toMatchObject({ charset: 'big5', original: readFileSync(join(root, 'eval/dev/d14.txt'), 'utf8'), warnings: [] });
  });
});

describe('the warning reaches the document', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('in the extract line, with facts whose quotes are the slices of the text', async () => {
    const file = join(dir, 'damaged.txt');
    writeFileSync(file, damaged().bytes);
    const { code, stdout } = await youcheng(['extract', file]);
    expect(code).toBe(0);
    const line = RecordLine.parse(JSON.parse(stdout));
    expect(line.warnings[0]).toMatch(/invalid UTF-8 sequence at byte \d+/);
    expect(line.facts.length).toBeGreaterThan(5);
    const original = (await readArticle(file)).original;
    for (const f of line.facts) for (const e of f.evidence) expect(original.slice(e.start, e.end)).toBe(e.quote);
  });

  it('in the stored document, for a file and for a web page', async () => {
    const db = openStore(join(dir, 'bytes.db'));
    const file = join(dir, 'stored.txt');
    writeFileSync(file, damaged().bytes);
    const files = await ingestPaths(db, [file]);
    expect(files.warnings).toEqual([expect.stringMatching(/stored\.txt: an invalid UTF-8 sequence at byte \d+/)]);
    const web = await ingestWeb(db, { urls: [`${server.url}/damaged.html`], feeds: [], fetch: { minIntervalMs: 0 } });
    expect(web.warnings).toEqual([expect.stringMatching(/damaged\.html: an invalid UTF-8 sequence at byte \d+/)]);
    const rows = db.prepare('SELECT source, charset, warnings FROM documents ORDER BY source').all() as Array<{ source: string; charset: string; warnings: string }>;
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.charset).toBe('utf-8');
      expect(JSON.parse(r.warnings)[0]).toMatch(/invalid UTF-8 sequence at byte \d+/);
    }
    db.close();
  });
});
