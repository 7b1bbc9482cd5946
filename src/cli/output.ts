/** How commands print: fixed-width tables, JSON lines, and the progress bar of a long run. */
import cliProgress from 'cli-progress';
import type { Cli } from './run.ts';
import { jsonText, printableLine } from '../printable.ts';

/** Columns padded to their widest cell; CJK characters count double, as a terminal draws them. A cell is one line, its control characters escaped. */
export function table(cells: string[][]): string {
  const rows = cells.map((r) => r.map(printableLine));
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
  // A table has a header row, and every row as many cells as the header.
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i]!))));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  ')).join('\n');
}

/** One JSON object per line on standard output. */
export function printJsonLines(cli: Cli, rows: Iterable<unknown>): void {
  for (const r of rows) cli.write(`${jsonText(r)}\n`);
}

/** Progress callbacks for a run of `total` items: a bar on a terminal for more than three, and errors and warnings as lines. */
export function progressBar(cli: Cli) {
  const stderr = cli.io.stderr;
  let bar: cliProgress.SingleBar | undefined;
  // A line written while the bar is drawn starts below it.
  const line = (text: string) => {
    if (bar) stderr.write('\n');
    cli.warn(text);
  };
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    onStart: (total: number) => {
      stop();
      if (stderr.isTTY && total > 3) {
        bar = new cliProgress.SingleBar({ stream: stderr as NodeJS.WriteStream, format: 'ingest [{bar}] {value}/{total} {file}', hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, 0, { file: '' });
      }
    },
    onProgress: (done: number, file: string) => bar?.update(done, { file: printableLine(file) }),
    onError: (message: string) => line(`error: ${message}`),
    onWarning: (message: string) => line(`warning: ${message}`),
    stop,
  };
}
