/**
 * Traditional/simplified character tables (generated from opencc-js by ./script/build.ts), and script detection.
 *
 * Conversion is character by character: a table lookup is an order of magnitude faster than
 * opencc's phrase converter, keeps the offset map one-to-one, and the phrase-level differences
 * (乾隆 vs 干) do not touch the words the rules look for.
 */
import type { Script } from '../../records.ts';
import { SIMPLIFIED, SIMPLIFIED_ONLY, TRADITIONAL } from './script/tables.ts';

interface Tables {
  /** Code unit → its simplified form; 0 where it has none. A flat array: looked up per character. */
  toSimplified: Uint16Array;
  /** 1 for a traditional-only character, 2 for a simplified-only one. */
  kind: Uint8Array;
}

let tables: Tables | undefined;

/** The flat arrays from the generated strings (./script/build.ts makes them from opencc-js). */
function build(): Tables {
  const toSimplified = new Uint16Array(0x10000);
  const kind = new Uint8Array(0x10000);
  for (let i = 0; i < TRADITIONAL.length; i++) {
    const code = TRADITIONAL.charCodeAt(i);
    toSimplified[code] = SIMPLIFIED.charCodeAt(i);
    kind[code] = 1;
  }
  for (let i = 0; i < SIMPLIFIED_ONLY.length; i++) kind[SIMPLIFIED_ONLY.charCodeAt(i)] = 2;
  return { toSimplified, kind };
}

function getTables(): Tables {
  tables ??= build();
  return tables;
}

/** The simplified form of one UTF-16 code unit (itself when it has none). */
export function simplifyCode(code: number): number {
  return (tables ?? getTables()).toSimplified[code] || code;
}

/** Traditional → simplified, character by character. */
export function toSimplified(text: string): string {
  const { toSimplified: map } = getTables();
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += String.fromCharCode(map[c] || c);
  }
  return out;
}

/**
 * Share of script-specific characters that are traditional: at least 90 % is traditional, at
 * most 10 % simplified, anything between mixed. A text with no script-specific character (pure
 * shared characters, or none at all) counts as simplified.
 */
export function detectScript(text: string): Script {
  const { kind } = getTables();
  let trad = 0;
  let simp = 0;
  for (let i = 0; i < text.length; i++) {
    const k = kind[text.charCodeAt(i)];
    if (k === 1) trad++;
    else if (k === 2) simp++;
  }
  const total = trad + simp;
  if (total === 0) return 'simplified';
  const share = trad / total;
  if (share >= 0.9) return 'traditional';
  if (share <= 0.1) return 'simplified';
  return 'mixed';
}
