/**
 * What the add-fact form and the article's caret are made from: each fact type's own fields as
 * JSON Schema, generated from the record schemas in records.ts (so a field added there appears on
 * the page); the gazetteer's places whose name or alias starts with what a reviewer types, in
 * either script; a document's word edges (jieba) for the caret; and the rules' reading of a
 * selection, of every type, shown as the reviewer selects.
 */
import { z } from 'zod';
import { RecordError } from '../errors.ts';
import { describeFact } from '../query/describe.ts';
import { words } from '../extract/text/tokenize.ts';
import { documentById } from '../store/documents.ts';
import { proposeForSpan } from '../store/manual.ts';
import { gazetteer, type Place } from '../extract/places/gazetteer.ts';
import { toSimplified } from '../extract/text/script.ts';
import { Fact, FACT_TYPES } from '../records.ts';
import { HttpError, Num, ok, route, type Route } from './http.ts';

/** Each type's fields as a reviewer fills them: the record schema less its type, evidence, method and confidence. */
const NOT_FILLED = new Set(['type', 'evidence', 'method', 'confidence']);
let forms: Record<string, unknown> | undefined;
function formSchemas(): Record<string, unknown> {
  forms ??= Object.fromEntries(
    FACT_TYPES.map((type) => {
      const { shape } = Fact.options.find((o) => o.shape.type.value === type)!;
      const schema = z.object(Object.fromEntries(Object.entries(shape).filter(([key]) => !NOT_FILLED.has(key))));
      const { $schema: _, ...json } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
      return [type, json];
    }),
  );
  return forms;
}

let names: string[] | undefined;
/** Every name the gazetteer resolves (Chinese and foreign), sorted for prefix search. */
function sortedNames(): string[] {
  const g = gazetteer();
  names ??= [...new Set([...g.chinese.keys(), ...g.foreign.keys()])].sort();
  return names;
}

/** The first index of `names` not below `prefix`. */
function lowerBound(list: string[], prefix: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface PlaceChoice {
  name: string;
  country: string;
  kind: string;
  /** The name typed matched this alias (蓉城 → 成都), when not the place's own name. */
  alias: string | null;
}

const MATCHES = 12;

/** Places whose names start with `typed` (simplified first): exact names first, then shorter ones, the most populous of namesakes first. */
export function placeChoices(typed: string): PlaceChoice[] {
  const prefix = toSimplified(typed.trim());
  if (!prefix) return [];
  const g = gazetteer();
  const list = sortedNames();
  const found: string[] = [];
  for (let i = lowerBound(list, prefix); i < list.length && list[i]!.startsWith(prefix) && found.length < 200; i++) found.push(list[i]!);
  found.sort((a, b) => a.length - b.length);
  const seen = new Set<string>();
  const out: PlaceChoice[] = [];
  const push = (name: string, p: Place) => {
    if (seen.has(p.id) || out.length >= MATCHES) return;
    seen.add(p.id);
    out.push({ name: p.name, country: p.country, kind: p.kind, alias: name === p.name ? null : name });
  };
  for (const name of found) {
    const chinese = g.chinese.get(name);
    if (chinese) push(name, chinese);
    for (const p of g.foreign.get(name) ?? []) push(name, p);
  }
  return out;
}

/** The offsets where the words of `text` end (JavaScript string indices), the last being its length. */
export function wordEnds(text: string): number[] {
  const ends: number[] = [];
  let at = 0;
  for (const w of words(text)) {
    const i = text.indexOf(w, at);
    if (i < 0) continue;
    at = i + w.length;
    ends.push(at);
  }
  if (ends.at(-1) !== text.length) ends.push(text.length);
  return ends;
}

const Doc = z.object({ doc: z.string().min(1, 'doc is required') });
const Read = Doc.extend({ start: Num, end: Num });

export const formRoutes: Route[] = [
  route('GET', /^\/api\/words$/, Doc, ({ doc }, { db }) => {
    const d = documentById(db, doc);
    if (!d) throw new HttpError(404, `no document ${doc}`);
    return ok({ ends: wordEnds(d.original) });
  }),
  route('GET', /^\/api\/read$/, Read, (r, { db }) => {
    try {
      return ok({ reading: proposeForSpan(db, r.doc, r).map((f) => ({ type: f.type, summary: describeFact(f) })) });
    } catch (err) {
      if (err instanceof RecordError) throw new HttpError(400, err.message);
      throw err;
    }
  }),
  route('GET', /^\/api\/forms$/, z.unknown(), () => ok({ forms: formSchemas() })),
  route('GET', /^\/api\/places$/, z.object({ q: z.string().default('') }), ({ q }) => ok({ places: placeChoices(q) })),
];
