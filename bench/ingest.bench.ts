/**
 * Ingest as the store grows: generated distinct short articles (eight sentences, one sister-city
 * pair each, real place names) ingested into one store in steps up to BENCH_MAX documents
 * (100,000 by default). At each step a probe of BENCH_PROBE new documents (1,000) is timed
 * twice: `extract` of the same files (read and run the rules, as the command does, printing
 * nothing) and `ingest` of them into the store as it stands, so the ratio holds on a noisy
 * machine. Docs/s are given by CPU time (the process's user + system), which other work on a
 * shared machine does not change, and by wall-clock time. Targets: ingest ≥ 0.5× extract, and
 * docs/s at the largest store within 25 % of the empty store's.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFromArticle } from '../src/extract/full.ts';
import { ingestPaths } from '../src/pipeline/files.ts';
import { openStore } from '../src/store/db.ts';
import { listArticleFiles, readArticles } from '../src/sources/files.ts';

const MAX = Number(process.env.BENCH_MAX ?? 100_000);
const PROBE = Number(process.env.BENCH_PROBE ?? 1000);
const LEVELS = [0, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000].filter((n) => n < MAX);
LEVELS.push(MAX);

const CN = '青岛 成都 重庆 济南 西安 武汉 杭州 南京 昆明 广州 深圳 厦门 大连 沈阳 长沙 郑州 苏州 宁波 天津 哈尔滨 长春 福州 合肥 南昌 太原 石家庄 兰州 贵阳 南宁 海口'.split(' ');
const FOREIGN: Array<[string, string]> = (
  '日本:大阪 日本:横滨 日本:神户 日本:京都 日本:福冈 日本:名古屋 日本:札幌 日本:广岛 韩国:釜山 韩国:仁川 韩国:大邱 韩国:光州 韩国:大田 ' +
  '法国:里昂 法国:马赛 法国:波尔多 法国:尼斯 法国:南特 德国:汉堡 德国:慕尼黑 德国:科隆 德国:法兰克福 德国:斯图加特 德国:杜塞尔多夫 ' +
  '英国:曼彻斯特 英国:伯明翰 英国:利物浦 英国:爱丁堡 意大利:米兰 意大利:都灵 意大利:那不勒斯 意大利:佛罗伦萨 西班牙:巴塞罗那 西班牙:瓦伦西亚 ' +
  '美国:芝加哥 美国:休斯敦 美国:西雅图 美国:波士顿 美国:费城 美国:旧金山 加拿大:多伦多 加拿大:温哥华 加拿大:蒙特利尔 澳大利亚:悉尼 澳大利亚:墨尔本 ' +
  '澳大利亚:布里斯班 巴西:里约热内卢 巴西:圣保罗 俄罗斯:圣彼得堡 俄罗斯:喀山 俄罗斯:新西伯利亚 荷兰:鹿特丹 荷兰:阿姆斯特丹 波兰:克拉科夫 ' +
  '土耳其:伊斯坦布尔 埃及:亚历山大 南非:开普敦 新西兰:奥克兰 墨西哥:瓜达拉哈拉 阿根廷:科尔多瓦 泰国:清迈 越南:岘港 印度尼西亚:泗水'
)
  .split(' ')
  .map((s) => s.split(':') as [string, string]);
const TOPICS = '经贸 教育 文化 旅游 科技 青年 体育 医疗 农业 港口 物流 环保 城市规划 航空 海洋 中医药 职业教育 数字经济 新能源 会展'.split(' ');
const ORGS = '市政府 外事办公室 商务局 教育局 文化和旅游局 科技局 体育局 卫生健康委员会 农业农村局 港务集团 工商联 大学 职业技术学院 博物馆 交响乐团'.split(' ');
const ACTS = '签署了合作备忘录 举行了工作会谈 召开了视频会议 共同启动了交流项目 互派了考察团 联合举办了展览 开展了学生交流 签订了采购协议'.split(' ');

let seed = 22;
const rand = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!; // rand(n) < n

/** One article: a pair and seven sentences drawn at random, with the document's number, so no two are alike. */
function article(d: number): string {
  const cn = pick(CN);
  const [country, city] = pick(FOREIGN);
  const year = 1975 + rand(49);
  const s = [
    `${2000 + rand(25)}年${1 + rand(12)}月${1 + rand(28)}日，${cn}市${pick(ORGS)}代表团一行${3 + rand(30)}人抵达${country}${city}市进行友好访问（第${d}期）。`,
    `${cn}市与${city}市于${year}年正式缔结友好城市关系。`,
  ];
  while (s.length < 8) {
    const t = pick(TOPICS);
    s.push(
      [
        `双方在${t}领域${pick(ACTS)}，涉及项目${1 + rand(90)}个，金额约${1 + rand(900)}万元。`,
        `${pick(ORGS)}负责人表示，将以${t}合作为重点，推动两地${pick(TOPICS)}交流迈上新台阶。`,
        `据统计，去年两地${t}往来人数达${100 + rand(9000)}人次，同比增长${1 + rand(60)}%。`,
        `访问期间，代表团参观了当地的${pick(ORGS)}和${1 + rand(20)}家${t}企业。`,
        `会后，双方${pick(ACTS)}，并商定于明年${1 + rand(12)}月在${cn}举办${t}论坛。`,
      ][rand(5)]!,
    );
  }
  return s.join('');
}

