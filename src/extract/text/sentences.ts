/**
 * Sentences of the normalised text, as the rules read them: each run of text up to 。！？!?, a
 * semicolon (its clauses state facts apart) or a line break. Use with `text.matchAll(SENTENCE)`.
 * A run longer than SENTENCE_MAX has no sentence ends (a page without punctuation, a flattened
 * list): it is read in pieces of that length, so that no rule's cost grows with its square.
 */
const ENDS = '。！？!?；;\\n';
/** Far above real sentences (the longest of the samples and dev sets is under 200 characters). */
export const SENTENCE_MAX = 500;
export const SENTENCE = new RegExp(`[^${ENDS}]{1,${SENTENCE_MAX}}`, 'g');
/** A character that ends a sentence. */
export const SENTENCE_END = new RegExp(`[${ENDS}]`);

/** The sentence that starts at `at`: up to (not including) the next sentence end, or to the end of the text. */
export function sentenceFrom(text: string, at: number): string {
  const rest = text.slice(at, at + SENTENCE_MAX);
  const end = rest.search(SENTENCE_END);
  return end < 0 ? rest : rest.slice(0, end);
}

/**
 * The sentence(s) holding [start, end): back to just after the sentence end before `start`, on to
 * just after the first sentence end from `end - 1`; each way at most `reach` characters. `ends` may
 * name other sentence ends than the rules' own.
 */
export function sentenceAround(text: string, start: number, end: number, ends = SENTENCE_END, reach = Number.POSITIVE_INFINITY): { start: number; end: number } {
  let from = start;
  while (from > 0 && start - from < reach && !ends.test(text.charAt(from - 1))) from--;
  let to = end;
  while (to < text.length && to - end < reach && !ends.test(text.charAt(to - 1))) to++;
  return { start: from, end: Math.max(to, end) };
}
