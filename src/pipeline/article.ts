/**
 * One article from read to stored. `prepareArticle` (the rules and the LLM step, reading nothing
 * but the store) may run for several at once; `commitArticle` stores one in its own transaction. A
 * text already stored, or nearly the same as a stored one (a mirror), becomes one more source of
 * that document instead of a new one. Files and web ingestion both go through here.
 */
import { documentId, EXTRACTOR_VERSION } from '../extract/document.ts';
import { type Extraction, extractFromArticle, type Llm } from '../extract/full.ts';
import { normalize, NORMALIZER_VERSION } from '../extract/text/normalize.ts';
import { pairPlaces } from '../extract/pairs/pairs.ts';
import { bands, minhash } from '../extract/text/shingles.ts';
import { factKey, type PlaceRecord, type RecordLine } from '../records.ts';
import type { Article } from '../sources/files.ts';
import { write, type Store } from '../store/db.ts';
import { addSource, isCurrent, llmStateOf, movedEvidence, saveDocument } from '../store/documents.ts';
import { findNearDuplicate, saveSignature } from '../store/duplicates.ts';
import { cleanerThanStored, sameDocumentAs } from './mirrors.ts';
import type { IngestSummary } from './summary.ts';

export type StoreOutcome = 'new' | 'unchanged' | 'reextracted' | 'duplicate';

/** Articles prepared at once: enough to keep every LLM request slot busy; commits stay in order. */
export function windowFor(llm?: Llm): number {
  return Math.max(16, 4 * (llm?.client.config.concurrency ?? 0));
}

export interface Prepared {
  article: Article;
  documentId: string;
  /** Null when the text is stored already and needs nothing. */
  extraction: Extraction | null;
  signature: number[];
  bandKeys: string[];
  /** The normalised text the signature was made from. */
  normalized: string;
  /** Whether an alike stored document is this text's document (see mirrors.ts). */
  sameDocument: (id: string) => boolean;
}

function placesOf(line: RecordLine): Map<string, { a: PlaceRecord; b: PlaceRecord }> {
  const places = new Map<string, { a: PlaceRecord; b: PlaceRecord }>();
  for (const f of line.facts) {
    if (f.type !== 'city_pair') continue;
    const p = pairPlaces(f.a.name, f.b.name, f.b.country);
    if (p) places.set(factKey(f), p);
  }
  return places;
}

/** Whether an article needs extracting: not when it (or a near-duplicate) is stored and current. */
function duplicateOf(db: Store, p: Omit<Prepared, 'extraction'>, llm: boolean): string | null {
  if (isCurrent(db, p.documentId, EXTRACTOR_VERSION, NORMALIZER_VERSION)) {
    const state = llmStateOf(db, p.documentId);
    return llm && state !== 'done' ? null : p.documentId;
  }
  const near = findNearDuplicate(db, { signature: p.signature, bandKeys: p.bandKeys, normalized: p.normalized, source: p.article.source, sameDocument: p.sameDocument });
  return near !== p.documentId ? near : null;
}

/** Reads nothing but the store; runs the rules and, when configured, the LLM step. */
export async function prepareArticle(db: Store, article: Article, published: string | null | undefined, llm?: Llm): Promise<Prepared> {
  const norm = normalize(article.original);
  const signature = minhash(norm.text);
  const found = { article, documentId: documentId(article.original), signature, bandKeys: bands(signature), normalized: norm.text, sameDocument: sameDocumentAs(db, article, norm.text) };
  const dup = duplicateOf(db, found, !!llm);
  // A cleaner copy of a stored mirror is extracted to take its place.
  if (dup !== null && (dup === found.documentId || !cleanerThanStored(db, dup, article.original))) return { ...found, extraction: null };
  return { ...found, extraction: await extractFromArticle(article, published, llm, norm) };
}

export interface Stored {
  outcome: StoreOutcome;
  documentId: string;
  /** A line for the run's warnings: a cleaner copy put in place, or why it was not. */
  note?: string;
}

