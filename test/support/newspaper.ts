/**
 * Newspaper pages written for the tests (our own prose, real place names), as HTML and as PDFs
 * printed by three engines: Chromium, WeasyPrint and wkhtmltopdf (Debian packages, which .ci/run
 * installs). Columns are floated boxes, which all three lay out alike; a page carries a masthead,
 * its dateline and a running head, as e-paper pages do.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { printPdf } from './pdf.ts';

export interface Story {
  headline: string;
  subtitle?: string;
  /** The byline line above the body (本报记者 …), when the story has one. */
  byline?: string;
  paragraphs: string[];
}

/** A pair a page states: the Chinese side, the foreign side (as records name them), and since when. */
export interface ExpectedPair {
  a: string;
  b: string;
  since: string | null;
}

export interface FixturePage {
  name: string;
  html: string;
  /** The stories in reading order: a story continued from another page has no headline. */
  stories: Story[];
  pairs: ExpectedPair[];
}

const esc = (s: string) => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);

const STYLE = `
  @page { size: A4; margin: 15mm; }
  body { font-family: "Noto Serif CJK SC", serif; font-size: 10.5pt; line-height: 1.5; margin: 0; }
  .masthead { font-size: 24pt; font-weight: bold; }
  .dateline { font-size: 8pt; border-bottom: 1px solid #000; margin-bottom: 8pt; padding-bottom: 2pt; }
  h1 { font-size: 18pt; margin: 4pt 0; }
  h2 { font-size: 12pt; font-weight: normal; margin: 2pt 0 6pt; }
  .byline { font-size: 9pt; margin: 0 0 4pt; }
  .col { float: left; margin-right: 3%; }
  .col.last { margin-right: 0; }
  .clear { clear: both; }
  p { text-indent: 2em; margin: 0; text-align: justify; }
  .grid-row div { display: inline-block; width: 24%; }
  table { border-collapse: collapse; width: 100%; margin-top: 8pt; }
  td, th { border: 1px solid #000; padding: 3pt 6pt; text-align: left; font-size: 10.5pt; }
`;

/** A story's opening (本报讯, 新华社…电), which papers set in bold. */
const OPENING = /^(?:本报讯|新华社[^（]{0,12}电)/;

function storyHtml(s: Story): string {
  return [
    '<article>',
    s.headline ? `<h1>${esc(s.headline)}</h1>` : '',
    s.subtitle ? `<h2>${esc(s.subtitle)}</h2>` : '',
    s.byline ? `<p class="byline">${esc(s.byline)}</p>` : '',
    ...s.paragraphs.map((p) => `<p>${esc(p).replace(OPENING, '<b>$&</b>')}</p>`),
    '</article>',
  ].join('');
}

/** The day every page was printed, as its dateline gives it. */
export const DATELINE = '2024-09-20';

