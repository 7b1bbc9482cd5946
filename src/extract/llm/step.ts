/**
 * The LLM step for one document: the relevant paragraphs, in chunks cut at paragraph boundaries
 * with one paragraph of overlap, each sent with the rules' findings as hints; every answer
 * grounded in the original text; facts that cannot be grounded, that copy the prompt's worked
 * example, or that come from a passage of the article trying to instruct the model are dropped
 * and counted in the document's warnings. They never reach the store.
 */
import { createHash } from 'node:crypto';
import type { Alignment, Fact } from '../../records.ts';
import { gazetteer } from '../places/gazetteer.ts';
import type { Normalized } from '../text/normalize.ts';
import { toSimplified } from '../text/script.ts';
import type { LlmClient, Usage } from './client.ts';
import { LlmError, TruncatedError } from './errors.ts';
import { ground } from './ground.ts';
import { examplePassages, loadTemplate, render, type Template } from './prompt.ts';
import { answerJsonSchema, LlmAnswer, SCHEMA_VERSION } from './schema.ts';

/** Paragraphs that can hold an agreement, an event or a pair; the rest is not sent. */
const RELEVANT =
  /协议|协定|倡议|共识|备忘录|宣言|签署|签订|签约|大会|论坛|峰会|交流周|博览会|洽谈会|推介会|发布会|开幕|举办|举行|召开|友城|友好城市|友好省|姐妹城市|结好|缔结|友好合作|友好交流|航线|开航|访问/;
/** Passages that address the model rather than the reader. */
const INJECTION =
  /忽略(?:以上|之前|前面|上述|所有)|无视(?:以上|之前|上述)|(?:系统|system)\s*(?:提示|prompt)|你现在是|作为(?:AI|人工智能|语言模型)|请(?:直接)?输出以下|ignore (?:all |the )?(?:previous|above|prior)|disregard (?:all |the )?(?:previous|above)|you are now|new instructions/i;
export const MAX_CHUNK_CHARS = 2400;

export interface Chunk {
  start: number;
  end: number;
  text: string;
}

export interface StepCache {
  get(key: string): string | undefined;
  put(key: string, answer: string, usage: Usage): void;
}

export interface StepResult {
  facts: Fact[];
  /** Alignment of each LLM evidence span, by "start:end". */
  alignments: Map<string, Alignment>;
  warnings: string[];
  usage: Usage;
}

interface Paragraph {
  start: number;
  end: number;
}

function paragraphs(original: string): Paragraph[] {
  const out: Paragraph[] = [];
  const re = /[^\n]+(?:\n(?!\s*\n)[^\n]+)*/g;
  for (const m of original.matchAll(re)) if (m[0].trim()) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** Chunks of whole paragraphs up to `max` characters, each repeating the previous one's last paragraph. */
export function chunk(original: string, paras: Paragraph[], max = MAX_CHUNK_CHARS): Chunk[] {
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < paras.length) {
    let j = i;
    // i <= j < paras.length: the indices and the group's ends exist.
    while (j + 1 < paras.length && paras[j + 1]!.end - paras[i]!.start <= max) j++;
    const group = paras.slice(i, j + 1);
    chunks.push({ start: group[0]!.start, end: group.at(-1)!.end, text: group.map((p) => original.slice(p.start, p.end)).join('\n\n') });
    if (j + 1 >= paras.length) break;
    i = j > i ? j : j + 1;
  }
  return chunks;
}

function hintsFor(facts: Fact[], c: Chunk): string[] {
  return facts
    .filter((f) => f.type !== 'count' && f.evidence.some((e) => e.start >= c.start && e.end <= c.end))
    .map((f) => {
      const { evidence, method: _m, confidence: _c, ...fields } = f;
      return `${JSON.stringify(fields)} «${evidence[0]!.quote.replace(/\s+/g, '')}»`;
    });
}

export interface StepInput {
  original: string;
  norm: Normalized;
  published: string | null;
  ruleFacts: Fact[];
}

let template: Template | undefined;

/** The prompt template, read from prompts/ on first use. */
export function prompt(): Template {
  return (template ??= loadTemplate());
}

/** What extracted an LLM fact: the model, prompt and schema versions. */
export function llmVersion(model: string): string {
  return `llm:${model}:${prompt().version}:${SCHEMA_VERSION}`;
}

export function cacheKey(model: string, chunkText: string, published: string | null, hints: string[]): string {
  return createHash('sha256')
    .update([model, prompt().version, SCHEMA_VERSION, published ?? '', hints.join('\n'), chunkText].join('\0'))
    .digest('hex');
}

