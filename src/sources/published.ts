/**
 * A page's publication date, as YYYY-MM-DD in China time: from its metadata, its URL
 * (/2024/05/22/, t20240522_) or its text (发布时间：2024-05-22). A time without a zone is read as
 * +08:00; one with a zone is converted to +08:00.
 */
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

function valid(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return y >= 1990 && y <= 2100 && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

function ymd(y: number, m: number, d: number): string | null {
  return valid(y, m, d) ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : null;
}

/** 2024-05-22, 2024-05-22T23:30:00Z (→ 2024-05-23), 2024/5/22 10:00, 2024年5月22日, RFC 822 dates. */
export function chinaDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim();
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(v) || /^[A-Z][a-z]{2},?\s+\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}/.test(v);
  if (zoned) {
    const t = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (!Number.isNaN(t)) {
      const d = new Date(t + CHINA_OFFSET_MS);
      return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    }
  }
  const m = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(v);
  return m ? ymd(+m[1]!, +m[2]!, +m[3]!) : null;
}

export function publishedInUrl(url: string): string | null {
  const m = /\/(\d{4})[/-]?(\d{2})[/-]?(\d{2})\//.exec(url) ?? /[/_]t(\d{4})(\d{2})(\d{2})_/.exec(url) ?? /\/(\d{4})(\d{2})\/(\d{2})\//.exec(url);
  return m ? ymd(+m[1]!, +m[2]!, +m[3]!) : null; // all three groups always participate
}

const TEXT_RE = /(?:发布|發佈|發布|发表|發表|更新|出版)(?:时间|時間|日期)\s*[:：]\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})/;

export function publishedInText(text: string): string | null {
  const m = TEXT_RE.exec(text);
  return m ? chinaDate(m[1]) : null;
}

/** A paper's dateline: a short line holding a date and its weekday (2024年9月20日 星期五 第3版). */
const DATELINE = /^.{0,20}?(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:星期|周)[一二三四五六日天]/;
const DATELINE_MAX = 40;

export function datelineIn(text: string): string | null {
  for (const line of text.split('\n')) {
    const m = line.length <= DATELINE_MAX ? DATELINE.exec(line.trim()) : null;
    if (m) return chinaDate(m[1]);
  }
  return null;
}