const dir = mkdtempSync(join(tmpdir(), 'youcheng-ingest-bench-'));
const db = openStore(join(dir, 'bench.db'));
let written = 0;
/** The next `n` articles as files in a folder of their own. */
function batch(n: number): string {
  const folder = join(dir, `batch-${written}`);
  mkdirSync(folder);
  for (let i = 0; i < n; i++, written++) writeFileSync(join(folder, `${String(written).padStart(7, '0')}.txt`), article(written));
  return folder;
}

/** Wall-clock and CPU seconds since `t0`. */
interface Took {
  wall: number;
  cpu: number;
}
const start = () => ({ wall: performance.now(), cpu: process.cpuUsage() });
function took(t0: ReturnType<typeof start>): Took {
  const cpu = process.cpuUsage(t0.cpu);
  return { wall: (performance.now() - t0.wall) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

/** What `extract` does with the files, printing nothing. */
async function extract(folder: string): Promise<Took> {
  const t0 = start();
  for (const file of (await listArticleFiles([folder])).files) for (const a of await readArticles(file)) await extractFromArticle(a, undefined);
  return took(t0);
}

async function ingest(folder: string): Promise<Took & { stored: number }> {
  const t0 = start();
  const summary = await ingestPaths(db, [folder]);
  return { ...took(t0), stored: summary.new };
}
const rate = (n: number, t: Took) => `${(n / t.cpu).toFixed(0)} docs/s of CPU (${(n / t.wall).toFixed(0)} wall-clock)`;

// Warm-up: the dictionaries, the gazetteer, the JIT (not stored).
await extract(batch(500));
written = 0;
rmSync(join(dir, 'batch-0'), { recursive: true });

const rows: Array<{ level: number; ingest: number; extract: number }> = []; // docs per CPU second
for (const level of LEVELS) {
  if (written < level) {
    const fill = await ingest(batch(level - written));
    console.log(`filled to ${written} documents: ${rate(fill.stored, fill)}`);
  }
  const probe = batch(PROBE);
  const x = await extract(probe);
  const i = await ingest(probe);
  if (i.stored !== PROBE) console.log(`  note: ${PROBE - i.stored} of the probe's documents were not stored as new`);
  rows.push({ level, ingest: PROBE / i.cpu, extract: PROBE / x.cpu });
  console.log(`at ${level} stored: ingest ${rate(PROBE, i)}; extract ${rate(PROBE, x)}; ingest / extract ${(x.cpu / i.cpu).toFixed(2)}× (CPU)`);
}
const count = (sql: string) => db.prepare(sql).pluck().get() as number;
console.log(
  `store: ${count('SELECT count(*) FROM documents')} documents, ${count("SELECT count(*) FROM facts WHERE type = 'city_pair'")} pair facts, ${count('SELECT count(*) FROM registry')} relationships`,
);
const first = rows[0]!;
const last = rows.at(-1)!;
const worst = Math.min(...rows.map((r) => r.ingest / r.extract));
console.log(`ingest / extract: worst ${worst.toFixed(2)}× (target ≥ 0.5×)`);
console.log(`docs/s at ${last.level} stored / at 0: ${(last.ingest / first.ingest).toFixed(2)} (target ≥ 0.75)`);
db.close();
rmSync(dir, { recursive: true, force: true });
