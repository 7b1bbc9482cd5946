/**
 * LLM step throughput: 200 documents through `ingest` against an OpenAI-compatible server (the
 * test suite's, in its own process) that answers after 200 ms, with concurrency 8. The ideal is
 * 8 / 0.2 s = 40 requests per second; the figure is the share of it reached. Also prompt tokens
 * per document (as the server counts them) with and without the relevant-paragraph selection.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { extractDocument } from '../src/extract/document.ts';
import { LlmClient } from '../src/extract/llm/client.ts';
import { ingestPaths } from '../src/pipeline/files.ts';
import { openStore } from '../src/store/db.ts';

const DOCS = 200;
const DELAY_MS = 200;
const CONCURRENCY = 8;

const CITIES = ['德阳', '南充', '乐山', '泸州', '遂宁', '内江', '自贡', '广元', '达州', '雅安', '巴中', '资阳', '绵阳', '宜宾', '眉山'];
const FILLER = [
  '今天天气晴朗，气温回升，市民纷纷外出踏青。',
  '当地特色美食吸引了大批游客前来品尝。',
  '城市交通状况良好，地铁运营平稳有序。',
  '图书馆新增藏书数千册，读者络绎不绝。',
  '公园里花开正艳，游人如织。',
  '农贸市场蔬菜供应充足，价格总体稳定。',
];

let seed = 7;
const rand = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};

function article(i: number): string {
  const city = CITIES[i % CITIES.length];
  const paras = [
    `${city}新闻第${i}期`,
    `${2000 + i}年${1 + (i % 12)}月${1 + (i % 28)}日，${city}市举办第${i + 1}届国际友城交流会，来自${5 + rand(40)}个国家的${10 + rand(90)}位嘉宾出席，签署合作协议${1 + rand(20)}项。`,
    ...Array.from({ length: 6 }, () => `${Array.from({ length: 3 }, () => FILLER[rand(FILLER.length)]).join('')}编号${rand(100000)}。`),
    `会上，${city}市与外方签署《${city}国际友城合作倡议（${i}）》，双方将在经贸、教育等领域深化合作。`,
  ];
  return paras.join('\n\n');
}

// Warm-up outside the timing: dictionaries, character tables, the gazetteer.
extractDocument(article(0), { source: 'warm-up' });

const child = spawn(process.execPath, ['--import', 'tsx', new URL('./llm-server.ts', import.meta.url).pathname, String(DELAY_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));

async function run(select: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'youcheng-llm-bench-'));
  mkdirSync(join(dir, 'docs'));
  const files = Array.from({ length: DOCS }, (_, i) => {
    const p = join(dir, 'docs', `${String(i).padStart(3, '0')}.txt`);
    writeFileSync(p, article(i));
    return p;
  });
  const db = openStore(join(dir, 'bench.db'));
  const client = new LlmClient({ model: 'test-model', baseURL: url, apiKey: 'test-key', concurrency: CONCURRENCY });
  // Warm-up outside the timing: connections opened, both processes' code compiled.
  const warm = { requests: 0, promptTokens: 0, completionTokens: 0 };
  await Promise.all(Array.from({ length: CONCURRENCY }, () => client.answer(() => [{ role: 'user', content: 'warm-up' }], warm)));
  const t0 = performance.now();
  const summary = await ingestPaths(db, files, { llm: { client, selectParagraphs: select } });
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { seconds, summary };
}

try {
  const selected = await run(true);
  const whole = await run(false);
  const s = selected.summary;
  const rate = s.llm.requests / selected.seconds;
  const ideal = CONCURRENCY / (DELAY_MS / 1000);
  console.log(`documents: ${s.new} new, ${s.duplicates} duplicates, ${s.llm.documents} through the LLM step, ${s.llm.failed} failed`);
  console.log(`requests: ${s.llm.requests} in ${selected.seconds.toFixed(2)} s = ${rate.toFixed(1)} req/s; ideal ${ideal} req/s (concurrency ${CONCURRENCY}, ${DELAY_MS} ms each)`);
  console.log(`share of ideal: ${(rate / ideal).toFixed(2)} (target >= 0.9)`);
  console.log(`prompt tokens per document: ${(s.llm.promptTokens / DOCS).toFixed(0)} with the relevant-paragraph selection, ${(whole.summary.llm.promptTokens / DOCS).toFixed(0)} without`);
} finally {
  child.kill('SIGTERM');
}
