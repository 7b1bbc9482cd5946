/**
 * Writes one extracted document and its facts in one transaction, and reads a stored one back. A
 * re-run never touches a reviewed fact: it replaces only pending facts that no reviewer has acted on.
 */
import { createHash } from 'node:crypto';
import { type Alignment, Fact, factFields, factKey, type LlmState, type Method, type PlaceRecord, type RecordLine } from '../records.ts';
import { RecordError, zodProblems } from '../errors.ts';
import { DAMAGED_RUNS } from '../extract/text/damaged.ts';
import { stmt, write, type Store } from './db.ts';
import { fileFact, pairsOfDocument, refreshPairs } from './relationships.ts';

export type SaveOutcome = 'new' | 'unchanged' | 'reextracted';

export interface DocumentToSave {
  line: RecordLine;
  original: string;
  normalized: string;
  normalizerVersion: string;
  extractorVersion: string;
  charset: string | null;
  /** The canonical places of each city pair, by the pair's fact key. */
  places?: Map<string, { a: PlaceRecord; b: PlaceRecord }>;
  /** Where each evidence span came from; rules when not said. */
  evidenceOf?: (start: number, end: number) => { method: Method; alignment: Alignment | null };
  /** The extractor version recorded with a fact; extractorVersion when not said. */
  versionOf?: (fact: Fact) => string;
  llm?: { state: LlmState; model: string | null; promptTokens: number; completionTokens: number };
  /** Replace pending facts even when the text and versions are unchanged (an LLM retry). */
  force?: boolean;
  /**
   * The text replaces the stored one of this id (a cleaner copy of it, see `movedEvidence`): its
   * source, charset and location with it, and the kept facts' evidence moves to these spans.
   */
  replace?: MovedEvidence[];
}

/** An evidence row of a kept fact, where it stands in a cleaner copy of its text. */
export interface MovedEvidence {
  id: number;
  start: number;
  end: number;
  quote: string;
}

export function factId(documentId: string, key: string): string {
  return createHash('sha256').update(`${documentId}\0${key}`).digest('hex').slice(0, 16);
}

function now(): string {
  return new Date().toISOString();
}

/** Is this text already stored, extracted by this extractor? (No write.) */
export function isCurrent(db: Store, documentId: string, extractorVersion: string, normalizerVersion: string): boolean {
  const row = stmt(db, 'SELECT extractor_version, normalizer_version FROM documents WHERE id = ?').get(documentId) as { extractor_version: string; normalizer_version: string } | undefined;
  return !!row && row.extractor_version === extractorVersion && row.normalizer_version === normalizerVersion;
}

/** The LLM state of a stored document: null when it is not stored. */
export function llmStateOf(db: Store, documentId: string): string | null {
  const row = stmt(db, 'SELECT llm_state FROM documents WHERE id = ?').get(documentId) as { llm_state: string | null } | undefined;
  return row ? (row.llm_state ?? 'skipped') : null;
}

/** A stored document as the review page shows it: its original text and where it came from. */
export interface StoredDocument {
  id: string;
  title: string | null;
  source: string;
  /** The PDF page the document was read from, or null. */
  page: number | null;
  published: string | null;
  original: string;
}

export function documentById(db: Store, id: string): StoredDocument | undefined {
  return stmt(db, 'SELECT id, title, source, page, published, original FROM documents WHERE id = ?').get(id) as StoredDocument | undefined;
}

/** One more address the document was read from; its relationships count it among their sources. */
export function addSource(db: Store, documentId: string, source: string): void {
  const added = stmt(db, 'INSERT OR IGNORE INTO document_sources (document_id, source, first_seen) VALUES (?, ?, ?)').run(documentId, source, now()).changes > 0;
  if (added) refreshPairs(db, pairsOfDocument(db, documentId));
}

/** Links a city pair's fact to its two canonical places, storing them (with their aliases) as it goes. */
export function linkPlaces(db: Store, factId: string, places: { a: PlaceRecord; b: PlaceRecord }): void {
  const upsertPlace = stmt(
    db,
    `INSERT INTO places (id, name, kind, country, country_code, aliases, source, lat, lon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET aliases = excluded.aliases, lat = coalesce(excluded.lat, lat), lon = coalesce(excluded.lon, lon)`,
  );
  for (const role of ['a', 'b'] as const) {
    const p = places[role];
    upsertPlace.run(p.id, p.name, p.kind, p.country, p.countryCode, JSON.stringify(p.aliases), p.source, p.lat ?? null, p.lon ?? null);
    stmt(db, 'INSERT INTO fact_places (fact_id, role, place_id) VALUES (?, ?, ?)').run(factId, role, p.id);
  }
  fileFact(db, factId, places.a.id, places.b.id);
}

