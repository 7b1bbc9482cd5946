import { writeFileSync } from 'node:fs';
import { manyPagesPdf, pageTreeBomb, inflateBomb } from '../test/support/pdf-bombs.ts';
import { readPdf } from '../src/sources/pdf.ts';
for (const n of [3000, 12000]) {
  const b = manyPagesPdf(n);
  writeFileSync(`/tmp/h20b/pages${n}.pdf`, b);
  const t = process.cpuUsage();
  const s = performance.now();
  const a = await readPdf(b, 'x');
  console.log(n, b.length, a.length, ((performance.now() - s) / n).toFixed(3), 'ms/page wall', (process.cpuUsage(t).user / 1000 / n).toFixed(3), 'ms/page cpu', a[0]!.text);
}
writeFileSync('/tmp/h20b/tree.pdf', pageTreeBomb());
writeFileSync('/tmp/h20b/inflate.pdf', inflateBomb(100 * 2 ** 20));
