/**
 * Files the package ships beside its code (the LLM prompt, the gazetteer's data, jieba's domain
 * dictionary, the review page), named by their path in the package. The code runs from src/
 * (tsx), dist/ (tsc) or dist/bundle/ (the command line), so the package root is found by walking
 * up from this module to the first folder holding a package.json, once, when a file is first asked for.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { YouchengError } from './errors.ts';

let root: string | undefined;

function findRoot(): string {
  const here = fileURLToPath(import.meta.url);
  let dir = dirname(here);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new YouchengError(`no package.json above ${here}: the youcheng package is incomplete, install it again`);
    dir = parent;
  }
  return dir;
}

/** The absolute path of a packaged file, e.g. `prompts/extract-v1.md`. */
export function assetPath(path: string): string {
  return join((root ??= findRoot()), path);
}

export function readAsset(path: string): string {
  return readFileSync(assetPath(path), 'utf8');
}