/** A quote as a pattern that a cleaner copy matches: each run of damaged characters stands for up to twice as many others. */
function quotePattern(quote: string): RegExp {
  const parts = quote.split(DAMAGED_RUNS);
  const source = parts.map((p, i) => (i % 2 ? `[^\\n]{1,${2 * [...p].length}}?` : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(source, 'gu');
}

/**
 * Where the evidence of the facts a re-extraction keeps (reviewed ones, and any with history)
 * stands in `original`, a cleaner copy of the stored text: the same quote, or one whose damaged
 * characters read otherwise, nearest to where it stood. Null when one cannot be found: then the
 * stored text stays, and with it every citation.
 */
export function movedEvidence(db: Store, documentId: string, original: string): MovedEvidence[] | null {
  const rows = stmt(
    db,
    `SELECT e.id, e.start, e.end, e.quote FROM evidence e JOIN facts f ON f.id = e.fact_id
     WHERE f.document_id = ? AND (f.status != 'pending' OR EXISTS (SELECT 1 FROM review_history h WHERE h.fact_id = f.id))`,
  ).all(documentId) as MovedEvidence[];
  const moved: MovedEvidence[] = [];
  for (const e of rows) {
    if (original.slice(e.start, e.end) === e.quote) {
      moved.push(e);
      continue;
    }
    let best: MovedEvidence | null = null;
    for (const m of original.matchAll(quotePattern(e.quote))) {
      if (!best || Math.abs(m.index - e.start) < Math.abs(best.start - e.start)) best = { id: e.id, start: m.index, end: m.index + m[0].length, quote: m[0] };
    }
    if (!best) return null;
    moved.push(best);
  }
  return moved;
}

export function saveDocument(db: Store, doc: DocumentToSave): SaveOutcome {
  const { line } = doc;
  // Extraction checks every fact already; this guards the store against a bug, in one line.
  const facts = line.facts.map((f) => {
    const checked = Fact.safeParse(f);
    if (!checked.success) throw new RecordError(`${line.doc.source}: a ${f.type} fact breaks the record contract: ${zodProblems(checked.error)}`);
    return checked.data;
  });
  const t = now();
  // A PDF's page and region, null for other sources: where the first source (documents.source) has it.
  const location = [line.doc.page ?? null, line.doc.region ? JSON.stringify(line.doc.region) : null] as const;
  return write(db, (): SaveOutcome => {
    const existing = stmt(db, 'SELECT extractor_version, normalizer_version FROM documents WHERE id = ?').get(line.doc.id) as { extractor_version: string; normalizer_version: string } | undefined;
    // The relationships this document's pairs support, before and after: derived again below.
    const touched = existing ? pairsOfDocument(db, line.doc.id) : [];
    if (!doc.force && existing && existing.extractor_version === doc.extractorVersion && existing.normalizer_version === doc.normalizerVersion) {
      addSource(db, line.doc.id, line.doc.source);
      return 'unchanged';
    }
    if (existing) {
      stmt(
        db,
        `UPDATE documents SET title = ?, published = ?, normalized = ?, normalizer_version = ?, extractor_version = ?,
           warnings = ?, extracted_at = ? WHERE id = ?`,
      ).run(line.doc.title, line.doc.published, doc.normalized, doc.normalizerVersion, doc.extractorVersion, JSON.stringify(line.warnings), t, line.doc.id);
      if (doc.replace) {
        stmt(db, 'UPDATE documents SET source = ?, script = ?, chars = ?, charset = ?, original = ?, page = ?, region = ? WHERE id = ?').run(
          line.doc.source,
          line.doc.script,
          line.doc.chars,
          doc.charset,
          doc.original,
          ...location,
          line.doc.id,
        );
        const move = stmt(db, 'UPDATE evidence SET start = ?, end = ?, quote = ? WHERE id = ?');
        for (const e of doc.replace) move.run(e.start, e.end, e.quote, e.id);
      }
      stmt(
        db,
        `DELETE FROM facts WHERE document_id = ? AND status = 'pending'
           AND NOT EXISTS (SELECT 1 FROM review_history h WHERE h.fact_id = facts.id)`,
      ).run(line.doc.id);
    } else {
      stmt(
        db,
        `INSERT INTO documents (id, source, title, published, script, chars, charset, original, normalized,
           normalizer_version, extractor_version, warnings, ingested_at, extracted_at, page, region)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        line.doc.id,
        line.doc.source,
        line.doc.title,
        line.doc.published,
        line.doc.script,
        line.doc.chars,
        doc.charset,
        doc.original,
        doc.normalized,
        doc.normalizerVersion,
        doc.extractorVersion,
        JSON.stringify(line.warnings),
        t,
        t,
        ...location,
      );
    }
    addSource(db, line.doc.id, line.doc.source);
    const kept = new Set((stmt(db, 'SELECT key FROM facts WHERE document_id = ?').all(line.doc.id) as Array<{ key: string }>).map((r) => r.key));
    const insertFact = stmt(
      db,
      `INSERT INTO facts (id, document_id, type, key, fields, method, confidence, extractor_version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertEvidence = stmt(db, 'INSERT INTO evidence (fact_id, start, end, quote, method, alignment) VALUES (?, ?, ?, ?, ?, ?)');
    for (const fact of facts) {
      const key = factKey(fact);
      if (kept.has(key)) continue; // a reviewer's decision on this fact stands
      const id = factId(line.doc.id, key);
      insertFact.run(id, line.doc.id, fact.type, key, JSON.stringify(factFields(fact)), fact.method, fact.confidence, doc.versionOf?.(fact) ?? doc.extractorVersion, t, t);
      for (const e of fact.evidence) {
        const from = doc.evidenceOf?.(e.start, e.end) ?? { method: fact.method, alignment: null };
        insertEvidence.run(id, e.start, e.end, e.quote, from.method, from.alignment);
      }
      const places = doc.places?.get(key);
      if (places) linkPlaces(db, id, places);
    }
    if (doc.llm) {
      stmt(db, 'UPDATE documents SET llm_state = ?, llm_model = ?, llm_prompt_tokens = llm_prompt_tokens + ?, llm_completion_tokens = llm_completion_tokens + ? WHERE id = ?').run(
        doc.llm.state,
        doc.llm.model,
        doc.llm.promptTokens,
        doc.llm.completionTokens,
        line.doc.id,
      );
    }
    refreshPairs(db, [...touched, ...pairsOfDocument(db, line.doc.id)]);
    return existing ? 'reextracted' : 'new';
  });
}
