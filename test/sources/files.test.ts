import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { listArticleFiles, readArticle } from '../../src/sources/files.ts';

const dir = mkdtempSync(join(tmpdir(), 'youcheng-files-'));
const text = '成都與法國蒙彼利埃市締結友好城市，簽署12項協議。';
const simplified = '成都与法国蒙彼利埃市缔结友好城市，签署12项协议。';

function write(name: string, bytes: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe('reading article files', () => {
  it('decodes GBK and Big5 files as well as UTF-8', async () => {
    expect(await readArticle(write('utf8.txt', simplified))).toMatchObject({ original: simplified, charset: 'utf-8' });
    // Node cannot encode GBK or Big5, so these bytes were made with iconv.
    const gbkBytes = Buffer.from('b3c9b6bcd3ebb7a8b9fac3c9b1cbc0fbb0a3cad0b5debde1d3d1bac3b3c7cad0', 'hex');
    expect(await readArticle(write('g.txt', gbkBytes))).toMatchObject({ original: '成都与法国蒙彼利埃市缔结友好城市', charset: 'gb18030' });
    const big5Bytes = Buffer.from('a6a8b3a3bb50aa6bb0eabb58a9bca751ae4aa5abbd6cb5b2a4cda66eabb0a5ab', 'hex');
    expect(await readArticle(write('b.txt', big5Bytes))).toMatchObject({ original: '成都與法國蒙彼利埃市締結友好城市', charset: 'big5' });
  });

  it('refuses binary, empty and unreadable files with an error naming the file', async () => {
    await expect(readArticle(write('bin.txt', Buffer.from([0, 1, 2, 3, 0, 0, 255])))).rejects.toThrow(/bin\.txt: looks like a binary file/);
    await expect(readArticle(write('empty.txt', ''))).rejects.toThrow(/empty\.txt: the file is empty/);
    await expect(readArticle(join(dir, 'missing.txt'))).rejects.toBeInstanceOf(InputError);
  });

  it('takes the text of an HTML page without its scripts and navigation', async () => {
    const page = write(
      'a.html',
      `<html><head><title>友城新闻</title><meta charset="utf-8"></head><body><nav>首页 | 新闻</nav><h1>成都友城增至244个</h1><p>${text}</p><script>alert(1)</script><footer>版权所有</footer></body></html>`,
    );
    const article = await readArticle(page);
    expect(article.title).toBe('成都友城增至244个');
    expect(article.original).toContain(text);
    expect(article.original).not.toContain('首页');
    expect(article.original).not.toContain('alert');
    expect(article.original).not.toContain('版权所有');
  });

  it('lists .txt, .md and .html files in directories, and any file named directly', async () => {
    const sub = join(dir, 'list');
    mkdirSync(sub);
    writeFileSync(join(sub, 'a.txt'), text);
    writeFileSync(join(sub, 'b.md'), text);
    writeFileSync(join(sub, 'c.json'), '{}');
    const { files, errors } = await listArticleFiles([sub, join(sub, 'c.json'), join(dir, 'nope')]);
    expect(files.map((f) => f.slice(sub.length + 1))).toEqual(['a.txt', 'b.md', 'c.json']);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/nope: cannot be read: ENOENT/)]);
  });
});
