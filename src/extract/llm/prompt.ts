/**
 * The versioned prompt template in prompts/ (its version is recorded with every LLM fact and is
 * part of the cache key), rendered into chat messages.
 */
import { readFileSync } from 'node:fs';
import { assetPath } from '../../assets.ts';

export const PROMPT_FILE = assetPath('prompts/extract-v1.md');

export interface Template {
  version: string;
  system: string;
  example: string;
  user: string;
}

function section(text: string, name: string): string {
  const m = new RegExp(`^# ${name}\\n([\\s\\S]*?)(?=^# \\w+\\n|(?![\\s\\S]))`, 'm').exec(text);
  if (!m) throw new Error(`${PROMPT_FILE}: no "# ${name}" section`);
  return m[1]!.trim(); // the group always participates
}

export function loadTemplate(path = PROMPT_FILE): Template {
  const text = readFileSync(path, 'utf8');
  const version = /^---\n(?:[\s\S]*?\n)?version:\s*(\S+)\n[\s\S]*?---\n/.exec(text)?.[1];
  if (!version) throw new Error(`${path}: no version in its front matter`);
  return { version, system: section(text, 'system'), example: section(text, 'example'), user: section(text, 'user') };
}

export interface RenderInput {
  text: string;
  hints: string[];
  published: string | null;
  /** For servers without structured output: the JSON Schema spelled out in the prompt. */
  schema: Record<string, unknown> | null;
}

export function render(t: Template, input: RenderInput): Array<{ role: 'system' | 'user'; content: string }> {
  const values: Record<string, string> = {
    published: input.published ?? 'an unknown date',
    hints: input.hints.length ? input.hints.map((h) => `- ${h}`).join('\n') : '- (none)',
    schema: input.schema ? `\nAnswer with one JSON object that follows this JSON Schema:\n${JSON.stringify(input.schema)}\n` : '',
    text: input.text,
  };
  // One pass with a function: the article's text is inserted as it is, never read for `$&` patterns or {{…}} slots.
  const fill = (s: string) => s.replace(/\{\{(published|hints|schema|text)\}\}/g, (_, slot: string) => values[slot]!);
  return [
    { role: 'system', content: `${fill(t.system)}\n\n${t.example}` },
    { role: 'user', content: fill(t.user) },
  ];
}

/** The passages of the worked example: a quote found there and not in the article was copied. */
export function examplePassages(t: Template): string[] {
  const article = /「([^」]+)」/.exec(t.example)?.[1] ?? '';
  const quotes = [...t.example.matchAll(/"quote":"([^"]+)"/g)].map((m) => m[1]!);
  return [article, ...quotes].filter(Boolean);
}
