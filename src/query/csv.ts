/**
 * CSV as RFC 4180 writes it, made inert for spreadsheets: a field is quoted when it holds a quote,
 * a comma or a line break, with its quotes doubled; a text field that a spreadsheet would run as a
 * formula (it starts with = + - @, their full-width forms, a tab or a carriage return) gets a
 * leading single quote, as OWASP advises against CSV injection. Numbers (-3.5, +86) stay numbers.
 */
const FORMULA = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

export function csvField(text: string): string {
  const cell = FORMULA.test(text) && !NUMBER.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One CSV line (without its line break) of these fields. */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}
