/**
 * The review server's slow read-only routes answered by its read-only child process: conflicts in
 * pages, answers that follow the writes the server makes, and a server stopped by SIGTERM that
 * leaves no child behind.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { startReviewServer, type ReviewServer } from '../../src/review/review-server.ts';
import type { Store } from '../../src/store/db.ts';
import { filledStore } from './fixtures.ts';

let db: Store;
let path: string;
let server: ReviewServer;

/** Three pairs, each reported with two founding years: three open conflicts. */
const DISAGREEING = ['大阪', '汉堡', '蒙彼利埃'].flatMap((city, i) => [
  `成都市与${['日本', '德国', '法国'][i]}${city}市于1981年缔结友好城市关系。`,
  `成都市与${['日本', '德国', '法国'][i]}${city}市于1999年缔结友好城市关系，双方交流密切。`,
]);

beforeAll(async () => {
  const filled = await filledStore();
  ({ db, path } = filled);
  const files = DISAGREEING.map((text, i) => {
    const file = join(filled.dir, `conflict-${i}.txt`);
    writeFileSync(file, text);
    return file;
  });
  await ingestPaths(db, files);
  server = await startReviewServer({ db, port: 0, reviewer: 'ana' });
}, 120_000);
afterAll(async () => {
  await server.close();
  db.close();
});

async function call(method: string, route: string, body?: unknown) {
  const res = await fetch(new URL(route, server.url), {
    method,
    headers: { 'x-youcheng-token': server.token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, data: await res.json() };
}

describe('routes answered apart', () => {
  it('give the open conflicts a page at a time, and follow a resolution the server records', async () => {
    const all = await call('GET', '/api/registry/conflicts');
    expect(all.status).toBe(200);
    expect(all.data.total).toBe(3);
    expect(all.data.conflicts).toHaveLength(3);
    for (const c of all.data.conflicts) expect(c.supporting_facts.map((f: { since: string }) => f.since).sort()).toEqual(['1981', '1999']);
    const rest = await call('GET', '/api/registry/conflicts?offset=2');
    expect(rest.data).toMatchObject({ total: 3, offset: 2 });
    expect(rest.data.conflicts.map((c: { id: string }) => c.id)).toEqual([all.data.conflicts[2].id]);
    expect((await call('GET', '/api/registry/conflicts?offset=-1')).status).toBe(400);

    const first = all.data.conflicts[0];
    expect((await call('POST', `/api/registry/${first.id}/resolve`, { since: '1981' })).status).toBe(200);
    const after = await call('GET', '/api/registry/conflicts');
    expect(after.data.total).toBe(2);
    expect(after.data.conflicts.map((c: { id: string }) => c.id)).not.toContain(first.id);
    // Another route answered apart: a place's relationships, with the network among them.
    const rels = await call('GET', `/api/research/relationships?place=${encodeURIComponent('成都')}&all=1`);
    expect(rels.status).toBe(200);
    expect(rels.data.relationships.length).toBeGreaterThanOrEqual(3);
  });
});

/** The processes whose parent is `pid`, from /proc. */
/** The route readers among a process's children (tsx may run an esbuild service beside them). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return (
          Number(
            readFileSync(`/proc/${d}/stat`, 'utf8')
              .replace(/^.*\) /s, '')
              .split(' ')[1],
          ) === pid && readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('route-child')
        );
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** Running (a zombie waiting to be reaped has stopped). */
const alive = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false;
  }
};

describe('youcheng review', () => {
  it('stops on SIGTERM with its read-only child, after that child has answered', async () => {
    const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
    const cli = spawn(process.execPath, ['--import', 'tsx', main, 'review', '--db', path, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve) => {
      let out = '';
      cli.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /review page: (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
    });
    const res = await fetch(new URL('/api/registry/conflicts', url));
    expect(res.status).toBe(200);
    const readers = childrenOf(cli.pid!);
    expect(readers).toHaveLength(1);
    cli.kill('SIGTERM');
    expect(await exited).toBe(0);
    // The child goes with it (killed, not left reading the store).
    while (readers.some(alive)) await new Promise((r) => setTimeout(r, 20));
    expect(readers.filter(alive)).toEqual([]);
  }, 120_000);
});
