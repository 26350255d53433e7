// Sentence spans over cleaned article text. Pure and fast (a single regex scan per line).
// Rule-based rather than Intl.Segmenter: on the BBC corpus the ICU segmenter splits after "Mr." / "Dr." /
// "St." and initials and is several times slower, and a fix-up pass would have to undo most of its
// decisions anyway. Sentence ends are only ever proposed after . ! ? … followed by whitespace, so
// decimals ("2.5"), "U.S.-led" and ".com" never split.
import type { Span } from './types.js';

/** Words that end with a period without ending a sentence (compared lower-case, without the period). */
const ALWAYS_ABBREVIATION = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'st', 'rev', 'fr', 'hon', 'messrs', 'mme', 'mlle',
  'gen', 'col', 'lt', 'sgt', 'capt', 'cpt', 'cmdr', 'adm', 'maj', 'brig', 'cpl', 'pte', 'gov', 'sen', 'rep',
  'pres', 'supt', 'insp', 'det', 'mt', 'vs', 'v', 'e.g', 'i.e', 'cf', 'approx', 'ca', 'al', 'dept', 'univ',
]);
/** Abbreviations only when a number follows ("No. 10", "Jan. 5", "p. 12", "Art. 50"). */
const NUMBER_ABBREVIATION = new Set([
  'no', 'nos', 'art', 'vol', 'p', 'pp', 'fig', 'ch', 'sec', 'para', 'op', 'tel', 'jan', 'feb', 'mar', 'apr', 'jun',
  'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);
/** After a dotted acronym ("U.S.", "a.m."), a new sentence usually opens with one of these words. */
const SENTENCE_OPENERS = new Set([
  'The', 'A', 'An', 'He', 'She', 'It', 'They', 'We', 'I', 'You', 'This', 'That', 'These', 'Those', 'There',
  'But', 'And', 'In', 'On', 'At', 'As', 'If', 'When', 'His', 'Her', 'Its', 'Their', 'Our', 'However', 'Meanwhile',
]);

/** A candidate end: terminal marks plus closing quotes/brackets, then whitespace or the end of the line. */
const END = /[.!?…]+["'”’»)\]]*(?=\s|$)/g;
/** What may open a sentence: a capital, a digit, an opening quote/bracket or a currency sign. */
const OPENER = /^[\p{Lu}\p{N}"'“‘«(\[£$€¡¿]/u;

/** Is the period that ends `before` (text up to and including the mark) an abbreviation's, given what follows? */
function isAbbreviation(before: string, after: string): boolean {
  // The whole token before the period, without opening punctuation: "(Dr." → "Dr", "M&S." → "M&S".
  const word = /([^\s"'“‘(\[]+)\.$/u.exec(before)?.[1];
  if (!word) return false;
  const lower = word.toLowerCase();
  // "MS." / "ST." in capitals are acronyms ending a sentence, not "Ms." / "St.".
  if (ALWAYS_ABBREVIATION.has(lower) && (word.length === 1 || word !== word.toUpperCase())) return true;
  if (NUMBER_ABBREVIATION.has(lower) && /^\d/.test(after)) return true;
  // Initials: "George W. Bush", "J. K. Rowling".
  if (/^\p{Lu}$/u.test(word)) return true;
  // Dotted acronyms ("U.S.", "a.m."): part of the sentence unless a typical sentence opener follows.
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return !SENTENCE_OPENERS.has(/^[\p{L}]+/u.exec(after)?.[0] ?? '');
  return false;
}

/**
 * Cut a span longer than `max` into pieces of at most `max` characters, at the last space in the second
 * half of each piece when there is one (else mid-word, never inside a surrogate pair).
 */
export function capSpan(text: string, span: Span, max: number): Span[] {
  const out: Span[] = [];
  let start = span.start;
  while (span.end - start > max) {
    let cut = start + max;
    const space = text.lastIndexOf(' ', cut);
    if (space > start + max / 2) cut = space;
    else if (/[\uD800-\uDBFF]/.test(text[cut - 1] ?? '')) cut--;
    let end = cut;
    while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
    out.push({ start, end });
    start = cut;
    while (start < span.end && /\s/.test(text[start] ?? '')) start++;
  }
  if (span.end > start) out.push({ start, end: span.end });
  return out;
}

/** Push the trimmed span [start, end) unless it is blank. */
function pushTrimmed(text: string, start: number, end: number, out: Span[]): void {
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  if (end > start) out.push({ start, end });
}

/**
 * The longest sentence span: a longer run without a sentence end (a 2 MB one-line file) is cut into
 * pieces no longer than this, so no chunk (1,000 characters at most) and no quote is longer.
 */
export const MAX_SENTENCE_CHARS = 1000;

/**
 * Sentence spans over `text`, in order, trimmed of surrounding whitespace. A line break always ends a
 * sentence (paragraphs are "\n\n"-separated; a lone line is a heading or list item), so no span crosses one.
 * No span is longer than `maxChars` (capSpan).
 */
export function splitSentences(text: string, maxChars = MAX_SENTENCE_CHARS): Span[] {
  const out: Span[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    let sentenceStart = 0;
    END.lastIndex = 0;
    for (let m = END.exec(line); m; m = END.exec(line)) {
      const cut = m.index + m[0].length;
      const after = line.slice(cut).trimStart();
      if (!after) break; // the line's end closes the sentence below
      if (!OPENER.test(after)) continue; // "etc. and", `"Why?" he asked`
      if (m[0][0] === '.' && m[0].length === 1 && isAbbreviation(line.slice(sentenceStart, cut), after)) continue;
      pushTrimmed(text, lineStart + sentenceStart, lineStart + cut, out);
      sentenceStart = cut;
    }
    pushTrimmed(text, lineStart + sentenceStart, lineEnd, out);
    lineStart = lineEnd + 1;
  }
  return out.some((s) => s.end - s.start > maxChars) ? out.flatMap((s) => capSpan(text, s, maxChars)) : out;
}

/** A sub-heading ("Deadliest attacks"): a few words with no sentence end. It names a topic, it answers nothing. */
export function isHeading(text: string): boolean {
  return !/[.!?:;"”’')\]]$/.test(text.trim()) && text.trim().split(/\s+/).length < 8;
}
