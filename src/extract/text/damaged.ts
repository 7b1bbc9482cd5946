/** Characters that say a text was damaged on its way: replacement characters (bytes that did not decode) and private-use ones (a wrong decoding). */
const PRIVATE_USE = '\\ue000-\\uf8ff\\u{f0000}-\\u{10ffff}';
const CLASS = `[\\ufffd${PRIVATE_USE}]`;
/** Splits a text into its undamaged parts and (at odd indices) its runs of damaged characters. */
export const DAMAGED_RUNS = new RegExp(`(${CLASS}+)`, 'u');

/** How many private-use and replacement (U+FFFD) characters a text holds. */
export function damage(text: string): { privateUse: number; replacement: number } {
  return { privateUse: text.match(new RegExp(`[${PRIVATE_USE}]`, 'gu'))?.length ?? 0, replacement: text.match(/\ufffd/g)?.length ?? 0 };
}

export function damagedChars(text: string): number {
  const { privateUse, replacement } = damage(text);
  return privateUse + replacement;
}