/** Stores a prepared article in one transaction, checking again for what was stored meanwhile. */
export function commitArticle(db: Store, p: Prepared, summary: IngestSummary, llm?: Llm): Stored {
  const result = storeArticle(db, p, llm);
  countArticle(summary, p, result, llm);
  return result;
}

/** Writes a prepared article (its own transaction, or a part of the caller's); counts nothing. */
export function storeArticle(db: Store, p: Prepared, llm?: Llm): Stored {
  return write(db, (): Stored => {
    const dup = duplicateOf(db, p, !!llm);
    const cleaner = dup !== null && dup !== p.documentId && p.extraction ? cleanerThanStored(db, dup, p.article.original) : null;
    // A cleaner copy takes the stored text's place, unless a reviewed fact's evidence cannot be found in it.
    const moved = cleaner && dup ? movedEvidence(db, dup, p.article.original) : null;
    const kept =
      cleaner && !moved ? `a copy with ${cleaner.copy} damaged character(s) was not put in place of document ${dup}'s ${cleaner.stored}: a reviewed fact's evidence is not in it` : undefined;
    if ((dup !== null && !moved) || !p.extraction) {
      const target = dup ?? p.documentId;
      addSource(db, target, p.article.source);
      return { outcome: target === p.documentId ? 'unchanged' : 'duplicate', documentId: target, note: kept };
    }
    const x = p.extraction;
    const target = moved && dup ? dup : p.documentId;
    const retry = llm !== undefined && isCurrent(db, p.documentId, EXTRACTOR_VERSION, NORMALIZER_VERSION);
    const outcome = saveDocument(db, {
      line: { ...x.line, doc: { ...x.line.doc, id: target } },
      original: p.article.original,
      normalized: x.norm.text,
      normalizerVersion: NORMALIZER_VERSION,
      extractorVersion: EXTRACTOR_VERSION,
      charset: p.article.charset,
      places: placesOf(x.line),
      evidenceOf: x.evidence,
      versionOf: x.version,
      llm: { state: x.llmState, model: llm ? llm.client.config.model : null, promptTokens: x.usage.promptTokens, completionTokens: x.usage.completionTokens },
      force: retry || !!moved,
      replace: moved ?? undefined,
    });
    saveSignature(db, target, p.signature, p.bandKeys);
    const replaced =
      cleaner && moved
        ? `its text replaced that of document ${target}, a copy with ${cleaner.stored} damaged character(s) (this one has ${cleaner.copy}); facts derived again, reviews kept`
        : undefined;
    return { outcome: outcome === 'unchanged' ? 'reextracted' : outcome, documentId: target, note: replaced };
  });
}

/** Counts a stored article in the run's summary, once it is committed: a transaction retried on a busy store runs twice. */
export function countArticle(summary: IngestSummary, p: Prepared, result: Stored, llm?: Llm): void {
  if (result.note) summary.warnings.push(`${p.article.source}: ${result.note}`);
  if (result.outcome === 'duplicate') summary.duplicates++;
  else summary[result.outcome]++;
  const x = p.extraction;
  // Stored with the other extractors' facts; the run's summary names what failed.
  if (x?.failed.length && result.outcome !== 'duplicate') summary.warnings.push(`${p.article.source}: extractor(s) failed: ${x.failed.join(', ')}`);
  if (x && result.outcome !== 'duplicate' && result.outcome !== 'unchanged') for (const f of x.line.facts) summary.facts[f.type] = (summary.facts[f.type] ?? 0) + 1;
  if (x && llm && result.outcome !== 'duplicate' && result.outcome !== 'unchanged') {
    summary.llm.documents++;
    if (x.llmState === 'failed') {
      summary.llm.failed++;
      summary.warnings.push(`${p.article.source}: ${x.line.warnings[x.line.warnings.length - 1]}`);
    }
    summary.llm.requests += x.usage.requests;
    summary.llm.promptTokens += x.usage.promptTokens;
    summary.llm.completionTokens += x.usage.completionTokens;
    summary.llm.cost = llm.client.cost(summary.llm);
  }
}
