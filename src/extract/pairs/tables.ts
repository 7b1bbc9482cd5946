/**
 * Partner tables and lists as government sites publish them: pipe tables, tab- or space-separated
 * columns, numbered lists (`2. 得梅因市　美国　结好时间：1985年8月5日`). Each row is a pair; its date
 * is the `since`. A header row (中方城市 / 外方城市 / 国家 / 结好时间 …) tells which column is which;
 * without one, cells are told apart by what they hold (a country, a date, a place). The Chinese
 * side is the row's own column, else the place the heading above names (邯郸市国际友好城市一览);
 * a section heading (（二）友好合作关系城市) sets the relation of the rows under it.
 *
 * Cells are found in the normalised text, where the whitespace between them is gone: a cell
 * boundary is a `|` or a place where the offset map skips original characters.
 */
import type { Country, Place } from '../places/gazetteer.ts';
import { chainCountry, chineseCell, countryOf, foreignCell, opensWithCountry, type PlaceMention } from '../places/mentions.ts';
import type { Normalized } from '../text/normalize.ts';
import type { Relation } from '../../records.ts';
import { relationOf } from './relations.ts';
import { lineItems, proseItems, type ListItem } from './lists.ts';

export interface TableRow {
  /** The row's span in the normalised text. */
  start: number;
  end: number;
  chinese: Place | undefined;
  foreign: PlaceMention;
  country: Country | null;
  /** The country as the row writes it. */
  countryText: string | undefined;
  since: string | null;
  relation: Relation;
}

type Role = 'number' | 'chinese' | 'foreign' | 'country' | 'date' | 'relation';

const HEADER_CELL: Array<[RegExp, Role]> = [
  [/^(?:序号|编号|No\.?)$/, 'number'],
  // Two Chinese columns (省份 | 中方): the later, more specific one is the side.
  [/^中方|^(?:县市|省份|省区市?|地市|区县市?|所在省份?)$/, 'chinese'],
  [/^(?:所在)?(?:国家|国别)|^所在国$/, 'country'],
  [/(?:时间|日期|年份)$/, 'date'],
  [/^(?:类别|类型|关系类型|关系)$/, 'relation'],
  [/^(?:外方|外国|国外|国际|友好|结好|[\u4e00-\u9fff]方)?(?:城市|省州|省份|地区|友城|名称)|^外方$/, 'foreign'],
];
/** A date in a cell or a list's note: 2023-04-11, 1982年8月3日, 2006.04, a bare year (1996). */
const CELL_DATE = /((?:19|20)\d{2})(?:\s*(?:年|[.\-/])\s*(?:(\d{1,2})\s*(?:月|[.\-/])?\s*(?:(\d{1,2})\s*日?)?)?)?(?!\d)/;
/** A row's number or list marker. */
const NUMBER_CELL = /^(?:\d{1,3}[.、)]?|[◆◇·•●■▪★☆※*\-–])$/;
const SENTENCE_PUNCT = /[。，,；;！？]/;
const ROW_MAX = 120;
/** A heading: short and not a sentence. */
const HEADING_MAX = 40;

interface Cell {
  start: number;
  end: number;
  text: string;
}

/** Adds the cell [from, to) holds, if any. */
function closeCell(cells: Cell[], norm: Normalized, from: number, to: number): void {
  const raw = norm.text.slice(from, to);
  const text = raw.trim();
  if (text && !/^[-:| ]+$/.test(text)) {
    const lead = raw.indexOf(text);
    cells.push({ start: from + lead, end: from + lead + text.length, text });
  }
}

function cellsOf(norm: Normalized, start: number, end: number): Cell[] {
  const cells: Cell[] = [];
  let from = start;
  // start <= i < end, inside the text: origin[i] and origin[i - 1] (once i > from) exist.
  for (let i = start; i < end; i++) {
    if (norm.text.charCodeAt(i) === 0x7c) {
      closeCell(cells, norm, from, i);
      from = i + 1;
    } else if (i > from && norm.origin[i]! - norm.origin[i - 1]! > 1) {
      closeCell(cells, norm, from, i);
      from = i;
    }
  }
  closeCell(cells, norm, from, end);
  return cells;
}

function headerRoles(cells: Cell[]): Role[] | undefined {
  const roles = cells.map((c) => HEADER_CELL.find(([re]) => re.test(c.text))?.[1]);
  return cells.length >= 2 && roles.every((r) => r) && roles.includes('foreign') ? (roles as Role[]) : undefined;
}

export function cellDate(text: string): string | null {
  const m = CELL_DATE.exec(text);
  if (!m) return null;
  const [, y, mo, d] = m;
  if (!mo || Number(mo) < 1 || Number(mo) > 12) return y!; // the year always participates
  const month = `${y}-${mo.padStart(2, '0')}`;
  return d && Number(d) >= 1 && Number(d) <= 31 ? `${month}-${d.padStart(2, '0')}` : month;
}

