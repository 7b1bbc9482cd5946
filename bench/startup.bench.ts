/**
 * Start-up of the command line: the median wall time of `youcheng --help` and of `youcheng extract`
 * of a one-line file, each as a ratio to `node -e 0` measured in the same run (interleaved, so a
 * busy machine slows all three alike). Runs whatever bin/youcheng.js runs; another entry can be
 * given as the first argument (`node --import tsx bench/startup.bench.ts dist/cli/main.js`).
 * The line names a pair and no count, so jieba's dictionary (loaded only to read a count) stays out.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGETS = { help: 2, extract: 4 };

const entry = process.argv[2] ?? fileURLToPath(new URL('../bin/youcheng.js', import.meta.url));
const line = join(mkdtempSync(join(tmpdir(), 'youcheng-startup-')), 'one-line.txt');
writeFileSync(line, '成都市与法国蒙彼利埃市于1981年结为友好城市。\n');

const cases = {
  node: ['-e', '0'],
  help: [entry, '--help'],
  extract: [entry, 'extract', line],
} satisfies Record<string, string[]>;

function seconds(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return s;
}

const times: Record<keyof typeof cases, number[]> = { node: [], help: [], extract: [] };
for (const args of Object.values(cases)) seconds(args); // warm the file cache
for (let i = 0; i < RUNS; i++) for (const name of Object.keys(times) as Array<keyof typeof cases>) times[name].push(seconds(cases[name]));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  // RUNS > 0: the middle indices exist.
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const base = median(times.node);
console.log(`start-up (${entry}), median of ${RUNS} runs; node -e 0: ${base.toFixed(3)} s`);
let missed = false;
for (const name of ['help', 'extract'] as const) {
  const t = median(times[name]);
  const ratio = t / base;
  const ok = ratio <= TARGETS[name];
  missed ||= !ok;
  console.log(`  ${name === 'help' ? 'youcheng --help' : 'youcheng extract <one line>'}: ${t.toFixed(3)} s, ${ratio.toFixed(2)}× bare node (target ≤ ${TARGETS[name]}×) ${ok ? 'ok' : 'MISSED'}`);
}
if (missed) process.exitCode = 1;