/** Page `n` of the paper: masthead, dateline and running head (its section), then its content. */
function page(n: number, section: string, content: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>友城日报 第${n}版</title><style>${STYLE}</style></head><body>
<div class="masthead">友城日报</div>
<div class="dateline">2024年9月20日 星期五 第${n}版 ${section}</div>
<div class="main">${content}</div>
</body></html>`;
}

/** Stories side by side, one column each. */
function columns(stories: Story[]): string {
  const width = Math.floor((100 - 3 * (stories.length - 1)) / stories.length);
  return `${stories.map((s, i) => `<div class="col${i === stories.length - 1 ? ' last' : ''}" style="width: ${width}%">${storyHtml(s)}</div>`).join('')}<div class="clear"></div>`;
}

const HUBEI: Story = {
  headline: '湖北国际友城总数突破百对',
  subtitle: '友城合作覆盖经贸教育文化等领域',
  paragraphs: [
    '本报讯（记者 李文）9月18日，记者从省外事办获悉，湖北省国际友好城市总数突破100对，居中部省份前列。1979年9月，武汉市与日本大分市结为友好城市，这是湖北第一对国际友城。',
    '1980年10月，湖北省与美国俄亥俄州缔结友好省州关系。此后，全省友城工作稳步推进，围绕共建“一带一路”倡议，在经贸、教育、文化、卫生等领域开展了大量务实合作，一批合作项目相继落地见效。',
    '今年10月，湖北将举办国际友城合作论坛，邀请各国友城代表来鄂参会，共同商讨下一阶段的合作重点。',
  ],
};

const YICHANG: Story = {
  headline: '宜昌与美国库克维尔市结好',
  byline: '本报记者 王芳 通讯员 陈晨',
  paragraphs: [
    '宜昌市与美国库克维尔市于2024年9月12日签署协议，正式结为友好城市。两市将在水电技术、职业教育和旅游推广方面加强交流，并定期互派代表团。',
    '据介绍，库克维尔市位于美国田纳西州中部，是当地的教育和商贸中心。双方此前已开展多年民间往来，此次结好为两市合作搭建了新的平台。',
  ],
};

/** The part of a story begun on page 1 (its opening is not on this page). */
const CONTINUED: Story = {
  headline: '',
  paragraphs: [
    '（上接第1版）在人文交流方面，双方每年互派学生和教师，合作举办艺术展览和体育赛事。1981年，成都市与法国蒙彼利埃市缔结友好城市关系，成为四川最早的国际友城之一。',
    '四十多年来，两市在医学、农业和城市规划领域持续合作，多个项目获得两国政府表彰，友城交往不断走深走实。',
  ],
};

const XIAN: Story = {
  headline: '西安与意大利比萨市签署友好城市协议',
  paragraphs: [
    '新华社西安9月19日电（记者 赵强）西安市与意大利比萨市19日在西安签署友好城市协议。两市于2016年5月建立友好交流关系，此次正式结为友好城市。',
    '双方表示，将以文物保护和旅游合作为重点，推动两地博物馆开展联合研究，共同培养文化遗产保护人才。',
  ],
};

const KUNMING: Story = {
  headline: '昆明与老挝万象市深化友城合作',
  byline: '本报记者 刘洋',
  paragraphs: [
    '昆明市与老挝万象市2011年11月结为友好城市。近年来，两市依托中老铁路，在物流、农业和职业教育领域合作不断扩大，往来人员明显增加。',
    '明年，两市计划联合举办友好城市合作周，进一步拓展双方在青年交流和医疗卫生方面的合作。',
  ],
};

const SUZHOU_PARTNERS: Array<[string, string, string]> = [
  ['威尼斯市', '意大利', '1980年3月'],
  ['金泽市', '日本', '1981年6月'],
  ['维多利亚市', '加拿大', '1986年11月'],
  ['波特兰市', '美国', '1988年6月'],
  ['康斯坦茨市', '德国', '1989年9月'],
  ['全州市', '韩国', '1996年10月'],
  ['格罗宁根市', '荷兰', '2000年5月'],
  ['伊斯坦布尔市', '土耳其', '2008年4月'],
];

/** The partners' table, as a <table> or as a grid of <div>s (rows of cells laid out by CSS). */
function tableHtml(grid = false): string {
  const header = ['序号', '友好城市', '所在国家', '结好时间'];
  const rows = [header, ...SUZHOU_PARTNERS.map(([city, country, since], i) => [String(i + 1), city, country, since])];
  const table = grid
    ? `<div class="grid">${rows.map((r) => `<div class="grid-row">${r.map((c) => `<div>${c}</div>`).join('')}</div>`).join('')}</div>`
    : `<table>${rows.map((r, i) => `<tr>${r.map((c) => (i ? `<td>${c}</td>` : `<th>${c}</th>`)).join('')}</tr>`).join('')}</table>`;
  return `<h1>苏州市国际友好城市一览</h1><p>截至目前，苏州市已与多个国家的城市建立友好城市关系，部分友城如下表。</p>${table}`;
}

/** The table page with its table drawn as a grid of <div>s. */
export const GRID_TABLE_HTML = page(5, '资料', tableHtml(true));

/** Two columns of stories without headlines: nothing to split the page by. */
export const UNSPLITTABLE_HTML = page(
  6,
  '综合',
  columns([
    { ...HUBEI, headline: '', subtitle: undefined },
    { ...YICHANG, headline: '' },
  ]),
);

const sinceOf = (s: string) => {
  const m = /(\d{4})年(\d{1,2})月/.exec(s)!;
  return `${m[1]}-${m[2]!.padStart(2, '0')}`;
};

export const PAGES: FixturePage[] = [
  {
    name: 'two-columns',
    html: page(3, '国际交流', columns([HUBEI, YICHANG])),
    stories: [HUBEI, YICHANG],
    pairs: [
      { a: '武汉', b: '大分', since: '1979-09' },
      { a: '湖北', b: '俄亥俄州', since: '1980-10' },
      { a: '宜昌', b: '库克维尔', since: '2024-09-12' },
    ],
  },
  {
    name: 'three-columns',
    html: page(4, '友城之窗', columns([CONTINUED, XIAN, KUNMING])),
    stories: [CONTINUED, XIAN, KUNMING],
    pairs: [
      { a: '成都', b: '蒙彼利埃', since: '1981' },
      { a: '西安', b: '比萨', since: '2024-09-19' },
      { a: '昆明', b: '万象', since: '2011-11' },
    ],
  },
  {
    name: 'table',
    html: page(5, '资料', tableHtml()),
    stories: [],
    pairs: SUZHOU_PARTNERS.map(([city, , since]) => ({ a: '苏州', b: city.replace(/市$/, ''), since: sinceOf(since) })),
  },
];

export type Producer = 'chromium' | 'weasyprint' | 'wkhtmltopdf';
export const PRODUCERS: Producer[] = ['chromium', 'weasyprint', 'wkhtmltopdf'];

/** Prints `html` to `path` with the given engine, on A4 with 15 mm margins. */
export async function printWith(producer: Producer, html: string, path: string, browser?: Browser): Promise<void> {
  if (producer === 'chromium') return printPdf(browser!, html, path);
  const source = `${path}.html`;
  writeFileSync(source, html);
  if (producer === 'weasyprint') execFileSync('weasyprint', ['--quiet', source, path], { stdio: 'pipe' });
  else execFileSync('wkhtmltopdf', ['--quiet', '--encoding', 'utf-8', '--page-size', 'A4', '-T', '15mm', '-B', '15mm', '-L', '15mm', '-R', '15mm', source, path], { stdio: 'pipe' });
}
