/**
 * Files the package ships beside its code (the LLM prompt, the gazetteer's data, jieba's domain
 * dictionary, the review page), named by their path in the package. This module sits one folder
 * below the package root both as source (src/assets.ts, run with tsx) and compiled
 * (dist/assets.js), so one relative URL finds the root either way.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../', import.meta.url);

/** The absolute path of a packaged file, e.g. `prompts/extract-v1.md`. */
export function assetPath(path: string): string {
  return fileURLToPath(new URL(path, ROOT));
}

export function readAsset(path: string): string {
  return readFileSync(assetPath(path), 'utf8');
}
