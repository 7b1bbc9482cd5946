/** nodejieba with the domain's words (友城, 友好合作关系 …) added to its dictionary. */
import nodejieba from 'nodejieba';
import { assetPath } from '../assets.ts';

export const DOMAIN_DICT = assetPath('src/extract/domain.dict.utf8');

let loaded = false;

function ensureLoaded(): void {
  if (loaded) return;
  nodejieba.load({ userDict: DOMAIN_DICT });
  loaded = true;
}

export interface Token {
  word: string;
  /** jieba part of speech: n noun, ns place, v verb, m numeral, q classifier, x punctuation … */
  tag: string;
}

export function tag(text: string): Token[] {
  ensureLoaded();
  return nodejieba.tag(text);
}

export function cut(text: string): string[] {
  ensureLoaded();
  return nodejieba.cut(text);
}
