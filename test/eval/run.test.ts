import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalSets, evaluate } from '../../src/eval/run.ts';
import { youcheng } from '../support/cli.ts';

describe('evaluate', () => {
  it('reports a document that fails as a line, scores it as no facts, and scores the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'youcheng-eval-'));
    writeFileSync(join(dir, 'a.txt'), '成都已与244个城市缔结友好关系。');
    const gold = {
      docs: {
        'a.txt': { published: '2025-04-17', facts: [{ type: 'count', value: 244, approx: 'exact', unit: '个', of: '城市', near: ['244个城市'] }] },
        'gone.txt': { published: null, facts: [{ type: 'count', value: 3, approx: 'exact', unit: '个', of: '城市', near: ['3个城市'] }] },
      },
    };
    writeFileSync(join(dir, 'gold.json'), JSON.stringify(gold));
    const r = await evaluate(join(dir, 'gold.json'), dir);
    expect(r.documents).toBe(2);
    expect(r.failures).toEqual([{ doc: 'gone.txt', message: expect.stringMatching(/gone\.txt: cannot be read: ENOENT/) }]);
    expect(r.types.count).toMatchObject({ gold: 2, matched: 1 });
    expect(r.misses.map((m) => m.doc)).toEqual(['gone.txt']);
  });

  it('scores both sets by default, or the one set --gold/--dir name', () => {
    expect(evalSets().map((s) => s.name)).toEqual(['samples', 'dev', 'dev2']);
    expect(evalSets('eval/dev/gold.json')).toEqual([{ name: 'eval/dev/gold.json', gold: 'eval/dev/gold.json', dir: 'eval/dev' }]);
    expect(evalSets(undefined, 'eval/dev')).toEqual([{ name: 'eval/dev/gold.json', gold: 'eval/dev/gold.json', dir: 'eval/dev' }]);
  });
});

describe('youcheng eval', () => {
  it('prints the samples and both dev sets, each under a heading', async () => {
    const { stdout } = await youcheng(['eval']);
    expect(stdout).toMatch(/^== samples \(samples\/gold\.json\) ==\ndocuments: 5,/m);
    expect(stdout).toMatch(/^== dev \(eval\/dev\/gold\.json\) ==\ndocuments: 36,/m);
    expect(stdout).toMatch(/^== dev2 \(eval\/dev2\/gold\.json\) ==\ndocuments: 40,/m);
    expect(stdout.match(/^type\s+gold\s+predicted/gm)).toHaveLength(3);
  });

  it('gives every report with --json, and one with --gold', async () => {
    const both = JSON.parse((await youcheng(['eval', '--json'])).stdout);
    expect(Object.keys(both)).toEqual(['samples', 'dev', 'dev2']);
    expect(both.dev.documents).toBe(36);
    expect(both.dev2.documents).toBe(40);
    expect(both.samples.types.date.gold).toBe(34);
    const one = JSON.parse((await youcheng(['eval', '--json', '--gold', 'eval/dev/gold.json'])).stdout);
    expect(one.documents).toBe(36);
    expect(one.invalidEvidence).toBe(0);
  });
});
