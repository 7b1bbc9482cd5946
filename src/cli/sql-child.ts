/**
 * `youcheng sql` runs its query here, in a process of its own, so that the command can stop it at
 * --timeout: better-sqlite3 offers neither sqlite3_interrupt nor a progress handler, and a worker
 * thread busy inside SQLite cannot be terminated (the process waits for it to finish the
 * statement); a process can be killed. Rows are written as SQLite reads them, never all held.
 */
import Database from 'better-sqlite3';
import { once } from 'node:events';
import { YouchengError } from '../errors.ts';
import { openStore } from '../store/db.ts';
import { csvLine } from '../query/csv.ts';
import { readOnlyQuery } from '../store/research.ts';
import { table } from './output.ts';
import type { SqlJob } from './sql.ts';
import { stopQuietlyWhenStdoutCloses } from './stdout.ts';
import { jsonText, printable } from '../printable.ts';

/** Writes a line, waiting while the reader is behind: rows are read no faster than they are taken. A terminal sees control characters escaped. */
async function emit(line: string): Promise<void> {
  if (!process.stdout.write(process.stdout.isTTY ? printable(line) : line)) await once(process.stdout, 'drain');
}

async function print(job: SqlJob): Promise<void> {
  const db = openStore(job.path, { readonly: true });
  try {
    const { columns, rows } = readOnlyQuery(db, job.query);
    const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    // A table's column widths need every row it shows; the other formats stream.
    const shown: string[][] = [];
    let n = 0;
    let more = false;
    if (job.format === 'csv') await emit(`${csvLine(columns)}\n`);
    for (const r of rows) {
      if (job.limit && n === job.limit) {
        more = true;
        break;
      }
      n++;
      if (job.format === 'jsonl') await emit(`${jsonText(Object.fromEntries(columns.map((c, i) => [c, r[i]])))}\n`);
      else if (job.format === 'csv') await emit(`${csvLine(r.map(text))}\n`);
      else shown.push(r.map((v) => text(v).replace(/\s+/g, ' ')));
    }
    if (job.format === 'table' && shown.length) console.log(table([columns, ...shown]));
    if (job.format === 'table' || more) console.error(`${n} row(s)${more ? `; stopped at --limit ${job.limit}` : ''}`);
  } finally {
    db.close();
  }
}

/** One line for what went wrong: the user's query, or a store that cannot be read. */
function failure(err: unknown, query: string): string {
  if (err instanceof YouchengError) return err.message;
  if (!(err instanceof Database.SqliteError)) throw err;
  if (/\bload_extension\s*\(/i.test(query) && /not authorized/.test(err.message)) return 'load_extension is refused: youcheng sql loads no SQLite extensions';
  return `the query failed: ${err.message}`;
}

stopQuietlyWhenStdoutCloses();
const job = JSON.parse(process.argv[2]!) as SqlJob; // the parent passes the job as the one argument
try {
  await print(job);
} catch (err) {
  console.error(`error: ${failure(err, job.query)}`);
  process.exitCode = 1;
}
