/** The research commands on a store filled from the samples, with some facts approved. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/pipeline/files.ts';
import { openStore } from '../../src/store/db.ts';
import { approveAll } from '../../src/store/review.ts';
import { youcheng as cli } from '../support/cli.ts';
import { SAMPLE_FILES } from '../support/samples.ts';

const dir = mkdtempSync(join(tmpdir(), 'youcheng-research-'));
const db = join(dir, 'research.db');

const youcheng = (...args: string[]) => cli([...args, '--db', db]);

const jsonl = (s: string) =>
  s
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

beforeAll(async () => {
  const store = openStore(db);
  await ingestPaths(store, SAMPLE_FILES);
  // Approve the pairs and the dates of every sample; leave the rest pending.
  for (const type of ['city_pair', 'date']) approveAll(store, { type, minConfidence: 0 }, 'tester');
  store.close();
}, 120_000);

describe('youcheng facts for researchers', () => {
  it('shows approved facts by default, every status with --all, each with its citations', async () => {
    const approved = jsonl((await youcheng('facts', '--format', 'jsonl')).stdout);
    expect(approved.length).toBeGreaterThan(20);
    expect(new Set(approved.map((f) => f.status))).toEqual(new Set(['approved']));
    const all = jsonl((await youcheng('facts', '--all', '--format', 'jsonl')).stdout);
    expect(all.length).toBeGreaterThan(approved.length);
    const c = approved[0].citations[0];
    expect(c).toEqual({
      quote: expect.any(String),
      start: expect.any(Number),
      end: expect.any(Number),
      source: expect.stringMatching(/samples\/\d{3}_\w+\.txt$/),
      title: expect.anything(),
      published: null,
    });
    const original = readFileSync(c.source, 'utf8');
    expect(original.slice(c.start, c.end)).toBe(c.quote);
  });

  it('pages: a table shows the first 50 and says how many match, --limit and --offset pick a page', async () => {
    const all = jsonl((await youcheng('facts', '--all', '--format', 'jsonl')).stdout);
    expect(all.length).toBeGreaterThan(60);
    const page = jsonl((await youcheng('facts', '--all', '--format', 'jsonl', '--limit', '3', '--offset', '2')).stdout);
    expect(page.map((f) => f.id)).toEqual(all.slice(2, 5).map((f) => f.id));
    const table = await youcheng('facts', '--all');
    expect(table.stdout.trim().split('\n')).toHaveLength(1 + 50);
    expect(table.stderr).toContain(`1–50 of ${all.length} fact(s)`);
    const rest = await youcheng('facts', '--all', '--limit', '0');
    expect(rest.stderr).toContain(`${all.length} fact(s)`);
    expect(rest.stderr).not.toContain(' of ');
  });

  it('filters by place under any alias, country, relation and date range', async () => {
    const byAlias = async (name: string) =>
      jsonl((await youcheng('facts', '--place', name, '--format', 'jsonl')).stdout)
        .map((f) => f.id)
        .sort();
    const chengdu = await byAlias('成都');
    expect(chengdu.length).toBeGreaterThanOrEqual(7);
    expect(await byAlias('蓉城')).toEqual(chengdu);
    expect(await byAlias('成都市')).toEqual(chengdu);
    const montpellier = jsonl((await youcheng('facts', '--place', '蒙彼利埃', '--format', 'jsonl')).stdout);
    expect(montpellier.every((f) => f.b.name === '蒙彼利埃')).toBe(true);
    const korea = jsonl((await youcheng('facts', '--country', '韓國', '--format', 'jsonl')).stdout);
    expect(korea.map((f) => f.b.name).sort()).toEqual(['仁川', '大邱', '首尔']);
    const friendly = jsonl((await youcheng('facts', '--relation', 'friendly', '--format', 'jsonl')).stdout);
    expect(friendly.length).toBeGreaterThan(0);
    expect(friendly.every((f) => f.relation === 'friendly')).toBe(true);
    const eighties = jsonl((await youcheng('facts', '--type', 'city_pair', '--since', '1980', '--until', '1989', '--format', 'jsonl')).stdout);
    expect(eighties.map((f) => f.since).sort()).toEqual(['1981', '1981', '1982-10', '1985']);
    const rules = jsonl((await youcheng('facts', '--all', '--method', 'rules', '--min-confidence', '0.9', '--format', 'jsonl')).stdout);
    expect(rules.every((f) => f.method === 'rules' && f.confidence >= 0.9)).toBe(true);
    const oneDoc = jsonl((await youcheng('facts', '--all', '--doc', all0(rules), '--format', 'jsonl')).stdout);
    expect(new Set(oneDoc.map((f) => f.document_id)).size).toBe(1);
  });
});

function all0(facts: Array<{ document_id: string }>): string {
  return facts[0]!.document_id.slice(0, 8);
}

describe('youcheng export', () => {
  it('writes CSV that a CSV parser reads back, one row per fact with its citations', async () => {
    const out = join(dir, 'facts.csv');
    await youcheng('export', '--format', 'csv', '--out', out);
    const rows = parseCsv(readFileSync(out, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const approved = jsonl((await youcheng('facts', '--format', 'jsonl')).stdout);
    expect(rows).toHaveLength(approved.length);
    const pair = rows.find((r) => r.type === 'city_pair' && r.b === '蒙彼利埃')!;
    expect(pair).toMatchObject({ a: '成都', b_country: '法国', relation: 'sister', since: '1981', status: 'approved' });
    expect(pair.quotes).toContain('蒙彼利埃');
    expect(pair.offsets).toMatch(/^\d+-\d+(;\d+-\d+)*$/);
  });

  it('writes JSON Lines, and GraphML of the relationships that an XML parser reads as a network', async () => {
    const lines = jsonl((await youcheng('export', '--format', 'jsonl')).stdout);
    expect(lines.every((l) => l.citations.length > 0)).toBe(true);
    const xml = (await youcheng('export', '--format', 'graphml')).stdout;
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml);
    const graph = doc.graphml.graph;
    expect(graph['@edgedefault']).toBe('undirected');
    const nodes = [graph.node].flat();
    const edges = [graph.edge].flat();
    // One edge per pair of places, however many articles report it: fewer edges than pair facts.
    const pairs = lines.filter((l) => l.type === 'city_pair');
    const relationships = jsonl((await youcheng('relationships', '--format', 'jsonl')).stdout);
    expect(edges).toHaveLength(relationships.length);
    expect(edges.length).toBeLessThan(pairs.length);
    const ids = new Set(nodes.map((n: { '@id': string }) => n['@id']));
    for (const e of edges) expect(ids.has(e['@source']) && ids.has(e['@target'])).toBe(true);
    const data = (x: { data: Array<{ '@key': string; '#text': string | number }> }) => Object.fromEntries([x.data].flat().map((d) => [d['@key'], d['#text']]));
    const chengdu = nodes.find((n: { '@id': string }) => n['@id'] === 'cn:5101');
    expect(data(chengdu)).toMatchObject({ name: '成都', country: '中国', kind: 'city' });
    expect(data(chengdu).lat).toBeCloseTo(30.67, 1);
    const montpellier = edges.find((e: { '@source': string; '@target': string }) => e['@source'] === 'cn:5101' && e['@target'] === 'FR:蒙彼利埃');
    expect(data(montpellier)).toMatchObject({ relation: 'sister', since: 1981, documents: 2, review: 'approved' });
    const keys = [doc.graphml.key].flat().map((k: { '@id': string }) => k['@id']);
    expect(keys).toEqual(['name', 'country', 'kind', 'lat', 'lon', 'relation', 'since', 'documents', 'sources', 'review', 'conflict']);
  });

  it('writes the relationships as CSV for pandas, one row per pair of places', async () => {
    const out = join(dir, 'relationships.csv');
    await youcheng('export', '--format', 'csv', '--what', 'relationships', '--out', out);
    const rows = parseCsv(readFileSync(out, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.filter((r) => r.a === '成都' && r.b === '蒙彼利埃')).toEqual([
      expect.objectContaining({ a_id: 'cn:5101', b_country: '法国', relation: 'sister', since: '1981', conflict: 'false', stages: 'sister:1981', documents: '2', review: 'approved' }),
    ]);
    expect(Number(rows[0]?.a_lat)).not.toBeNaN();
    expect((await youcheng('export', '--what', 'relationships', '--status', 'pending')).stderr).toMatch(/--status select facts, not relationships/);
  });
});

describe('youcheng relationships', () => {
  it('lists a place’s relationships by any alias, one per partner, with every supporting fact cited', async () => {
    const table = await youcheng('relationships', '--place', '蓉城');
    expect(table.stdout.split('\n')[0]).toMatch(/^place\s+partner\s+country\s+relation\s+since/);
    expect(table.stdout.match(/蒙彼利埃/g)).toHaveLength(1);
    expect(table.stderr).toMatch(/^\d+ relationship\(s\) \(supported by an approved fact/);
    const [r] = jsonl((await youcheng('relationships', '--place', '成都市', '--country', 'FR', '--format', 'jsonl')).stdout);
    expect(r).toMatchObject({ a: { name: '成都' }, b: { name: '蒙彼利埃' }, relation: 'sister', since: '1981', documents: 2, facts: 2 });
    expect(r.supporting_facts).toHaveLength(2);
    for (const f of r.supporting_facts) for (const c of f.citations) expect(readFileSync(c.source, 'utf8').slice(c.start, c.end)).toBe(c.quote);
    expect(jsonl((await youcheng('relationships', '--min-sources', '2', '--format', 'jsonl')).stdout).every((x) => x.sources >= 2)).toBe(true);
    expect(jsonl((await youcheng('relationships', '--since', '1990', '--format', 'jsonl')).stdout).every((x) => x.since >= '1990')).toBe(true);
    expect((await youcheng('relationships', '--since', '81')).stderr).toMatch(/"81" is not a date/);
  });
});

describe('youcheng search, stats and sql', () => {
  it('finds documents in simplified and traditional characters, with highlighted snippets', async () => {
    const simplified = jsonl((await youcheng('search', '蒙彼利埃', '--format', 'jsonl')).stdout);
    const traditional = jsonl((await youcheng('search', '蒙彼利埃市締結', '--format', 'jsonl')).stdout);
    expect(simplified.length).toBeGreaterThanOrEqual(2);
    expect(traditional.length).toBeGreaterThanOrEqual(1);
    expect(traditional[0].snippet).toContain('【蒙彼利埃市缔结】');
    expect(simplified[0].factIds.length).toBe(simplified[0].facts);
    const short = jsonl((await youcheng('search', '泉城', '--format', 'jsonl')).stdout);
    expect(short.map((h) => h.source.replace(/^.*\/samples\//, ''))).toEqual(['003_9b62012f86ab7869.txt']);
  });

  it('counts documents, facts, pairs by country and decade, and top places', async () => {
    const s = JSON.parse((await youcheng('stats', '--json')).stdout);
    expect(s.documents).toBe(5);
    expect(s.pairsByCountry.find((c: { country: string }) => c.country === '韩国').n).toBe(3);
    expect(s.pairsByDecade.find((d: { decade: string }) => d.decade === '1980s').n).toBe(4);
    expect(s.topPlaces[0]).toMatchObject({ name: '成都' });
    // Counts approved pairs unless told otherwise, like facts.
    const pending = JSON.parse((await youcheng('stats', '--json', '--status', 'pending')).stdout);
    expect(pending.pairsByCountry).toEqual([]);
    const every = JSON.parse((await youcheng('stats', '--json', '--all')).stdout);
    expect(every.pairsByCountry).toEqual(s.pairsByCountry);
    expect(every.factsByType).toEqual(s.factsByType);
  });

  it('answers read-only SQL over the views and refuses anything that writes', async () => {
    const r = await youcheng('sql', "SELECT a_name, b_name, since, quotes FROM city_pairs WHERE b_country = '日本'", '--format', 'jsonl');
    expect(jsonl(r.stdout)).toEqual([{ a_name: '青岛', b_name: '下关', since: '1979-10', quotes: expect.stringContaining('下关') }]);
    for (const bad of ['DELETE FROM facts', "UPDATE facts SET status = 'approved'", 'DROP VIEW city_pairs', "INSERT INTO places (id, name, kind, source) VALUES ('x', 'x', 'city', 'x')"]) {
      const w = await youcheng('sql', bad);
      expect(w.code).toBe(1);
      expect(w.stderr).toMatch(/would write|read-only|readonly/);
    }
    const still = jsonl((await youcheng('facts', '--all', '--format', 'jsonl')).stdout);
    expect(still.length).toBeGreaterThan(50);
  });
});
