/** The five sample articles (eval/dev and eval/dev2, the dev sets, are scored by eval and not ingested here). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('../../samples/', import.meta.url).pathname;

export const SAMPLE_FILES = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => join(dir, f));

const devDir = new URL('../../eval/dev/', import.meta.url).pathname;

/** The texts of every article the repository holds, the samples and the dev set: material for generated documents. */
export const ALL_TEXTS = [
  ...SAMPLE_FILES,
  ...readdirSync(devDir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => join(devDir, f)),
].map((f) => readFileSync(f, 'utf8'));