/** `select`: send only the paragraphs that can hold an agreement, an event or a pair. */
export async function runLlmStep(input: StepInput, client: LlmClient, cache?: StepCache, select = true): Promise<StepResult> {
  const usage: Usage = { requests: 0, promptTokens: 0, completionTokens: 0 };
  const all = paragraphs(input.original);
  const relevant = select ? all.filter((p) => RELEVANT.test(toSimplified(input.original.slice(p.start, p.end)))) : all;
  const result: StepResult = { facts: [], alignments: new Map(), warnings: [], usage };
  const answers: LlmAnswer[] = [];

  const ask = async (c: Chunk, paras: Paragraph[], depth: number): Promise<void> => {
    const hints = hintsFor(input.ruleFacts, c);
    const key = cacheKey(client.config.model, c.text, input.published, hints);
    const cached = cache?.get(key);
    if (cached) {
      answers.push(LlmAnswer.parse(JSON.parse(cached)));
      return;
    }
    const before = { ...usage };
    try {
      const { answer } = await client.answer((schemaInPrompt) => render(prompt(), { text: c.text, hints, published: input.published, schema: schemaInPrompt ? answerJsonSchema() : null }), usage);
      answers.push(answer);
      cache?.put(key, JSON.stringify(answer), {
        requests: usage.requests - before.requests,
        promptTokens: usage.promptTokens - before.promptTokens,
        completionTokens: usage.completionTokens - before.completionTokens,
      });
    } catch (err) {
      if (!(err instanceof TruncatedError)) throw err;
      // Cut off at the token limit: ask again about each half.
      if (paras.length < 2 || depth >= 3) throw new LlmError(`the answer for a passage of ${c.text.length} characters was cut off at the token limit, even after splitting`);
      const half = Math.ceil(paras.length / 2);
      for (const part of [paras.slice(0, half), paras.slice(half)]) {
        const sub = chunk(input.original, part, Infinity)[0]!; // a half holds a paragraph: one chunk
        await ask(sub, part, depth + 1);
      }
    }
  };
  const chunks = chunk(input.original, relevant);
  await Promise.all(
    chunks.map((c) =>
      ask(
        c,
        relevant.filter((p) => p.start >= c.start && p.end <= c.end),
        0,
      ),
    ),
  );

  const example = examplePassages(prompt()).map((p) => p.replace(/\s+/g, ''));
  const injected = paragraphs(input.original).filter((p) => INJECTION.test(input.original.slice(p.start, p.end)));
  let ungrounded = 0;
  let copied = 0;
  let injectedFacts = 0;
  const g = gazetteer();
  for (const answer of answers) {
    const items: Array<{ quote: string; make: (ev: { start: number; end: number; quote: string }, confidence: number) => Fact | null }> = [
      ...answer.agreements.map((a) => ({
        quote: a.quote,
        make: (ev: Fact['evidence'][number], confidence: number): Fact => ({
          type: 'agreement',
          title: a.title ? a.title.replace(/^《|》$/g, '') : null,
          kind: a.kind,
          parties: a.parties.map(toSimplified),
          count: a.count,
          fields: a.fields,
          date: a.date,
          evidence: [ev],
          method: 'llm',
          confidence,
        }),
      })),
      ...answer.events.map((e) => ({
        quote: e.quote,
        make: (ev: Fact['evidence'][number], confidence: number): Fact => ({
          type: 'event',
          name: toSimplified(e.name),
          kind: e.kind,
          start: e.start,
          end: e.end,
          place: e.place ? toSimplified(e.place) : null,
          participants: Object.fromEntries(Object.entries(e.participants).filter(([, v]) => v !== null)) as Record<string, number>,
          evidence: [ev],
          method: 'llm',
          confidence,
        }),
      })),
      ...answer.city_pairs.map((p) => ({
        quote: p.quote,
        make: (ev: Fact['evidence'][number], confidence: number): Fact | null => {
          // The Chinese side must be a Chinese place the gazetteer knows.
          const a = g.resolveChinese(p.a);
          if (!a) return null;
          return {
            type: 'city_pair',
            a: { name: a.name, country: '中国' },
            b: { name: toSimplified(p.b).replace(/(?:市|府)$/, ''), country: p.country ? toSimplified(p.country) : null },
            relation: p.relation,
            since: p.since,
            evidence: [ev],
            method: 'llm',
            confidence,
          };
        },
      })),
    ];
    for (const item of items) {
      const grounded = ground(item.quote, input.original, input.norm);
      if (!grounded) {
        if (example.some((x) => x.includes(item.quote.replace(/\s+/g, '')))) copied++;
        else ungrounded++;
        continue;
      }
      if (injected.some((p) => grounded.start < p.end && p.start < grounded.end)) {
        injectedFacts++;
        continue;
      }
      const confidence = { exact: 0.8, normalized: 0.75, fuzzy: 0.6 }[grounded.alignment];
      const fact = item.make({ start: grounded.start, end: grounded.end, quote: grounded.quote }, confidence);
      if (!fact) {
        ungrounded++;
        continue;
      }
      result.alignments.set(`${grounded.start}:${grounded.end}`, grounded.alignment);
      result.facts.push(fact);
    }
  }
  if (ungrounded) result.warnings.push(`${ungrounded} LLM fact(s) dropped: their quote is not in the text`);
  if (copied) result.warnings.push(`${copied} LLM fact(s) dropped: copied from the prompt's worked example`);
  if (injectedFacts) result.warnings.push(`${injectedFacts} LLM fact(s) dropped: they come from a passage that addresses the model (possible prompt injection)`);
  return result;
}
