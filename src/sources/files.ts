/** Article files on disk: which ones a path names, and their text as decoded. */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError } from '../errors.ts';
import { decode, type Charset } from './decode.ts';
import { DEFAULT_FETCHER } from './fetch-settings.ts';
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
    published: a.published,
    charset: 'utf-8',
    warnings: a.warnings,
    location: { page: a.page, region: a.region },
  }));
}

/** The articles in a file, read and decoded: one, or for a PDF or a page of several stories as many as it holds. One larger than `maxBytes` is refused before it is read. */
export async function readArticles(path: string, maxBytes = DEFAULT_FETCHER.maxBytes): Promise<Article[]> {
  const bytes = await readBytes(path, maxBytes);
  if (isPdf(bytes) || /\.pdf$/i.test(path)) return pdfArticles(bytes, path);
  // The HTML reader (cheerio, Readability) is loaded for the first page only: plain text needs none of it.
  const html = /\.html?$/i.test(path) ? await import('./html.ts') : null;
  const { text, charset, warnings } = decode(bytes, path, html ? html.declaredCharset(bytes) : null);
  if (html) {
    const pages = html.extractArticles(text);
    if (!pages.some((p) => p.text.trim())) throw new InputError(path, 'the page has no readable text');
    // A page of several stories: one article each, all cited from the same file.
    return pages.map((p) => ({ source: path, original: p.text, title: p.title, published: p.published, charset, warnings: [...warnings, ...p.warnings] }));
  }
  return [textArticle(path, text, charset, warnings)];
}

/** The one article of a file (a PDF holding several is refused: read it with readArticles). */
export async function readArticle(path: string, maxBytes = DEFAULT_FETCHER.maxBytes): Promise<Article> {
  const articles = await readArticles(path, maxBytes);
  if (articles.length !== 1) throw new InputError(path, `holds ${articles.length} articles where one was expected`);
  return articles[0]!;
}

/** Plain text as an article: cited as it is, with no title or date of its own. */
export function textArticle(source: string, text: string, charset: Charset = 'utf-8', warnings: string[] = []): Article {
  if (!text.trim()) throw new InputError(source, 'holds only white space');
  return { source, original: text, title: null, published: null, charset, warnings };
}
