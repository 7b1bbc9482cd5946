/** Article files on disk: which ones a path names, and their text as decoded. */
import { constants, type Stats } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { InputError } from '../errors.ts';
import { decode, oddCharacters, type Charset } from './decode.ts';
import { DEFAULT_FETCHER } from './fetch-settings.ts';
import { type PdfLimits, readPdfBounded } from './pdf-limits.ts';
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

/** A path as the file system gives it: a string, or the bytes of one whose name is not valid UTF-8. */
export type FilePath = string | Buffer;

/** A path for messages and citations: the bytes of a name that are not UTF-8 written as \xNN. */
export function shownPath(path: FilePath): string {
  if (typeof path === 'string') return path;
  let shown = '';
  for (let i = 0; i < path.length; ) {
    const b = path[i]!; // i < path.length
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const bytes = path.subarray(i, i + n);
    const c = bytes.toString('utf8');
    // A sequence is valid when its character encodes back to it.
    if (n && Buffer.from(c).equals(bytes)) {
      shown += c;
      i += n;
    } else {
      shown += `\\x${b.toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return shown;
}

/** A directory's entry: a string path while every name on it is UTF-8, else bytes. */
function entryPath(dir: FilePath, name: Buffer): FilePath {
  const text = name.toString('utf8');
  if (typeof dir === 'string' && Buffer.from(text).equals(name)) return join(dir, text);
  const base = Buffer.from(dir);
  return Buffer.concat([base, base.at(-1) === sep.charCodeAt(0) ? Buffer.alloc(0) : Buffer.from(sep), name]);
}

/** What a path is when not a regular file or directory (devices, FIFOs and sockets are never read: one never ends, one never starts). */
function notRegular(info: Stats): string | null {
  if (info.isFile()) return null;
  const kind = info.isCharacterDevice() ? 'a character device' : info.isBlockDevice() ? 'a block device' : info.isFIFO() ? 'a FIFO (named pipe)' : info.isSocket() ? 'a socket' : 'not a file';
  return `is ${kind}, not a regular file; only regular files are read`;
}

/**
 * Files named directly are taken whatever their ending; directories are searched for articles.
 * Each directory is walked once, by its real path, so links back up the tree (a loop, or two
 * links to the same place) neither repeat files nor recurse forever; each file is listed once.
 * Names are read as bytes, so one that is not valid UTF-8 is still found. Links are followed to
 * regular files only. A path that cannot be read gives one error and the walk goes on.
 */
export async function listArticleFiles(paths: string[]): Promise<{ files: FilePath[]; errors: InputError[] }> {
  const files: FilePath[] = [];
  const errors: InputError[] = [];
  const seen = new Set<string>();
  const visit = async (path: FilePath, named: boolean): Promise<void> => {
    let info;
    let real;
    try {
      info = await stat(path);
      real = (await realpath(path, { encoding: 'buffer' })).toString('latin1');
    } catch (err) {
      errors.push(new InputError(shownPath(path), `cannot be read: ${errorCode(err)}`));
      return;
    }
    if (seen.has(real)) return;
    if (info.isDirectory()) {
      seen.add(real);
      let entries;
      try {
        entries = (await readdir(path, { encoding: 'buffer' })).sort(Buffer.compare);
      } catch (err) {
        errors.push(new InputError(shownPath(path), `directory cannot be read (${errorCode(err)}); its files were left out`));
        return;
      }
      for (const entry of entries) if (entry[0] !== 0x2e) await visit(entryPath(path, entry), false);
    } else if (named || ARTICLE_EXTENSIONS.includes(extname(shownPath(path)).toLowerCase())) {
      seen.add(real);
      const problem = notRegular(info);
      if (problem) errors.push(new InputError(shownPath(path), problem));
      else files.push(path);
    }
  };
  for (const p of paths) await visit(p, true);
  return { files, errors };
}

/**
 * A regular file's bytes, at most `maxBytes` of them. The file is opened without waiting (a FIFO
 * put in its place must not block) and checked through its handle, so what is read is what was
 * checked; reading stops past the cap even when the file grows or its size says 0.
 */
async function readBytes(path: FilePath, maxBytes: number): Promise<Buffer> {
  const shown = shownPath(path);
  const overCap = (size: number) => new InputError(shown, `is ${(size / 2 ** 20).toFixed(1)} MB (${size} bytes), over the ${maxBytes}-byte cap (raise it with --max-bytes)`);
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    const problem = notRegular(info);
    if (problem) throw new InputError(shown, problem);
    if (info.size > maxBytes) throw overCap(info.size);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead, buffer } = await handle.read({ buffer: Buffer.allocUnsafe(Math.min(2 ** 20, maxBytes + 1 - total)) });
      if (!bytesRead) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw overCap(total);
    }
    return Buffer.concat(chunks, total);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(shown, `cannot be read: ${errorCode(err)}`);
  } finally {
    await handle?.close();
  }
}

export function isPdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
}

/** The articles of a PDF (several to a page where its headlines tell them apart), as read from `source` within `limits`. */
export async function pdfArticles(bytes: Uint8Array, source: string, limits?: PdfLimits): Promise<Article[]> {
  return (await readPdfBounded(bytes, source, limits)).map((a) => {
    const odd = oddCharacters(a.text);
    return {
      source,
      original: a.text,
      title: a.title,
      published: a.published,
      charset: 'utf-8',
      warnings: odd ? [...a.warnings, `page ${a.page}: ${odd}`] : a.warnings,
      location: { page: a.page, region: a.region },
    };
  });
}

/**
 * The articles in a file, read and decoded: one, or for a PDF (read within `pdf`'s limits) as many
 * as its pages hold, or for a page of several stories one each. Only a regular file is read; one larger than `maxBytes` is refused before it is read. The articles
 * cite the path as shownPath writes it.
 */
export async function readArticles(path: FilePath, maxBytes = DEFAULT_FETCHER.maxBytes, pdf?: PdfLimits): Promise<Article[]> {
  const bytes = await readBytes(path, maxBytes);
  const source = shownPath(path);
  if (isPdf(bytes) || /\.pdf$/i.test(source)) return pdfArticles(bytes, source, pdf);
  // The HTML reader (cheerio, Readability) is loaded for the first page only: plain text needs none of it.
  const html = /\.html?$/i.test(source) ? await import('./html.ts') : null;
  const { text, charset, warnings } = decode(bytes, source, html ? html.declaredCharset(bytes) : null);
  if (html) {
    const pages = html.extractArticles(text);
    if (!pages.some((p) => p.text.trim())) throw new InputError(source, 'the page has no readable text');
    // A page of several stories: one article each, all cited from the same file.
    return pages.map((p) => ({ source, original: p.text, title: p.title, published: p.published, charset, warnings: [...warnings, ...p.warnings] }));
  }
  return [textArticle(source, text, charset, warnings)];
}

/** The one article of a file (a PDF holding several is refused: read it with readArticles). */
export async function readArticle(path: FilePath, maxBytes = DEFAULT_FETCHER.maxBytes): Promise<Article> {
  const articles = await readArticles(path, maxBytes);
  if (articles.length !== 1) throw new InputError(shownPath(path), `holds ${articles.length} articles where one was expected`);
  return articles[0]!;
}

/** Plain text as an article: cited as it is, with no title or date of its own. */
export function textArticle(source: string, text: string, charset: Charset = 'utf-8', warnings: string[] = []): Article {
  if (!text.trim()) throw new InputError(source, 'holds only white space');
  return { source, original: text, title: null, published: null, charset, warnings };
}
