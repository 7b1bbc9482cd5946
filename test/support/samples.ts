/** The five sample articles (samples/dev, the dev set, is scored by eval and not ingested here). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('../../samples/', import.meta.url).pathname;

export const SAMPLE_FILES = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => join(dir, f));
