/** The library's entry (src/index.ts) in-process: `extract` and `openStore` as a program uses them. */
import { mkdtempSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extract, InputError, openStore, RecordLine, UsageError, type Store } from '../src/index.ts';
import { youcheng } from './support/cli.ts';
import { NOTHING, startLlmServer, type LlmServer } from './support/llm-server.ts';
import { SAMPLE_FILES } from './support/samples.ts';

let server: LlmServer | undefined;
let store: Store | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  store?.close();
  store = undefined;
});

function expectEvidenceQuotes(original: string, line: RecordLine): void {
  for (const fact of line.facts) for (const e of fact.evidence) expect(original.slice(e.start, e.end)).toBe(e.quote);
}

describe('extract', () => {
  it('returns exactly the line `youcheng extract` prints for the same file', async () => {
    const file = SAMPLE_FILES[1]!;
    const text = readFileSync(file, 'utf8');
    const line = await extract(text, { source: file, published: '2025-04-17' });
    const cli = await youcheng(['extract', file, '--published', '2025-04-17']);
    expect(cli.code).toBe(0);
    expect(line).toEqual(JSON.parse(cli.stdout));
    expect(RecordLine.parse(line)).toEqual(line);
    expect(line.facts.length).toBeGreaterThan(0);
    expectEvidenceQuotes(text, line);
  });

  it('runs the LLM step with the options an LlmClient takes', async () => {
    server = await startLlmServer({ model: 'm', apiKey: 'k', script: () => ({ answer: NOTHING }) });
    const text = '2024年5月1日，成都市与法国蒙彼利埃市签署友好城市协议，正式结为友好城市。';
    const line = await extract(text, { published: '2024-05-02', llm: { model: 'm', baseURL: server.url, apiKey: 'k', retries: 0 } });
    expect(server.requests.length).toBeGreaterThan(0);
    expect(line.doc.source).toBe('text');
    expect(line.facts.some((f) => f.type === 'city_pair')).toBe(true);
    expectEvidenceQuotes(text, line);
  });

  it('refuses a bad date and an empty text with the errors it exports', async () => {
    await expect(extract('成都', { published: '2024-13-01' })).rejects.toThrow(UsageError);
    await expect(extract(' \n', { source: 'blank.txt' })).rejects.toThrow(new InputError('blank.txt', 'holds only white space'));
  });
});

describe('openStore', () => {
  it('ingests files with progress, then answers facts, places and search from the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'youcheng-lib-'));
    mkdirSync(join(dir, 'in'));
    for (const f of SAMPLE_FILES.slice(0, 2)) copyFileSync(f, join(dir, 'in', f.split('/').pop()!));
    writeFileSync(join(dir, 'in', 'notes.bin'), 'not an article');
    store = openStore(join(dir, 'x.db'));
    const progress: string[] = [];
    const summary = await store.ingest([join(dir, 'in')], { onProgress: (_done, source) => progress.push(source) });
    expect(summary.new).toBe(2);
    expect(progress.map((p) => p.split('/').pop()).sort()).toEqual(SAMPLE_FILES.slice(0, 2).map((f) => f.split('/').pop()));

    const { total, facts } = store.facts({ all: true });
    expect(total).toBeGreaterThan(0);
    expect(facts).toHaveLength(total);
    for (const f of facts) for (const e of f.fact.evidence) expect(readFileSync(f.source, 'utf8').slice(e.start, e.end)).toBe(e.quote);
    const pairs = store.facts({ all: true, type: 'city_pair', place: '蓉城' }).facts;
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.every((f) => f.fact.type === 'city_pair')).toBe(true);

    expect(store.places({ search: '成都' }).some((p) => p.name === '成都' && p.aliases.includes('蓉城') && p.pairs > 0)).toBe(true);
    const hits = store.search('國際友城');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.source.startsWith(join(dir, 'in')))).toBe(true);
  });
});

describe('Store.relationships', () => {
  it('selects the registry with the filters of `youcheng relationships`, giving the same pairs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'youcheng-lib-'));
    const path = join(dir, 'r.db');
    store = openStore(path);
    await store.ingest(SAMPLE_FILES.slice(0, 4));
    const all = store.relationships({ all: true });
    expect(all.length).toBeGreaterThan(0);
    const cli = await youcheng(['relationships', '--all', '--format', 'jsonl', '--db', path]);
    expect(cli.code).toBe(0);
    const ids = cli.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).id as string);
    expect(all.map((r) => r.id)).toEqual(ids);
    // Pending facts only after ingest: nothing an approved fact supports yet.
    expect(store.relationships()).toEqual([]);
    const first = all[0]!;
    const byPlace = store.relationships({ all: true, place: first.a.name });
    expect(byPlace.length).toBeGreaterThan(0);
    expect(byPlace.every((r) => r.a.id === first.a.id || r.b.id === first.a.id)).toBe(true);
    const cliPlace = await youcheng(['relationships', '--all', '--place', first.a.name, '--format', 'jsonl', '--db', path]);
    expect(byPlace.map((r) => r.id)).toEqual(
      cliPlace.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id as string),
    );
    expect(store.relationships({ all: true, review: 'pending' }).map((r) => r.id)).toEqual(all.filter((r) => r.review === 'pending').map((r) => r.id));
    expect(() => store!.relationships({ since: '1990年' })).toThrow(UsageError);
    expect(() => store!.relationships({ review: 'maybe' as never })).toThrow(/review: "maybe" is not one of pending/);
  });
});
