/** Finding a stored document that a new text nearly duplicates or mirrors, by MinHash bands. */
import { halfBandPrefixes, MAYBE_DUPLICATE, NEAR_DUPLICATE, sameProse, similarity } from '../extract/text/shingles.ts';
import { stmt, type Store } from './db.ts';

/** Parsed signatures, per connection: a batch of similar pages meets the same candidates again and again. */
const parsed = new WeakMap<Store, Map<string, number[]>>();

function signatureOf(db: Store, id: string): number[] | null {
  let cache = parsed.get(db);
  if (!cache) parsed.set(db, (cache = new Map()));
  let sig = cache.get(id);
  if (!sig) {
    const row = stmt(db, 'SELECT minhash FROM documents WHERE id = ?').get(id) as { minhash: string | null } | undefined;
    if (!row?.minhash) return null;
    cache.set(id, (sig = JSON.parse(row.minhash) as number[]));
  }
  return sig;
}

/** Stores a document's signature and bands, replacing those of a text it held before (a cleaner copy put in its place). */
export function saveSignature(db: Store, documentId: string, signature: number[], bandKeys: string[]): void {
  stmt(db, 'UPDATE documents SET minhash = ? WHERE id = ?').run(JSON.stringify(signature), documentId);
  stmt(db, 'DELETE FROM document_bands WHERE document_id = ?').run(documentId);
  parsed.get(db)?.delete(documentId);
  const insert = stmt(db, 'INSERT OR IGNORE INTO document_bands (band, document_id) VALUES (?, ?)');
  for (const b of bandKeys) insert.run(b, documentId);
}

export interface Candidate {
  signature: number[];
  bandKeys: string[];
  /** The normalised text, for the exact check of a likely mirror. */
  normalized: string;
  /** Where it was read from: a source a stored document already holds stays with it. */
  source: string;
  /** Whether the text may be one document with this alike stored one (the same facts, not another part of its file). */
  sameDocument: (id: string) => boolean;
}

/**
 * The stored document a new text is a copy of, if any: one estimated at least NEAR_DUPLICATE
 * alike, or at least MAYBE_DUPLICATE alike and with the same running text (`sameProse`), that
 * `sameDocument` accepts (releases from one template are alike but state other facts).
 * Candidates are the documents sharing the most half-bands (never all pairs), and those that
 * already hold this source. Copies are not transitive (B like A, C like B, C unlike A), so a
 * rerun keeps a source with the document it was given to before rather than a likelier one
 * stored since: one file, one document.
 */
export function findNearDuplicate(db: Store, text: Candidate): string | null {
  const prefixes = halfBandPrefixes(text.bandKeys);
  const ranges = prefixes.map(() => 'SELECT document_id FROM document_bands WHERE band >= ? AND band < ?').join(' UNION ALL ');
  const banded = stmt(db, `SELECT document_id AS id FROM (${ranges}) GROUP BY document_id ORDER BY count(*) DESC LIMIT 20`).all(...prefixes.flatMap((p) => [p, `${p}\uffff`])) as Array<{ id: string }>;
  const held = stmt(db, 'SELECT document_id AS id FROM document_sources WHERE source = ?').all(text.source) as Array<{ id: string }>;
  const heldIds = new Set(held.map((h) => h.id));
  let best: { id: string; similarity: number; held: boolean } | null = null;
  for (const { id } of [...held, ...banded]) {
    const sig = signatureOf(db, id);
    if (!sig) continue;
    const s = similarity(text.signature, sig);
    if (s < MAYBE_DUPLICATE) continue;
    const isHeld = heldIds.has(id);
    if (best && (best.held || (!isHeld && s <= best.similarity))) continue;
    if (s < NEAR_DUPLICATE && !sameProse(text.normalized, normalizedOf(db, id))) continue;
    if (!text.sameDocument(id)) continue;
    best = { id, similarity: s, held: isHeld };
  }
  return best?.id ?? null;
}

function normalizedOf(db: Store, id: string): string {
  return (stmt(db, 'SELECT normalized FROM documents WHERE id = ?').get(id) as { normalized: string }).normalized;
}
