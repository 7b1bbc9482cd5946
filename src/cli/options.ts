/** Options several commands share: value parsers, the store, the LLM step and the fact filters. */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Llm } from '../extract/full.ts';
import { DEFAULT_LLM, llmModel } from '../extract/llm/settings.ts';
import { DateString, DayString, FACT_TYPES, METHODS, RELATIONS, STATUSES } from '../records.ts';
import { DEFAULT_PDF_LIMITS, type PdfLimits } from '../sources/pdf-limits.ts';
import type { Store } from '../store/db.ts';
import { DEFAULT_STORE } from '../store/path.ts';
import type { Cli } from './run.ts';

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return n;
}

export function parsePublished(value: string): string {
  const ok = DayString.safeParse(value);
  if (!ok.success || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`"${value}" is not a date as YYYY-MM-DD`);
  return value;
}

function price(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a price`);
  return n;
}

export function dateBound(value: string): string {
  if (!DateString.safeParse(value).success) throw new InvalidArgumentError(`"${value}" is not a date as YYYY, YYYY-MM or YYYY-MM-DD`);
  return value;
}

function confidence(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`"${value}" is not a confidence between 0 and 1`);
  return n;
}

/** A repeatable option's values. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

export const dbOption = () => new Option('--db <path>', `SQLite database (default: $YOUCHENG_DB or ${DEFAULT_STORE})`);

export interface LlmCliOptions {
  llmModel?: string;
  llmBaseUrl?: string;
  llmApiKey?: string;
  llmConcurrency: number;
  llmRpm?: number;
  llmTimeout: number;
  llmPriceIn?: number;
  llmPriceOut?: number;
}

export function withLlmOptions(cmd: Command): Command {
  return cmd
    .option('--llm-model <name>', 'turn the LLM step on with this model (or $YOUCHENG_LLM_MODEL)')
    .option('--llm-base-url <url>', 'OpenAI-compatible server (or $YOUCHENG_LLM_BASE_URL, $OPENAI_BASE_URL)')
    .option('--llm-api-key <key>', 'API key (or $YOUCHENG_LLM_API_KEY, $OPENAI_API_KEY)')
    .option('--llm-concurrency <n>', 'LLM requests in flight at once', (v) => Math.max(1, positiveInt(v)), DEFAULT_LLM.concurrency)
    .option('--llm-rpm <n>', 'LLM requests per minute at most', positiveInt)
    .option('--llm-timeout <ms>', 'give up on an LLM request after this long', positiveInt, DEFAULT_LLM.timeoutMs)
    .option('--llm-price-in <usd>', 'price per million prompt tokens, for the cost in the summary', price)
    .option('--llm-price-out <usd>', 'price per million completion tokens', price);
}

/**
 * The LLM step as the options and the environment configure it; undefined when no model is set.
 * Its modules are loaded only then: a rules-only run never loads the client.
 */
export async function llmFrom(opts: LlmCliOptions, cli: Cli, db?: Store): Promise<Llm | undefined> {
  const model = llmModel(opts.llmModel, cli.env);
  if (!model) return undefined;
  const { llmStep } = await import('../pipeline/llm.ts');
  const settings = {
    model,
    baseURL: opts.llmBaseUrl,
    apiKey: opts.llmApiKey,
    env: cli.env,
    concurrency: opts.llmConcurrency,
    rpm: opts.llmRpm ?? null,
    timeoutMs: opts.llmTimeout,
    priceIn: opts.llmPriceIn,
    priceOut: opts.llmPriceOut,
  };
  return llmStep(settings, db);
}

export interface PdfCliOptions {
  pdfTimeout: number;
  pdfMemory: number;
  pdfMaxPages: number;
  pdfMaxStream: number;
}

/** The bounds on reading one PDF (file or response). */
export function withPdfOptions(cmd: Command): Command {
  const atLeastOne = (v: string) => Math.max(1, positiveInt(v));
  return cmd
    .option('--pdf-timeout <ms>', 'give up on reading a PDF after this long', atLeastOne, DEFAULT_PDF_LIMITS.timeoutMs)
    .option('--pdf-memory <MB>', 'memory (JavaScript heap) reading one PDF may use', atLeastOne, DEFAULT_PDF_LIMITS.memoryMb)
    .option('--pdf-max-pages <n>', 'refuse a PDF of more pages', atLeastOne, DEFAULT_PDF_LIMITS.maxPages)
    .option('--pdf-max-stream <bytes>', 'refuse a PDF with a stream that inflates to more', atLeastOne, DEFAULT_PDF_LIMITS.maxStreamBytes);
}

export function pdfLimitsFrom(opts: PdfCliOptions): PdfLimits {
  return { timeoutMs: opts.pdfTimeout, memoryMb: opts.pdfMemory, maxPages: opts.pdfMaxPages, maxStreamBytes: opts.pdfMaxStream };
}

export function factFilterOptions(cmd: Command): Command {
  return cmd
    .addOption(dbOption())
    .addOption(new Option('--type <type>', 'only this type').choices(FACT_TYPES))
    .option('--doc <id>', 'only this document (id or a prefix of it)')
    .addOption(new Option('--status <status>', 'only this review status (default: approved and edited)').choices(STATUSES))
    .option('--all', 'every status, pending and rejected too')
    .option('--place <name>', 'pairs with either side here, by any name or alias (成都, 成都市, 蓉城); events held there; counts it holds')
    .option('--country <name>', 'pairs whose foreign side is in this country (法国, 法國, FR)')
    .addOption(new Option('--relation <relation>', 'pairs of this relation').choices(RELATIONS))
    .option('--since <date>', "facts dated on or after (a pair's since, a date's start, an agreement's date, an event's start)", dateBound)
    .option('--until <date>', 'facts dated on or before; 1989 means to the end of 1989', dateBound)
    .addOption(new Option('--method <method>', 'only facts found this way').choices(METHODS))
    .option('--min-confidence <x>', 'only facts at least this confident', confidence);
}
