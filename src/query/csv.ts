/** CSV as RFC 4180 writes it: a field is quoted when it holds a quote, a comma or a line break, with its quotes doubled. */
export function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (without its line break) of these fields. */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}
