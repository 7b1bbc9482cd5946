/** A store holding one short article about a twinning, for the manual-fact and double-review tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentId, extractDocument } from '../../src/extract/document.ts';
import { normalize } from '../../src/extract/text/normalize.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { saveDocument } from '../../src/store/documents.ts';

/** The rules find the 湖州—轻井泽 pair, two counts and two dates (no event: the headline names none); they miss 安吉—轻井泽. */
export const ARTICLE = [
  '湖州与轻井泽结好侧记',
  '2024年5月20日，浙江省代表团抵达日本长野县。1998年，湖州市与日本长野县轻井泽町缔结友好城市，双方在教育、文化等领域开展交流。',
  '安吉县同轻井泽町的交往始于上世纪九十年代，两地学生每年互访。目前湖州已与全球12个国家的20个城市建立友好关系。',
].join('\n');
export const ARTICLE_ID = documentId(ARTICLE);

export function tempDbPath(prefix = 'youcheng-review-'): string {
  return join(mkdtempSync(join(tmpdir(), prefix)), 'store.db');
}

/** Stores `text` as extracted by the rules; returns its document id. */
export function store(db: Store, text: string, source = 'article.txt'): string {
  const line = extractDocument(text, { source });
  saveDocument(db, { line, original: text, normalized: normalize(text).text, normalizerVersion: 'n', extractorVersion: 'rules-test', charset: 'utf-8' });
  return line.doc.id;
}

export function articleStore(path = tempDbPath()): { db: Store; path: string } {
  const db = openStore(path);
  store(db, ARTICLE);
  return { db, path };
}

/** [start, end) of the first occurrence of `quote` in the article. */
export function spanOf(quote: string, text = ARTICLE): { start: number; end: number } {
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`not in the text: ${quote}`);
  return { start, end: start + quote.length };
}