/** A data row: its cells given roles by the header, else by what each holds. */
function readRow(cells: Cell[], roles: Role[] | undefined): (Omit<TableRow, 'start' | 'end' | 'relation'> & { relation: Relation | undefined }) | undefined {
  const byRole = new Map<Role, Cell>();
  if (roles && roles.length === cells.length)
    for (const [i, cell] of cells.entries()) byRole.set(roles[i]!, cell); // as many roles as cells
  else if (!cells.some((c) => opensWithCountry(c.text))) return undefined;
  else {
    for (const c of cells) {
      const role: Role | undefined = NUMBER_CELL.test(c.text)
        ? 'number'
        : countryOf(c.text)
          ? 'country'
          : /^(?:[^\d:：]{0,8}[:：])?\s*\d{4}/.test(c.text) && cellDate(c.text)
            ? 'date'
            : relationOf(c.text) && c.text.length <= 8
              ? 'relation'
              : chineseCell(c.text)
                ? 'chinese'
                : 'foreign';
      if (!byRole.has(role)) byRole.set(role, c);
    }
  }
  const countryCell = byRole.get('country');
  const place = byRole.get('foreign');
  // With no country column (日方城市), the country of the place's known division (沖繩縣).
  const country = countryCell ? (countryOf(countryCell.text) ?? null) : place && roles ? chainCountry(place.text) : null;
  const foreign = place && foreignCell(place.text, country);
  // A date may stand in the place's own cell: 长野市(1981年4月19日缔结).
  const date = byRole.get('date') ?? (place && /缔结|结好|结为|建立/.test(place.text) ? place : undefined);
  if (!foreign || !(country || foreign.country) || !(date || roles)) return undefined;
  const shifted = { ...foreign, start: place.start + foreign.start, end: place.start + foreign.end };
  const rel = byRole.get('relation');
  return {
    chinese: byRole.has('chinese') ? chineseCell(byRole.get('chinese')!.text)?.place : undefined,
    foreign: shifted,
    country: foreign.country ?? country,
    countryText: foreign.countryText ?? countryCell?.text,
    since: date ? cellDate(date.text) : null,
    relation: rel ? relationOf(rel.text) : undefined,
  };
}

/**
 * The lines of the original text in normalised coordinates: normalisation joins a short line to
 * the next when it reads as a wrapped sentence, which a table row or a heading never is.
 */
function originalLines(original: string, norm: Normalized): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  let start = 0;
  // Past the first test, 1 <= i < length: origin[i] and origin[i - 1] exist.
  for (let i = 1; i <= norm.text.length; i++) {
    if (i === norm.text.length || norm.text.charCodeAt(i) === 0x0a) {
      if (i > start) lines.push([start, i]);
      start = i + 1;
    } else if (norm.origin[i]! - norm.origin[i - 1]! > 1 && original.slice(norm.origin[i - 1]! + 1, norm.origin[i]).includes('\n')) {
      lines.push([start, i]);
      start = i;
    }
  }
  return lines;
}

/** A list's item as a row: its own Chinese side and relation, else those of the list. */
function itemRow(item: ListItem, subject: Place | undefined, relation: Relation | undefined): TableRow {
  return { ...item, start: item.start, end: item.end, chinese: item.chinese ?? subject, relation: item.relation ?? relation ?? 'unspecified' };
}

/** The rows of every table and list in the text. */
export function tableRows(original: string, norm: Normalized): TableRow[] {
  const rows: TableRow[] = [];
  let roles: Role[] | undefined;
  let subject: Place | undefined;
  let section: Relation | undefined;
  /** The relation the page's title names (上海市各区国际友好城市一览), for a table no section heads. */
  let title: Relation | undefined | null = null;
  for (const [start, end] of originalLines(original, norm)) {
    // A paragraph of running text is neither a row nor a heading.
    if (end - start > ROW_MAX) {
      roles = undefined;
      section = undefined;
      for (const item of proseItems(norm.text, start, end, cellDate)) rows.push(itemRow(item, subject, item.opening));
      continue;
    }
    const line = norm.text.slice(start, end);
    const cells = cellsOf(norm, start, end);
    // A markdown rule under a header (| --- | --- |) holds no cells and changes nothing.
    if (!cells.length) continue;
    const header = headerRoles(cells);
    if (header) {
      roles = header;
      continue;
    }
    const row = cells.length >= 2 && !SENTENCE_PUNCT.test(line) ? readRow(cells, roles) : undefined;
    // Without a header, a row belongs to a list only under a heading that names a relation, or says
    // itself when the pair was made (长野市(1981年缔结)): a dated line in a page's furniture is no pair.
    // A row has two cells or more.
    if (row && (roles || section || /缔结|结好|结为|建立/.test(line))) {
      rows.push({ ...row, start: cells[0]!.start, end: cells.at(-1)!.end, chinese: row.chinese ?? subject, relation: row.relation ?? section ?? title ?? 'unspecified' });
      continue;
    }
    // A list's line of items: under a heading or title that names a relation, or dated, or with its own Chinese side.
    const items = lineItems(norm.text, start, end, cellDate);
    if (items.length && (section || title || items.some((i) => i.since || i.chinese))) {
      for (const item of items) rows.push(itemRow(item, subject, section ?? title ?? undefined));
      continue;
    }
    const prose = items.length ? [] : proseItems(norm.text, start, end, cellDate);
    for (const item of prose) rows.push(itemRow(item, subject, item.opening));
    if (prose.length) continue;
    roles = undefined;
    // Running text ends a list: its heading's relation does not reach past it.
    if (/[。；;]/.test(line)) section = undefined;
    else if (line.length <= HEADING_MAX) {
      // A heading: the place it names is the Chinese side, the relation it names the rows' relation.
      subject = chineseCell(line.replace(/^[（(]?[一二三四五六七八九十\d]+[）)、.]?/, ''))?.place ?? subject;
      section = relationOf(line) ?? section;
      if (title === null) title = relationOf(line);
    }
  }
  return rows;
}
