/**
 * `youcheng add`: a fact a reviewer read in a document, from scripts, as the review page's add-fact
 * form stores it (method manual, the span as evidence, the decision in the history).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { RecordError } from '../../errors.ts';
import { describeFact } from '../../query/describe.ts';
import { FACT_TYPES, type FactType } from '../../records.ts';
import { openStore } from '../../store/db.ts';
import { addManualFact } from '../../store/manual.ts';
import { dbOption } from '../options.ts';
import type { Cli } from '../run.ts';

function offset(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`"${value}" is not an offset (a whole number)`);
  return n;
}

/** The --fields value: a JSON object of the fact's own fields. */
function parseFields(json: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new RecordError(`--fields is not JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RecordError('--fields must be a JSON object of the fact\'s fields, such as {"a": …, "b": …}');
  return value as Record<string, unknown>;
}

interface AddOptions {
  db?: string;
  doc: string;
  type: FactType;
  start: number;
  end: number;
  fields: string;
  quote?: string;
  reviewer?: string;
  note?: string;
  force?: boolean;
}

export function register(cmd: Command, cli: Cli): void {
  cmd
    .addOption(dbOption())
    .requiredOption('--doc <id>', 'the document (its id, see youcheng search or facts)')
    .addOption(new Option('--type <type>', 'the fact type').choices(FACT_TYPES).makeOptionMandatory())
    .requiredOption('--start <n>', 'where the span starts: an offset into the original text', offset)
    .requiredOption('--end <n>', 'where it ends (exclusive)', offset)
    .requiredOption('--fields <json>', 'the fact\'s own fields as JSON, e.g. {"a":{"name":"湖州","country":"中国"},"b":{"name":"轻井泽","country":"日本"},"relation":"sister","since":null}')
    .option('--quote <text>', 'the text the span must hold (refused when it does not)')
    .option('--reviewer <name>', 'recorded with the fact and its decision (default: $USER)')
    .option('--note <text>', 'a note kept with the decision')
    .option('--force', "store it even when the span does not state the fact (a pair's places, a count's number, a date's date); the history records it as forced")
    .action((opts: AddOptions) => {
      const fields = parseFields(opts.fields);
      const db = openStore(opts.db, { env: cli.env });
      try {
        const reviewer = opts.reviewer ?? cli.env.USER ?? null;
        const r = addManualFact(db, { documentId: opts.doc, type: opts.type, span: { start: opts.start, end: opts.end, quote: opts.quote }, fields, reviewer, note: opts.note, force: opts.force });
        const what = r.added === 'fact' ? `added, ${r.fact.status}` : `already stored (${r.fact.status}): the span is added to its evidence`;
        cli.print(`${r.fact.id}: ${what}: ${describeFact(r.fact.fact)}${opts.force ? ' (forced)' : ''}`);
      } finally {
        db.close();
      }
    });
}
