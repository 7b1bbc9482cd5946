/** Article files on disk: which ones a path names, and their text as decoded. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError } from '../errors.ts';
import { decode, type Charset } from './decode.ts';
import { declaredCharset, extractArticle } from './html.ts';

export const ARTICLE_EXTENSIONS = ['.txt', '.md', '.html', '.htm'];

export interface Article {
  source: string;
  /** The document as decoded: every offset cites this string. */
  original: string;
  title: string | null;
  /** YYYY-MM-DD when the source says (page metadata, URL, a 发布时间 line); else null. */
  published: string | null;
  charset: Charset;
  /** What decoding found wrong (bytes that were not valid UTF-8). */
  warnings: string[];
}

/** Files named directly are taken whatever their ending; directories are searched for articles. */
export async function listArticleFiles(paths: string[]): Promise<{ files: string[]; errors: InputError[] }> {
  const files: string[] = [];
  const errors: InputError[] = [];
  const visit = async (path: string, named: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      errors.push(new InputError(path, `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`));
      return;
    }
    if (info.isDirectory()) {
      const entries = (await readdir(path)).sort();
      for (const entry of entries) if (!entry.startsWith('.')) await visit(join(path, entry), false);
    } else if (named || ARTICLE_EXTENSIONS.includes(extname(path).toLowerCase())) {
      files.push(path);
    }
  };
  for (const p of paths) await visit(p, true);
  return { files, errors };
}

export async function readArticle(path: string): Promise<Article> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new InputError(path, `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
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
