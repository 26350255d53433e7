// The one rule for shortening a quote, shared by every surface (Discord embeds, /timeline, /search
// snippets, the terminal, the composed answer text): a quote is shown whole, or as a run of whole words
// of it — never cut inside a number, a name or a word — and every cut is marked with "…". When the quote
// has a `keep` span (the words that answer the question), the run always contains it. Pure.

export const ELLIPSIS = '…';

/** A half-open range [start, end) into the quote text. */
export interface Range {
  start: number;
  end: number;
}

/** A window of the quote, split around the kept span (`bold`, empty when there is none). Raw text. */
export interface Piece {
  before: string;
  bold: string;
  after: string;
  /** Words were left out before / after the window. */
  cutStart: boolean;
  cutEnd: boolean;
}

/** How a surface writes a piece (escaping, bold); clipping measures exactly what it writes. */
export type Render = (piece: Piece) => string;

/** Runs of whitespace read as one space (quotes are shown on one line). */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** Plain text: `…words **kept** words…` without the stars. */
export const plainRender: Render = (p) =>
  `${p.cutStart ? ELLIPSIS : ''}${flat(p.before)}${flat(p.bold)}${flat(p.after)}${p.cutEnd ? ELLIPSIS : ''}`;

/** The maximal non-whitespace runs of `text`: the only places a quote may be cut are between them. */
function wordsOf(text: string): Range[] {
  const out: Range[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

function validKeep(text: string, keep: Range | undefined): Range | undefined {
  if (!keep || !(keep.start >= 0 && keep.end > keep.start && keep.end <= text.length)) return undefined;
  return text.slice(keep.start, keep.end).trim() ? keep : undefined;
}

/**
 * The largest window of `text` that `fits`: the whole quote if it fits, else whole words around `keep`
 * (or from the start), marked as cut. Undefined when not even the kept words (or the first word) fit.
 */
export function clipPiece(text: string, fits: (p: Piece) => boolean, keep?: Range): Piece | undefined {
  const words = wordsOf(text);
  if (words.length === 0) return undefined;
  const span = validKeep(text, keep);
  const make = (a: number, b: number): Piece => {
    const s = words[a]!.start;
    const e = words[b - 1]!.end;
    const k = span ? { start: Math.max(s, span.start), end: Math.min(e, span.end) } : { start: e, end: e };
    return { before: text.slice(s, k.start), bold: text.slice(k.start, k.end), after: text.slice(k.end, e), cutStart: a > 0, cutEnd: b < words.length };
  };
  const n = words.length;
  const whole = make(0, n);
  if (fits(whole)) return whole;

  // The smallest window: the words the kept span touches, or the first word.
  let a = 0;
  let b = 1;
  if (span) {
    a = words.findIndex((w) => w.end > span.start);
    b = a;
    while (b < n && words[b]!.start < span.end) b++;
  }
  if (!fits(make(a, b))) return undefined;
  if (!span) {
    // Fitting is monotone in the window's length: binary search the longest prefix.
    let lo = 1;
    let hi = n - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(make(0, mid))) lo = mid;
      else hi = mid - 1;
    }
    return make(0, lo);
  }
  // Around the kept words: grow both sides evenly (binary search), then whichever side still can.
  let lo = 0;
  let hi = n;
  const grown = (k: number) => make(Math.max(0, a - k), Math.min(n, b + k));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(grown(mid))) lo = mid;
    else hi = mid - 1;
  }
  a = Math.max(0, a - lo);
  b = Math.min(n, b + lo);
  for (let grew = true; grew; ) {
    grew = false;
    if (b < n && fits(make(a, b + 1))) {
      b++;
      grew = true;
    }
    if (a > 0 && fits(make(a - 1, b))) {
      a--;
      grew = true;
    }
  }
  return make(a, b);
}

/** `clipPiece` written by `render` within `max` characters (undefined when nothing fits). */
export function clipQuote(text: string, max: number, keep?: Range, render: Render = plainRender): string | undefined {
  const piece = clipPiece(text, (p) => render(p).length <= max, keep);
  return piece ? render(piece) : undefined;
}

/** Like `clipQuote` for text that must show something: when not even one word fits, a bare "…". */
export function clipText(text: string, max: number, render: Render = plainRender): string {
  if (max <= 0) return '';
  return clipQuote(text, max, undefined, render) ?? (text.trim() ? ELLIPSIS : '');
}

/**
 * Lay out quotes within `budget` characters (`sep` between them): in order, each whole while it fits;
 * only the first may be cut (an answer always shows something) — a later quote that does not fit whole
 * is left out rather than cut, so a reader sees fewer quotes, whole. `line(i, room)` gives quote i's line
 * whole, or — when `room` is a number — cut to at most `room` characters (undefined if it cannot be).
 */
export function packQuotes(
  count: number,
  budget: number,
  sep: number,
  line: (i: number, room?: number) => string | undefined,
): { lines: string[]; omitted: number[] } {
  const lines: string[] = [];
  const omitted: number[] = [];
  let used = 0;
  for (let i = 0; i < count; i++) {
    const gap = lines.length ? sep : 0;
    const whole = line(i);
    if (whole !== undefined && used + gap + whole.length <= budget) {
      lines.push(whole);
      used += gap + whole.length;
      continue;
    }
    const cut = lines.length === 0 ? line(i, budget - used) : undefined;
    if (cut !== undefined) {
      lines.push(cut);
      used += cut.length;
    } else omitted.push(i);
  }
  return { lines, omitted };
}

/** The kept span of a citation as a range into its quote, when it lies inside it. */
export function shortRange(c: { start: number; quote: string; short?: { start: number; end: number } }): Range | undefined {
  if (!c.short) return undefined;
  const r = { start: c.short.start - c.start, end: c.short.end - c.start };
  return r.start >= 0 && r.end <= c.quote.length && r.end > r.start ? r : undefined;
}
