/** A store filled for the review tests: one sample article, and one that tries to run script. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { openStore, type Store } from '../../src/store/db.ts';

export const XSS_ARTICLE = '友城新闻<script>window.__xss = 1</script>\n\n2025年5月20日，成都市与法国蒙彼利埃市签署合作协议3项。<img src=x onerror="window.__xss = 2">双方签署《成都友城合作倡议》。';

export async function filledStore(): Promise<{ db: Store; path: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'youcheng-review-'));
  writeFileSync(join(dir, 'xss.txt'), XSS_ARTICLE);
  const path = join(dir, 'review.db');
  const db = openStore(path);
  await ingestPaths(db, [new URL('../../samples/004_4e9deccdf3212014.txt', import.meta.url).pathname, join(dir, 'xss.txt')]);
  return { db, path, dir };
}
