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

  it('prefixes what a spreadsheet would run as a formula, not numbers', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe('"\'\r=1"');
    expect(csvField('＝1+1')).toBe("'＝1+1");
    for (const n of ['-3', '+86', '-0.5', '1e-3', '-2.5E+3']) expect(csvField(n)).toBe(n);
    expect(csvField('湖州=1')).toBe('湖州=1');
  });
});
