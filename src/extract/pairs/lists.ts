/**
 * Partner lists written as items rather than cells, read as structure: a line's marker (1. ◆ · ★),
 * its Chinese side before a colon or a dash (`南宁市：`, `湖北省——`), then items separated by 、
 * or ；, each a country, its place and a note giving the date and the stage, in brackets
 * (`（2006.04）`, `（2005，交流）`, `（2023年5月签备忘录）`) or in a clause after a comma
 * (`，1980年10月締結友好省州關係`). A list may also run on in prose after an opening that names the
 * relation (`共有国际友好城市8个，分别是：A（1987年）；B（1992年）。`).
 *
 * Every item must read whole as a place with its country: prose that is not a list reads as none.
 */
import type { Country, Place } from '../places/gazetteer.ts';
import { chineseCell, foreignCell, type PlaceMention } from '../places/mentions.ts';
import type { Relation } from '../../records.ts';
import { INTENT, relationOf } from './relations.ts';

export interface ListItem {
  /** The item's span in the text given (the line's Chinese side included for the first item). */
  start: number;
  end: number;
  chinese: Place | undefined;
  foreign: PlaceMention;
  country: Country;
  countryText: string | undefined;
  since: string | null;
  relation: Relation | undefined;
}

/** A line's marker: 1. 2、 （一） ◆ ◇ · ★ ☆ •. */
const MARKER = /^(?:\d{1,3}[.、)）]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[◆◇·•●■▪★☆※*\-–])/;
/** A line's Chinese side, closed by a colon or a dash: 南宁市：, 下辖东兴市：, 湖北省——. */
const LEAD = /^([^：:—－，,。]{2,14}?)(?:[：:]|—{1,2}|－{1,2})/;
/** An opening in prose that a list follows: …友好城市8个，分别是：. */
const OPENING = /[：:]/g;
/** A note in brackets closing an item. */
const NOTE = /[（(]([^（）()]*)[）)]$/;
/** A bracket after a city naming its district: part of the place, not a note. */
const DISTRICT_NOTE = /^[\u4e00-\u9fff]{1,8}[区郡]$/;
/** What a note or a clause says of the stage: a memorandum or 交流 is a friendly relation. */
const FRIENDLY_NOTE = /交流|合作|备忘录/;

/** Splits at 、 ； ; outside brackets: [start, end) of each piece. */
function pieces(s: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let at = from;
  for (let i = from; i < to; i++) {
    const c = s[i];
    if (c === '（' || c === '(') depth++;
    else if ((c === '）' || c === ')') && depth > 0) depth--;
    else if (depth === 0 && (c === '、' || c === '；' || c === ';')) {
      out.push([at, i]);
      at = i + 1;
    }
  }
  out.push([at, to]);
  return out;
}

/** One item: the place with its country, then its note or clause; undefined unless it reads whole. */
function readItem(s: string, start: number, end: number, dateOf: (text: string) => string | null): Omit<ListItem, 'chinese'> | undefined {
  let text = s.slice(start, end);
  let clause = '';
  const comma = text.search(/[，,](?![^（(]*[）)])/);
  if (comma >= 0) {
    clause = text.slice(comma + 1);
    text = text.slice(0, comma);
  }
  const bracket = NOTE.exec(text);
  const district = !!bracket && DISTRICT_NOTE.test(bracket[1]!); // the group always participates
  const note = bracket && !district ? bracket[1]! : '';
  const place = bracket && !district ? text.slice(0, bracket.index) : text;
  const foreign = foreignCell(place, null);
  // The place reads whole (a district's closing bracket aside), else the item is prose.
  if (!foreign?.country || foreign.end < place.length - (district ? 1 : 0)) return undefined;
  if (clause && !dateOf(clause) && !relationOf(clause)) return undefined;
  const stage = `${note}，${clause}`;
  const intent = INTENT.test(stage);
  return {
    start,
    end,
    foreign: { ...foreign, start: start + foreign.start, end: start + foreign.end },
    country: foreign.country,
    countryText: foreign.countryText,
    since: intent ? null : (dateOf(note) ?? dateOf(clause)),
    relation: intent ? 'unspecified' : (relationOf(clause) ?? relationOf(note) ?? (FRIENDLY_NOTE.test(stage) ? 'friendly' : undefined)),
  };
}

/** The Chinese place ending exactly where the lead does: 下辖东兴市 → 东兴. */
function leadPlace(lead: string): Place | undefined {
  for (let k = 0; k < lead.length - 1; k++) {
    const c = chineseCell(lead.slice(k));
    if (c && c.end === lead.length - k) return c.place;
  }
  return undefined;
}

/** Items in [from, to), all of which must read: a list is never half prose. */
function itemsIn(s: string, from: number, to: number, chinese: Place | undefined, dateOf: (text: string) => string | null): ListItem[] {
  const found: ListItem[] = [];
  for (const [a, b] of pieces(s, from, to)) {
    const lead = LEAD.exec(s.slice(a, b));
    const own = lead ? leadPlace(lead[1]!) : undefined; // the group always participates
    const itemStart = own ? a + lead![0].length : a;
    const item = b > itemStart ? readItem(s, itemStart, b, dateOf) : undefined;
    if (!item) return [];
    if (own) chinese = own;
    found.push({ ...item, start: own ? a : item.start, chinese });
  }
  return found;
}

/**
 * The items of one line of a list: its marker and Chinese side, then items to the line's end.
 * `dateOf` reads a date as table cells give them.
 */
export function lineItems(s: string, start: number, end: number, dateOf: (text: string) => string | null): ListItem[] {
  let from = start + (MARKER.exec(s.slice(start, end))?.[0].length ?? 0);
  while (from < end && /[\s·]/.test(s[from]!)) from++;
  const stop = s[end - 1] === '。' ? end - 1 : end;
  return itemsIn(s, from, stop, undefined, dateOf);
}

/**
 * Lists run on in prose: after a colon whose clause names a relation (友好城市8个，分别是：), items to
 * the end of the sentence. Returns the items and the relation each opening names.
 */
export function proseItems(s: string, start: number, end: number, dateOf: (text: string) => string | null): Array<ListItem & { opening: Relation | undefined }> {
  const out: Array<ListItem & { opening: Relation | undefined }> = [];
  const line = s.slice(start, end);
  for (const m of line.matchAll(OPENING)) {
    const clauseStart = Math.max(line.lastIndexOf('。', m.index), line.lastIndexOf('；', m.index)) + 1;
    const opening = relationOf(line.slice(clauseStart, m.index));
    if (!opening) continue;
    const stop = line.indexOf('。', m.index);
    const items = itemsIn(s, start + m.index + 1, start + (stop < 0 ? line.length : stop), undefined, dateOf);
    out.push(...items.map((item) => ({ ...item, opening })));
  }
  return out;
}
