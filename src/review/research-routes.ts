/** The research page's API: full-text search over the documents, and facts by researchers' filters. */
import { z } from 'zod';
import { toSimplified } from '../extract/script.ts';
import { factRecord } from '../query/export.ts';
import { selectFacts } from '../query/select.ts';
import { DateString, FACT_TYPES, RELATIONS } from '../records.ts';
import { searchDocuments } from '../store/research.ts';
import { ok, oneOf, route, type Route } from './http.ts';

const Search = z.object({ q: z.string().default('') });

const Facts = z.object({
  type: oneOf(FACT_TYPES).optional(),
  all: z
    .string()
    .optional()
    .transform((v) => v === '1'),
  place: z.string().optional(),
  country: z.string().optional(),
  relation: oneOf(RELATIONS).optional(),
  since: DateString.optional(),
  until: DateString.optional(),
});

export const researchRoutes: Route[] = [
  route('GET', /^\/api\/research\/search$/, Search, ({ q }, { db }) => ok({ hits: searchDocuments(db, toSimplified(q).replace(/\s+/g, ''), 50) })),
  route('GET', /^\/api\/research\/facts$/, Facts, (filters, { db }) => ok({ facts: selectFacts(db, filters).facts.map(factRecord) })),
];
