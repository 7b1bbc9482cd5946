/**
 * What the model must answer: agreements, events and city pairs, each with `quote`, the shortest
 * passage of the article, copied verbatim, that states it. The zod schema validates every answer;
 * its JSON Schema goes to the server as a strict response_format. Bump SCHEMA_VERSION with any
 * change: it is part of the cache key.
 */
import { z } from 'zod';
import { DateString, Participants, Relation } from '../../records.ts';

// answer-2: dates follow the record contract's DateString (months 01-12, days 01-31).
export const SCHEMA_VERSION = 'answer-2';

const DateText = DateString.nullable();
const Quote = z.string().min(2).describe('the shortest passage of the article that states this, copied character for character');

/** Every kind of participant an event record counts, each null when the text gives no number (a strict schema has no optional keys). */
const LlmParticipants = z.object(
  Object.fromEntries(Participants.keyof().options.map((kind) => [kind, z.number().nullable()])) as Record<keyof z.infer<typeof Participants>, z.ZodNullable<z.ZodNumber>>,
);

export const LlmAgreement = z.object({
  title: z.string().nullable().describe('the document title without 《》, or null'),
  kind: z.string().min(1).describe('倡议, 共识, 备忘录, 友好合作协议, 合作协议 … as the text calls it'),
  parties: z.array(z.string()).describe('places or organisations, simplified Chinese'),
  count: z.number().int().positive().nullable().describe('how many, when the text counts them'),
  fields: z.array(z.string()).describe('domains named: 经贸, 教育 …'),
  date: DateText.describe('when signed or released'),
  quote: Quote,
});

export const LlmEvent = z.object({
  name: z.string().min(1),
  kind: z.string().min(1).describe('大会, 论坛, 交流周, 发布会, 博览会, 访问, 开航 …'),
  start: DateText,
  end: DateText,
  place: z.string().nullable(),
  participants: LlmParticipants,
  quote: Quote,
});

export const LlmPair = z.object({
  a: z.string().min(1).describe('the Chinese place, short simplified name: 成都'),
  b: z.string().min(1).describe('the foreign place, short simplified name: 蒙彼利埃'),
  country: z.string().nullable().describe("the foreign place's country as the text states it, else null"),
  relation: Relation,
  since: DateText.describe('only when the text ties a date to the establishment'),
  quote: Quote,
});

export const LlmAnswer = z.object({
  agreements: z.array(LlmAgreement),
  events: z.array(LlmEvent),
  city_pairs: z.array(LlmPair),
});
export type LlmAnswer = z.infer<typeof LlmAnswer>;

let jsonSchema: Record<string, unknown> | undefined;

/** The JSON Schema sent as a strict response_format (every property required, nothing extra). */
export function answerJsonSchema(): Record<string, unknown> {
  if (!jsonSchema) {
    const { $schema: _s, ...schema } = z.toJSONSchema(LlmAnswer) as Record<string, unknown>;
    jsonSchema = schema;
  }
  return jsonSchema;
}
