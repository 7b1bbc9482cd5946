/**
 * When an alike stored document is the same document as a new text: it states the same places,
 * counts and dates (a release from the same template with other cities or another date is another
 * document), and it is not another part of the same file (a PDF's pages stay apart). And when a
 * copy is better than the stored text: fewer damaged characters.
 */
import { statedIn, statesTheSame } from '../extract/stated.ts';
import { damagedChars } from '../extract/text/damaged.ts';
import type { Article } from '../sources/files.ts';
import { stmt, type Store } from '../store/db.ts';

interface StoredText {
  source: string;
  page: number | null;
  region: string | null;
  normalized: string;
}

/** What each stored text states, per connection, with the text it was read from (a cleaner copy may replace it). */
const statedCache = new WeakMap<Store, Map<string, { normalized: string; keys: Set<string> }>>();

function storedStated(db: Store, id: string, normalized: string): Set<string> {
  let cache = statedCache.get(db);
  if (!cache) statedCache.set(db, (cache = new Map()));
  let hit = cache.get(id);
  if (hit?.normalized !== normalized) cache.set(id, (hit = { normalized, keys: statedIn(normalized) }));
  return hit.keys;
}

function samePart(stored: StoredText, article: Article): boolean {
  if (stored.source !== article.source) return true;
  const page = article.location?.page ?? null;
  const region = article.location?.region ?? null;
  if (stored.page !== page) return false;
  if (!stored.region || !region) return stored.region === null && region === null;
  const r = JSON.parse(stored.region) as typeof region;
  return r.x === region.x && r.y === region.y && r.width === region.width && r.height === region.height;
}

/** A new text's test of alike stored documents; what it states is read once, when first asked. */
export function sameDocumentAs(db: Store, article: Article, normalized: string): (id: string) => boolean {
  let keys: Set<string> | undefined;
  return (id) => {
    const stored = stmt(db, 'SELECT source, page, region, normalized FROM documents WHERE id = ?').get(id) as StoredText | undefined;
    if (!stored || !samePart(stored, article)) return false;
    keys ??= statedIn(normalized);
    return statesTheSame(keys, storedStated(db, id, stored.normalized));
  };
}

/** The damaged characters of the stored document `id` when `original` has fewer; else null. */
export function cleanerThanStored(db: Store, id: string, original: string): { stored: number; copy: number } | null {
  const row = stmt(db, 'SELECT original FROM documents WHERE id = ?').get(id) as { original: string } | undefined;
  if (!row) return null;
  const stored = damagedChars(row.original);
  const copy = damagedChars(original);
  return copy < stored ? { stored, copy } : null;
}
