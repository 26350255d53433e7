// Dates as people type them in a filter (Discord's `from:`/`to:`, the CLI's --from/--to) ("2018-04-19", "19 April 2018", "April 19, 2018", "19 Apr 2018"),
// turned into the ISO dates the engine filters on. A date that does not exist (31 April) is an error,
// not silently rolled over.
import { ERROR_MESSAGES } from './errors.js';

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

/** 1–12 for a month name or an abbreviation of at least three letters ("Apr", "Sept."). */
function monthNumber(name: string): number | undefined {
  const key = name.toLowerCase().replace(/\.$/, '');
  if (key.length < 3) return undefined;
  const index = MONTHS.findIndex((m) => m.startsWith(key));
  return index === -1 ? undefined : index + 1;
}

function iso(year: number, month: number, day: number): string | undefined {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** ISO `YYYY-MM-DD` for a typed date, or undefined when it is not a real date. */
export function parseDateInput(input: string): string | undefined {
  const text = input.trim().replace(/\s+/g, ' ').replace(/(\d)(st|nd|rd|th)\b/gi, '$1');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2}) ([A-Za-z]+\.?),? (\d{4})$/.exec(text);
  if (m) {
    const month = monthNumber(m[2]!);
    return month ? iso(Number(m[3]), month, Number(m[1])) : undefined;
  }
  m = /^([A-Za-z]+\.?) (\d{1,2}),? (\d{4})$/.exec(text);
  if (m) {
    const month = monthNumber(m[1]!);
    return month ? iso(Number(m[3]), month, Number(m[2])) : undefined;
  }
  return undefined;
}

export type DateRange = { ok: true; from?: string; to?: string } | { ok: false; message: string };

/** Validate the optional `from`/`to` options together; the message says which one is wrong and how. */
export function parseDateRange(from: string | null | undefined, to: string | null | undefined): DateRange {
  const out: { ok: true; from?: string; to?: string } = { ok: true };
  if (from) {
    const parsed = parseDateInput(from);
    if (!parsed) return { ok: false, message: ERROR_MESSAGES.DATE_INVALID('from', from) };
    out.from = parsed;
  }
  if (to) {
    const parsed = parseDateInput(to);
    if (!parsed) return { ok: false, message: ERROR_MESSAGES.DATE_INVALID('to', to) };
    out.to = parsed;
  }
  if (out.from && out.to && out.from > out.to) return { ok: false, message: ERROR_MESSAGES.DATE_RANGE(out.from, out.to) };
  return out;
}
