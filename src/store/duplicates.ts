/** Finding a stored document that a new text nearly duplicates, by MinHash bands. */
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

export function saveSignature(db: Store, documentId: string, signature: number[], bandKeys: string[]): void {
  stmt(db, 'UPDATE documents SET minhash = ? WHERE id = ?').run(JSON.stringify(signature), documentId);
  const insert = stmt(db, 'INSERT OR IGNORE INTO document_bands (band, document_id) VALUES (?, ?)');
  for (const b of bandKeys) insert.run(b, documentId);
}

/** The stored document most similar to `signature`, if any reaches `threshold`. */
export function findNearDuplicate(db: Store, signature: number[], bandKeys: string[], threshold: number, similarity: (a: number[], b: number[]) => number): { id: string; similarity: number } | null {
  const marks = bandKeys.map(() => '?').join(',');
  // The documents sharing the most bands are the likeliest near-duplicates; a few suffice.
  const candidates = stmt(db, `SELECT document_id AS id FROM document_bands WHERE band IN (${marks}) GROUP BY document_id ORDER BY count(*) DESC LIMIT 20`).all(...bandKeys) as Array<{ id: string }>;
  let best: { id: string; similarity: number } | null = null;
  for (const c of candidates) {
    const sig = signatureOf(db, c.id);
    if (!sig) continue;
    const s = similarity(signature, sig);
    if (s >= threshold && (!best || s > best.similarity)) best = { id: c.id, similarity: s };
  }
  return best;
}
