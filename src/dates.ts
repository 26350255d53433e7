// Calendar dates written out in running text ("Aug 01,2018", "19 April, 2018", "21/10/2020", "2018-04-28").
// Pure. Used by the article parser (bylines, date lines) and the timeline; typed filter dates are
// read more strictly by date-input.ts.

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const monthNumber = (m: string): number =>
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].indexOf(m.slice(0, 3).toLowerCase()) + 1;
type Ymd = [year: number, month: number, day: number];
const DATE_PATTERNS: Array<[RegExp, (m: string[]) => Ymd]> = [
  [/\b(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/g, (m) => [+m[1]!, +m[2]!, +m[3]!]],
  // Numeric dates are day-first (as the publishers in scope write them) unless the day-first reading is impossible.
  [/\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/g, (m) => (+m[2]! > 12 ? [+m[3]!, +m[1]!, +m[2]!] : [+m[3]!, +m[2]!, +m[1]!])],
  [new RegExp(`\\b(${MONTHS})\\.?\\s*(\\d{1,2})(?!\\d)(?:st|nd|rd|th)?\\s*,?\\s*(\\d{4})\\b`, 'gi'), (m) => [+m[3]!, monthNumber(m[1]!), +m[2]!]],
  [new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTHS})\\.?,?\\s+(\\d{4})\\b`, 'gi'), (m) => [+m[3]!, monthNumber(m[2]!), +m[1]!]],
];

/** Every calendar date written out in `text` (with a year), as ISO strings with their offsets, in order. */
export function findDates(text: string): Array<{ date: string; start: number; end: number }> {
  const hits: Array<{ date: string; start: number; end: number }> = [];
  for (const [re, toYmd] of DATE_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const [y, mo, d] = toYmd(m);
      const t = new Date(Date.UTC(y, mo - 1, d));
      if (y < 1900 || y > 2100 || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) continue;
      const start = m.index ?? 0;
      hits.push({ date: t.toISOString().slice(0, 10), start, end: start + m[0].length });
    }
  }
  hits.sort((a, b) => a.start - b.start);
  return hits.filter((h, i) => !hits.slice(0, i).some((o) => o.start < h.end && h.start < o.end));
}

/** The first date in `text` as `YYYY-MM-DD` ("Aug 01,2018", "19 April, 2018", "21/10/2020", "2018-04-28"). */
export function parseDate(text: string): string | undefined {
  return findDates(text)[0]?.date;
}

// Day and month without a year ("On October 23", "on 25 July"). Capitalised month names only: lower-case
// "may" and "march" are far more often a verb than a month.
const CAPITAL_MONTHS = MONTHS.replace(/(^|\|)([a-z])/g, (_m, bar: string, c: string) => `${bar}${c.toUpperCase()}`);
const YEARLESS: Array<[RegExp, (m: string[]) => [month: number, day: number]]> = [
  [new RegExp(`\\b(${CAPITAL_MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?!\\s*,?\\s*\\d)`, 'g'), (m) => [monthNumber(m[1]!), +m[2]!]],
  [new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${CAPITAL_MONTHS})\\b\\.?(?!,?\\s*\\d)`, 'g'), (m) => [monthNumber(m[2]!), +m[1]!]],
];

function isoDay(y: number, mo: number, d: number): string | undefined {
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? t.toISOString().slice(0, 10) : undefined;
}

/**
 * The dates a sentence gives for what it reports: full dates as written, and day-and-month dates dated by
 * the article (`articleDate`, ISO). A yearless date that would fall after publication is taken from the
 * year before, since news reports look back ("On December 28" in a January story). Without an article
 * date a yearless date cannot be placed and is left out.
 */
export function findEventDates(text: string, articleDate?: string): Array<{ date: string; start: number; end: number }> {
  const hits = findDates(text);
  const year = articleDate ? Number(articleDate.slice(0, 4)) : NaN;
  if (!Number.isInteger(year) || !articleDate) return hits;
  const extra: Array<{ date: string; start: number; end: number }> = [];
  for (const [re, toMd] of YEARLESS) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if ([...hits, ...extra].some((h) => h.start < end && start < h.end)) continue;
      const [mo, d] = toMd(m);
      let date = isoDay(year, mo, d);
      if (date && date > articleDate) date = isoDay(year - 1, mo, d);
      if (date) extra.push({ date, start, end });
    }
  }
  return [...hits, ...extra].sort((a, b) => a.start - b.start);
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2018-04-28" → "28 April 2018". */
export function formatDate(iso: string | undefined): string | undefined {
  const m = iso && /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}`;
}

