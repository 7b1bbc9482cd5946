/** Characters that say a text was damaged on its way: replacement characters (bytes that did not decode) and private-use ones (a wrong decoding). */
const CLASS = '[\\ufffd\\ue000-\\uf8ff\\u{f0000}-\\u{10ffff}]';
const DAMAGED = new RegExp(CLASS, 'gu');
/** Splits a text into its undamaged parts and (at odd indices) its runs of damaged characters. */
export const DAMAGED_RUNS = new RegExp(`(${CLASS}+)`, 'u');

export function damagedChars(text: string): number {
  return text.match(DAMAGED)?.length ?? 0;
}
