/**
 * PDFs written byte by byte, for the bounds on reading them: many pages, a page tree that names
 * one page ten million times, a stream that inflates to far more than the file holds.
 */
import { deflateSync } from 'node:zlib';

/** An object: a dictionary, or a dictionary with its stream's bytes. */
type PdfObject = string | { dict: string; stream: Buffer };

/** A PDF of these objects, numbered from 1 (the first is the catalog), with its cross-reference table. */
export function pdfOf(objects: PdfObject[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]!.length;
  const add = (b: Buffer) => {
    parts.push(b);
    length += b.length;
  };
  const offsets = objects.map((o, i) => {
    const at = length;
    if (typeof o === 'string') add(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1'));
    else {
      add(Buffer.from(`${i + 1} 0 obj\n<< ${o.dict} /Length ${o.stream.length} >>\nstream\n`, 'latin1'));
      add(o.stream);
      add(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    }
    return at;
  });
  const xref = length;
  add(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`, 'latin1'));
  add(Buffer.from(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts, length);
}

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
const page = (content: number) => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${content} 0 R >>`;
const text = (n: number) => Buffer.from(`BT /F1 14 Tf 72 500 Td (Page ${n}: Shanghai and Yokohama are sister cities since 1973.) Tj ET`);

/** `pages` pages of one line of text each, every content stream compressed: about 160 bytes a page. */
export function manyPagesPdf(pages: number): Buffer {
  const objects: PdfObject[] = ['<< /Type /Catalog /Pages 2 0 R >>', '', FONT];
  const kids: string[] = [];
  for (let n = 1; n <= pages; n++) {
    const at = objects.length + 1;
    objects.push(page(at + 1), { dict: '/Filter /FlateDecode', stream: deflateSync(text(n)) });
    kids.push(`${at} 0 R`);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`;
  return pdfOf(objects);
}

/** A page tree of `depth` levels of ten kids each, all the same node: 10^depth pages in a file of under 2 KB. */
export function pageTreeBomb(depth = 7): Buffer {
  const objects: PdfObject[] = ['<< /Type /Catalog /Pages 2 0 R >>'];
  // Object 2 + level: a Pages node whose ten kids are the next level's one node; the last level's kids are the page.
  for (let level = 0; level < depth; level++) {
    const kid = `${level + 3} 0 R`;
    objects.push(`<< /Type /Pages${level ? ` /Parent ${level + 1} 0 R` : ''} /Kids [${Array(10).fill(kid).join(' ')}] /Count ${10 ** (depth - level)} >>`);
  }
  const pageAt = objects.length + 1;
  objects.push(
    `<< /Type /Page /Parent ${pageAt - 1} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${pageAt + 2} 0 R >> >> /Contents ${pageAt + 1} 0 R >>`,
    { dict: '', stream: text(1) },
    FONT,
  );
  return pdfOf(objects);
}

/**
 * One page whose content stream inflates to `inflated` bytes, from a file of about a thousandth of
 * that: its line of text, then `fill` over and over (spaces by default; a text operator fills the
 * reader's memory with text items).
 */
export function inflateBomb(inflated: number, fill = ' '): Buffer {
  const content = Buffer.alloc(inflated, fill);
  text(1).copy(content);
  content[text(1).length] = 0x0a;
  return pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [4 0 R] /Count 1 >>', FONT, page(5), { dict: '/Filter /FlateDecode', stream: deflateSync(content, { level: 9 }) }]);
}
