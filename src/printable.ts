/**
 * Text from documents, pages and users made harmless where it is shown: control characters (C0,
 * DEL, C1) and the bidirectional controls that reorder what a reader sees (embeddings, overrides,
 * isolates, marks) written as visible escapes, so a page title cannot set a terminal's title or
 * colours and a file name cannot forge a line of output.
 */

/** C0 but tab and line feed, DEL, C1, and the bidi controls. Tab and line feed are layout, not commands. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds.
const CONTROL = /[\0-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');
/** The same with tab and line feed: what a single line or a name never holds. */
const LINE_CONTROL = new RegExp(`[\\t\\n${CONTROL.source.slice(1)}`);
const LINE_CONTROLS = new RegExp(LINE_CONTROL.source, 'g');

const hex = (c: string, digits: number) => c.charCodeAt(0).toString(16).padStart(digits, '0');
/** A character as a visible escape: `\n`, `\r` and `\t` as C writes them; another below U+0100 as `\xHH`, above as `\uHHHH`. */
export const escapeCharacter = (c: string): string => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? (c < '\u0100' ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`);

/** Text for a terminal: its control characters as visible escapes; tabs and line breaks kept. */
export function printable(text: string): string {
  return text.replace(CONTROLS, escapeCharacter);
}

/** Text as one line (a name, a message): line breaks and tabs escaped too. */
export function printableLine(text: string): string {
  return text.replace(LINE_CONTROLS, escapeCharacter);
}

/** The first control character of `text` (line breaks and tabs only when `oneLine`), or null. */
export function controlCharacter(text: string, oneLine = true): string | null {
  return (oneLine ? LINE_CONTROL : CONTROL).exec(text)?.[0] ?? null;
}

/** What `controlCharacter` found, named for a message: `U+001B`. */
export function codePoint(c: string): string {
  return `U+${hex(c, 4).toUpperCase()}`;
}

/**
 * JSON text of a value for standard output. JSON.stringify already escapes C0; the C1 and bidi
 * controls it leaves raw are written as \u escapes too, which JSON reads back as the same string.
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(CONTROLS, (c) => `\\u${hex(c, 4)}`);
}
