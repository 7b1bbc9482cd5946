/** Article files on disk: which ones a path names, and their text as decoded. */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError } from '../errors.ts';
import { decode, type Charset } from './decode.ts';
import { DEFAULT_FETCHER } from './fetcher.ts';
import { declaredCharset, extractArticle } from './html.ts';
import type { Region } from '../records.ts';

export const ARTICLE_EXTENSIONS = ['.txt', '.md', '.html', '.htm', '.pdf'];

export interface Article {
  source: string;
  /** The document as decoded: every offset cites this string. */
  original: string;
  title: string | null;
  /** YYYY-MM-DD when the source says (page metadata, URL, a 发布时间 line); else null. */
  published: string | null;
  charset: Charset;
  /** What decoding found wrong (bytes that were not valid UTF-8), or how a PDF page was read. */
  warnings: string[];
  /** For an article read from a PDF: the page (from 1) and the region on it. */
  location?: { page: number; region: Region };
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

/**
 * Files named directly are taken whatever their ending; directories are searched for articles.
 * Each directory is walked once, by its real path, so links back up the tree (a loop, or two
 * links to the same place) neither repeat files nor recurse forever; each file is listed once.
 * A path that cannot be read gives one error and the walk goes on.
 */
export async function listArticleFiles(paths: string[]): Promise<{ files: string[]; errors: InputError[] }> {
  const files: string[] = [];
  const errors: InputError[] = [];
  const seen = new Set<string>();
  const visit = async (path: string, named: boolean): Promise<void> => {
    let info;
    let real;
    try {
      info = await stat(path);
      real = await realpath(path);
    } catch (err) {
      errors.push(new InputError(path, `cannot be read: ${errorCode(err)}`));
      return;
    }
    if (seen.has(real)) return;
    if (info.isDirectory()) {
      seen.add(real);
      let entries;
      try {
        entries = (await readdir(path)).sort();
      } catch (err) {
        errors.push(new InputError(path, `directory cannot be read (${errorCode(err)}); its files were left out`));
        return;
      }
      for (const entry of entries) if (!entry.startsWith('.')) await visit(join(path, entry), false);
    } else if (named || ARTICLE_EXTENSIONS.includes(extname(path).toLowerCase())) {
      seen.add(real);
      files.push(path);
    }
  };
  for (const p of paths) await visit(p, true);
  return { files, errors };
}

/** A file's bytes; one larger than `maxBytes` is refused before it is read. */
async function readBytes(path: string, maxBytes: number): Promise<Buffer> {
  try {
    const { size } = await stat(path);
    if (size > maxBytes) throw new InputError(path, `is ${(size / 2 ** 20).toFixed(1)} MB (${size} bytes), over the ${maxBytes}-byte cap (raise it with --max-bytes)`);
    return await readFile(path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(path, `cannot be read: ${errorCode(err)}`);
  }
}

export function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
}

/** The articles of a PDF (several to a page where its headlines tell them apart), as read from `source`. */
export async function pdfArticles(bytes: Uint8Array, source: string): Promise<Article[]> {
  // pdf.js takes a fifth of a second to load: only when a PDF comes.
  const { readPdf } = await import('./pdf.ts');
  return (await readPdf(bytes, source)).map((a) => ({
    source,
    original: a.text,
    title: a.title,
    published: null,
    charset: 'utf-8',
    warnings: a.warnings,
    location: { page: a.page, region: a.region },
  }));
}

/** The articles in a file: one, or for a PDF as many as its pages hold. */
export async function readArticles(path: string, maxBytes = DEFAULT_FETCHER.maxBytes): Promise<Article[]> {
  const bytes = await readBytes(path, maxBytes);
  return isPdf(bytes) || /\.pdf$/i.test(path) ? pdfArticles(bytes, path) : [articleOf(path, bytes)];
}

/** Reads and decodes an article file; one larger than `maxBytes` is refused before it is read. */
export async function readArticle(path: string, maxBytes = DEFAULT_FETCHER.maxBytes): Promise<Article> {
  return articleOf(path, await readBytes(path, maxBytes));
}

function articleOf(path: string, bytes: Buffer): Article {
  const isHtml = /\.html?$/i.test(path);
  const { text, charset, warnings } = decode(bytes, path, isHtml ? declaredCharset(bytes) : null);
  if (isHtml) {
    const page = extractArticle(text);
    if (!page.text.trim()) throw new InputError(path, 'the page has no readable text');
    return { source: path, original: page.text, title: page.title, published: page.published, charset, warnings };
  }
  if (!text.trim()) throw new InputError(path, 'holds only white space');
  return { source: path, original: text, title: null, published: null, charset, warnings };
}
