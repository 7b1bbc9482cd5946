/** nodejieba with the domain's words (友城, 友好合作关系 …) added to its dictionary. */
import { createRequire } from 'node:module';
import { assetPath } from '../../assets.ts';

export const DOMAIN_DICT = assetPath('src/extract/text/domain.dict.utf8');

/** The native module and its dictionary, loaded at the first text that needs words (most short ones do not). */
let jieba: typeof import('nodejieba') | undefined;

function ensureLoaded(): typeof import('nodejieba') {
  if (!jieba) {
    jieba = createRequire(import.meta.url)('nodejieba') as typeof import('nodejieba');
    jieba.load({ userDict: DOMAIN_DICT });
  }
  return jieba;
}

export interface Token {
  word: string;
  /** jieba part of speech: n noun, ns place, v verb, m numeral, q classifier, x punctuation … */
  tag: string;
}

export function tag(text: string): Token[] {
  return ensureLoaded().tag(text);
}

export function cut(text: string): string[] {
  return ensureLoaded().cut(text);
}

/** Words as a reader would select them: jieba with its HMM, so unknown names (轻井泽町) and numbers (2024) stay whole. */
export function words(text: string): string[] {
  return ensureLoaded().cut(text, true);
}
