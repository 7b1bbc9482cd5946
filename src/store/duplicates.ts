/** Finding a stored document that a new text nearly duplicates, by MinHash bands. */
import type { Store } from './db.ts';

export function saveSignature(db: Store, documentId: string, signature: number[], bandKeys: string[]): void {
  db.prepare('UPDATE documents SET minhash = ? WHERE id = ?').run(JSON.stringify(signature), documentId);
  const insert = db.prepare('INSERT OR IGNORE INTO document_bands (band, document_id) VALUES (?, ?)');
  for (const b of bandKeys) insert.run(b, documentId);
}

/** The stored document most similar to `signature`, if any reaches `threshold`. */
export function findNearDuplicate(db: Store, signature: number[], bandKeys: string[], threshold: number, similarity: (a: number[], b: number[]) => number): { id: string; similarity: number } | null {
  const marks = bandKeys.map(() => '?').join(',');
  const candidates = db
    .prepare(`SELECT DISTINCT d.id, d.minhash FROM document_bands b JOIN documents d ON d.id = b.document_id WHERE b.band IN (${marks})`)
    .all(...bandKeys) as Array<{ id: string; minhash: string | null }>;
  let best: { id: string; similarity: number } | null = null;
  for (const c of candidates) {
    if (!c.minhash) continue;
    const s = similarity(signature, JSON.parse(c.minhash) as number[]);
    if (s >= threshold && (!best || s > best.similarity)) best = { id: c.id, similarity: s };
  }
  return best;
}
