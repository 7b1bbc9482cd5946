import { EXTRACTOR_VERSION } from '../../src/extract/document.ts';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LlmClient } from '../../src/extract/llm/client.ts';
import { SCHEMA_VERSION } from '../../src/extract/llm/schema.ts';
import { prompt } from '../../src/extract/llm/step.ts';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { llmCache } from '../../src/store/llm-cache.ts';
import { youcheng } from '../support/cli.ts';
import { NOTHING, startLlmServer, type ChatRequest, type LlmServer, type Reply } from '../support/llm-server.ts';

const CITIES = ['德阳', '南充', '乐山', '泸州', '遂宁', '内江', '自贡', '广元', '达州'];

function articles(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return CITIES.map((city, i) => {
    const path = join(dir, `${i}.txt`);
    writeFileSync(path, `${city}新闻\n\n5月${i + 1}日，${city}市举办第${i + 1}届国际友城交流会，来自${10 + i}个国家的代表出席。会上，${city}市与外方签署《${city}国际友城合作倡议》。`);
    return path;
  });
}

/** Answers as a model would: the event the article names, quoted verbatim. */
function model(r: ChatRequest): Reply {
  const m = /(\S{2})市举办(第\d+届国际友城交流会)/.exec(r.article);
  if (!m) return { answer: NOTHING };
  return {
    answer: {
      ...NOTHING,
      events: [
        {
          name: m[2],
          kind: '交流会',
          start: null,
          end: null,
          place: m[1],
          participants: { countries: null, delegations: null, cities: null, guests: null, companies: null },
          quote: `${m[1]}市举办${m[2]}`,
        },
      ],
    },
  };
}

let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function llmFor(db: Store, url: string, concurrency = 3) {
  const client = new LlmClient({ model: 'test-model', baseURL: url, apiKey: 'test-key', concurrency, backoffMs: 20, retries: 1, timeoutMs: 5000 });
  return { client, cache: llmCache(db, { model: 'test-model', promptVersion: prompt().version, schemaVersion: SCHEMA_VERSION }) };
}

describe('ingest with the LLM step', () => {
  it('stores grounded LLM facts with their provenance, never more requests in flight than allowed, and none again from a warm cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'youcheng-llm-'));
    const files = articles(join(dir, 'a'));
    const db = openStore(join(dir, 'llm.db'));
    server = await startLlmServer({ script: model, delayMs: 100 });
    const summary = await ingestPaths(db, files, { llm: llmFor(db, server.url) });
    expect(summary.new).toBe(CITIES.length);
    expect(server.maxInFlight()).toBeLessThanOrEqual(3);
    expect(server.maxInFlight()).toBeGreaterThan(1);
    expect(summary.llm).toMatchObject({ documents: CITIES.length, failed: 0, requests: CITIES.length });
    expect(summary.llm.promptTokens).toBeGreaterThan(0);

    const rows = db
      .prepare(`SELECT f.type, f.method, f.fields, f.extractor_version, e.start, e.end, e.quote, e.method AS emethod, e.alignment, d.original
      FROM facts f JOIN evidence e ON e.fact_id = f.id JOIN documents d ON d.id = f.document_id`)
      .all() as Array<{ type: string; method: string; fields: string; extractor_version: string; start: number; end: number; quote: string; emethod: string; alignment: string; original: string }>;
    for (const r of rows) expect(r.original.slice(r.start, r.end)).toBe(r.quote);
    const llmRows = rows.filter((r) => r.emethod === 'llm');
    expect(llmRows).toHaveLength(CITIES.length);
    // The rules find these events too now: the model's quote is more evidence, the fact keeps the version of whichever found it.
    expect(llmRows.every((r) => r.type === 'event' && r.alignment === 'exact' && [`llm:test-model:${prompt().version}:${SCHEMA_VERSION}`, EXTRACTOR_VERSION].includes(r.extractor_version))).toBe(true);
    const docs = db.prepare('SELECT llm_state, llm_prompt_tokens FROM documents').all() as Array<{ llm_state: string; llm_prompt_tokens: number }>;
    expect(docs.every((d) => d.llm_state === 'done' && d.llm_prompt_tokens > 0)).toBe(true);

    // An extractor upgrade re-extracts everything; the LLM answers come from the cache.
    const before = server.requests.length;
    db.prepare("UPDATE documents SET extractor_version = 'rules-old'").run();
    const again = await ingestPaths(db, files, { llm: llmFor(db, server.url) });
    expect(again.reextracted).toBe(CITIES.length);
    expect(server.requests.length).toBe(before);
    const third = await ingestPaths(db, files, { llm: llmFor(db, server.url) });
    expect(third.unchanged).toBe(CITIES.length);
    expect(server.requests.length).toBe(before);
    db.close();
  });

  it('keeps the rule facts of a document whose LLM step fails, and retries only that one next time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'youcheng-llm-'));
    const files = articles(join(dir, 'a')).slice(0, 4);
    const db = openStore(join(dir, 'llm.db'));
    server = await startLlmServer({ script: (r) => (r.article.includes('南充') ? { status: 500 } : model(r)) });
    const first = await ingestPaths(db, files, { llm: llmFor(db, server.url) });
    expect(first.llm.failed).toBe(1);
    const failed = db.prepare("SELECT id, source FROM documents WHERE llm_state = 'failed'").all() as Array<{ id: string; source: string }>;
    expect(failed.map((d) => d.source)).toEqual([files[1]]);
    const ruleFacts = db.prepare('SELECT count(*) AS n FROM facts WHERE document_id = ?').get(failed[0]!.id) as { n: number };
    expect(ruleFacts.n).toBeGreaterThan(0);

    await server.close();
    server = await startLlmServer({ script: model });
    const second = await ingestPaths(db, files, { llm: llmFor(db, server.url) });
    expect(server.requests.map((r) => r.article.includes('南充'))).toEqual([true]);
    expect(second).toMatchObject({ reextracted: 1, unchanged: 3 });
    const llmFacts = db.prepare("SELECT count(*) AS n FROM evidence e JOIN facts f ON f.id = e.fact_id WHERE f.document_id = ? AND e.method = 'llm'").get(failed[0]!.id) as { n: number };
    expect(llmFacts.n).toBe(1);
    db.close();
  });

  it('stops at once with a clear message on a refused key, keeping what is stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'youcheng-llm-'));
    const files = articles(join(dir, 'a')).slice(0, 2);
    server = await startLlmServer({ script: model });
    const db = join(dir, 'cli.db');
    expect((await youcheng(['ingest', files[0]!, '--db', db])).code).toBe(0);
    const run = await youcheng(['ingest', files[1]!, '--db', db, '--llm-model', 'test-model', '--llm-base-url', server.url, '--llm-api-key', 'wrong'], { env: { OPENAI_API_KEY: '' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refused the API key \(HTTP 401\)/);
    const store = openStore(db, { readonly: true });
    expect((store.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(1);
    store.close();
  });
});
