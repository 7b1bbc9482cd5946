/**
 * Sentences of the normalised text, as the rules read them: each run of text up to 。！？!?, a
 * semicolon (its clauses state facts apart) or a line break. Use with `text.matchAll(SENTENCE)`.
 */
export const SENTENCE = /[^。！？!?；;\n]+/g;
