import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../src/query/csv.ts';

describe('CSV', () => {
  it('quotes a field only when it holds a quote, a comma or a line break, doubling its quotes', () => {
    expect(csvField('成都')).toBe('成都');
    expect(csvField('')).toBe('');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
    expect(csvField('one\rtwo')).toBe('"one\rtwo"');
  });

  it('joins the fields of a line with commas', () => {
    expect(csvLine(['id', '友好城市, 姐妹城市', ''])).toBe('id,"友好城市, 姐妹城市",');
  });
});
