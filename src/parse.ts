// Raw article text (as captured from a publisher's page, or a clean corpus file) → Article.
// Pure: no I/O. Rules are line classes that hold for any news page (navigation, captions, bylines,
// cross-links, comment forms, footers), never rules keyed to one file. Markup is reduced to text first.
import { findDates, parseDate } from './dates.js';
import { htmlToText, markdownToText, normalizeText, type MarkupMeta } from './markup.js';
import type { Article } from './types.js';

export type Format = 'txt' | 'md' | 'html';

/** Per-file metadata from a corpus's sources.json; wins over whatever the text says. */
export interface SourceOverride {
  publisher?: string;
  date?: string;
  url?: string;
  title?: string;
}

// ---- line classes -------------------------------------------------------------------------------

/** Whitespace-separated words (a loop, not a regex: this runs on every line of every file). */
function wordCount(s: string): number {
  let n = 0;
  for (let i = 0, inWord = false; i < s.length; i++) {
    const space = s.charCodeAt(i) <= 32;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}
/** Ends like a sentence (closing quotes/brackets may follow the mark). */
const TERMINAL = /[.!?…]["'”’)\]]*$/;
/** A line of running text: a finished sentence of some length, or long enough that it must be text. */
const isProse = (l: string): boolean => (TERMINAL.test(l) && wordCount(l) >= 6) || wordCount(l) >= 25;

const LANGUAGE_SWITCH = /^\p{L}{2,12}(?:\s*[/|]\s*\p{L}{2,12})+$/u;
const NAV_PHRASE =
  /^(?:you are here|skip to (?:main )?content|menu|home|search|advertisement|share(?: this(?: article)?)?|follow us|subscribe|sign in|log in|print|email)$/i;
/** Caption credits: "[Getty]", "[Pakistan Defence/Facebook]", "(AFP)", "(Reuters photo)", "... File photo". */
const BRACKET_CREDIT = /\s\[[^[\]]{2,60}\]$/;
const PAREN_CREDIT = /\s\(([^()]{2,40})\)$/;
const CREDIT_WORD = /\b(?:photo|photograph|image|picture|file|courtesy|via|credit|getty|reuters|afp|epa)\b/i;
const FILE_PHOTO = /\b(?:file|archive) (?:photo|picture|image)\.?$|^(?:photo|image|picture|credit)s?\s*:/i;
const READ_TIME = /^\d+\s*(?:min|mins|minute|minutes)\s+read$/i;
const CROSS_LINK = /^(?:read|read more|read also|also read|see also|watch|listen|related)\s*:\s*\S/i;
const CROSS_LINK_MARKER = /^(?:read more|see also|also read|related|more on this)\s*[:►▶»>→–-]*$/i;
/** Everything from one of these lines on is page furniture (related links, comments). */
const END_MARKER =
  /^(?:related articles|related stories|related news|related posts|related content|more stories|more from [\p{L} ]{1,40}|you (?:may|might) also like|recommended(?: for you)?|leave a (?:reply|comment)|post a comment|(?:\d+ )?comments?(?: \(\d+\))?)$/iu;
/** Lines after which only furniture follows until the next line of prose. */
const CHROME_MARKER = /^(?:original article|tags?:.*|topics?:.*)$/i;
const TEMPLATE_MARKER = /^(?:\[[a-z]+\]|\{\{[^}]*\}\})$/;
const COMMENT_FORM = /your email address will not be published|required fields are marked|^\d+\s*[×x*+−-]\s*\d+\s*=\s*\S*$/i;
const TWEET_SIGNATURE = /^[—–-]\s*[^()]{1,80}\(@\w{1,30}\)/;
const CREDIT_LINE = /^(?:(?:additional )?reporting|writing|editing|compiled) by\b|(?:^|\|\s*)sources?\s*:/i;
const SOURCE_LINE = /(?:^|\|\s*)Source\s*:\s*([^|]{2,60}?)\s*$/i;
const BYLINE = /^By\s+\p{Lu}/u;
const BYLINE_OUTLET = /^By\s+(.+?)\s+[-–—|]\s+/u;
/** Words that make a byline name an outlet rather than a person. */
const isOutletName = (name: string): boolean =>
  /^\p{Lu}{2,6}$/u.test(name) || /\b(?:news|press|agency|agencies|times|post|herald|monitor|tribune|journal|gazette|telegraph|reuters|wire|media|network)\b/i.test(name);
/** "sources told The New Arab": anonymous sourcing is claimed by the outlet itself (quotes like "he told The Sun" are not). */
const SOURCES_TOLD = /\bsources? (?:[a-z]+ ){0,4}told ((?:\p{Lu}[\p{L}-]* ){1,3}News|The \p{Lu}[\p{L}-]*(?: \p{Lu}[\p{L}-]*){0,3})(?=[.,;:]| (?:in|on|that)\b)/u;
/** Concatenated tag words: "International OrganisationsMiddle EastNewsSyriaUN". */
const isTagLine = (l: string): boolean => !/[.,;:!?"“”]/.test(l) && (l.match(/\p{Ll}\p{Lu}/gu) ?? []).length >= 2;

const isCaption = (l: string): boolean => {
  if (l.length > 400) return false; // captions are one line of description, never a long paragraph
  if (TERMINAL.test(l) && !/[\])]$/.test(l)) return FILE_PHOTO.test(l);
  if (BRACKET_CREDIT.test(l) || FILE_PHOTO.test(l)) return true;
  // "(AFP)" after a descriptive line; a bare "(US)" after a name is a list entry, not a credit.
  const credit = PAREN_CREDIT.exec(l)?.[1] ?? '';
  const oneClause = wordCount(l) >= 6 && wordCount(l) <= 30 && !/[.!?]["”’]?\s+\p{Lu}/u.test(l);
  return CREDIT_WORD.test(credit) || (/^\p{Lu}{2,6}$/u.test(credit) && oneClause);
};
const isNav = (l: string): boolean => LANGUAGE_SWITCH.test(l) || NAV_PHRASE.test(l);
/** A line that is only a date, perhaps with "Published", a weekday or a time. */
const isDateLine = (l: string): boolean => {
  const hit = l.length <= 120 ? findDates(l)[0] : undefined;
  return !!hit && !isProse(l) && wordCount(l.slice(0, hit.start) + ' ' + l.slice(hit.end)) <= 4;
};
const isByline = (l: string): boolean => l.length <= 200 && BYLINE.test(l) && !TERMINAL.test(l) && (findDates(l).length > 0 || wordCount(l) <= 8);
const isHeadlineLike = (l: string): boolean =>
  wordCount(l) >= 3 && l.length <= 200 && !/[.:;,]$/.test(l) && !isNav(l) && !isCaption(l) && !isByline(l) && !isDateLine(l);
/** Where the story proper starts: prose that is not a question-style headline, caption or byline. */
const startsBody = (l: string): boolean =>
  isProse(l) && !(/[?!]["'”’]?$/.test(l) && wordCount(l) <= 20) && !isCaption(l) && !isByline(l);

// ---- text helpers -------------------------------------------------------------------------------

/**
 * Paragraph candidates. Captured pages put one paragraph on each line; hard-wrapped text (every line of a
 * block short and of similar width) is joined back so sentences are not cut at the wrap.
 */
function toParagraphs(text: string): string[] {
  const blocks = text.split(/\n{2,}/).map((b) => b.split('\n').filter((l) => l !== ''));
  const inner = blocks.flatMap((b) => b.slice(0, -1));
  const widest = blocks.reduce((w, b) => b.reduce((v, l) => Math.max(v, l.length), w), 0); // no spread: files can have 100k lines
  const wrapped =
    inner.length >= 2 && widest <= 100 &&
    inner.filter((l) => l.length >= widest * 0.6).length >= inner.length * 0.8 &&
    inner.filter((l) => !TERMINAL.test(l)).length >= inner.length * 0.5; // wraps fall mid-sentence
  return wrapped ? blocks.map((b) => b.join(' ')).filter(Boolean) : blocks.flat();
}

const key = (l: string): string => l.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const SMALL_WORDS = new Set(['of', 'the', 'and', 'in', 'on', 'for', 'a', 'an', 'to', 'at']);
const titleCase = (s: string): string =>
  s.split(/\s+/).map((w, i) => (i > 0 && SMALL_WORDS.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1))).join(' ');

// ---- title, metadata, body ----------------------------------------------------------------------

/** Index of the headline among the lines before the story starts, or -1. */
function findTitle(lines: string[]): number {
  const found = lines.findIndex(startsBody);
  const head = lines.slice(0, found < 0 ? lines.length : found);
  const candidates = head.flatMap((l, i) => (isHeadlineLike(l) ? [i] : []));
  const text = (i: number): string => lines[i] ?? '';
  // A headline printed twice (page title + story heading) is the strongest signal.
  const repeated = candidates.find((i) => head.filter((h) => key(h) === key(text(i))).length > 1);
  // Clean corpora put the headline first. A page capture opens with site chrome (language switcher,
  // section name), where a masthead ("Middle East Near You") may come before the headline: take the
  // first line of headline length there.
  const chrome = candidates[0] !== 0;
  const chosen = repeated ?? (chrome ? candidates.find((i) => wordCount(text(i)) >= 5) : undefined) ?? candidates[0];
  if (chosen !== undefined) return chosen;
  return lines.length > 0 && wordCount(text(0)) <= 12 && !isNav(text(0)) ? 0 : -1;
}

/** The outlet, from credit lines, an agency byline, a footer sign-off, or own-sourcing in the lead. */
function findPublisher(lines: string[], from: number, end: number): string | undefined {
  const story = lines.slice(from, end);
  for (const l of story) {
    const m = SOURCE_LINE.exec(l)?.[1];
    if (m) return m.trim();
  }
  for (const l of story.slice(0, 10)) {
    const outlet = isByline(l) ? BYLINE_OUTLET.exec(l)?.[1] : undefined;
    if (outlet && isOutletName(outlet)) return outlet;
  }
  // A lone lower-case name just above the footer is the site's sign-off ("middle east eye").
  if (end < lines.length) {
    for (const l of story.slice(-6).reverse()) if (/^[a-z][a-z&' -]{1,40}$/.test(l) && wordCount(l) <= 4) return titleCase(l);
  }
  const lead: string[] = [];
  for (let i = 0; i < story.length && lead.length < 2; i++) if (isProse(story[i] ?? '')) lead.push(story[i] ?? '');
  return SOURCES_TOLD.exec(lead.join(' '))?.[1];
}

interface Cleaned {
  body: string[];
  date?: string;
}

/** Drop furniture around and inside the story, collecting the date the header (or embedded tweets) give. */
function cleanBody(lines: string[], from: number, end: number, title: string, publisher?: string): Cleaned {
  const body: string[] = [];
  const seenInHeader = new Set<string>([key(title)]);
  let previous: string | undefined;
  const outlet = publisher ? key(publisher) : undefined;
  let date: string | undefined;
  let tweetDate: string | undefined;
  let inChrome = false;
  let skipHeadline = false;
  let bodyStarted = false;

  for (let i = from; i < end; i++) {
    const l = lines[i] ?? '';
    const inHeader = i < from + 10;
    if (inHeader && !bodyStarted && isByline(l)) {
      date ??= parseDate(l);
      continue;
    }
    if (inHeader && isDateLine(l)) {
      date ??= parseDate(l);
      continue;
    }
    if (TWEET_SIGNATURE.test(l)) {
      // An embedded tweet predates the story, so the latest one bounds its date from below.
      const d = findDates(l).at(-1)?.date;
      if (d && (!tweetDate || d > tweetDate)) tweetDate = d;
      continue;
    }
    if (CHROME_MARKER.test(l) || isTagLine(l)) {
      inChrome = true;
      continue;
    }
    if (CROSS_LINK_MARKER.test(l)) {
      skipHeadline = true; // "READ MORE ►" is followed by the linked headline, then the story resumes
      continue;
    }
    const prose = isProse(l);
    if (skipHeadline && ((skipHeadline = false), !prose)) continue;
    if (inChrome && !prose) continue;
    inChrome = false;
    if (
      isNav(l) || isCaption(l) || READ_TIME.test(l) || TEMPLATE_MARKER.test(l) || COMMENT_FORM.test(l) ||
      (CREDIT_LINE.test(l) && wordCount(l) <= 25) || l.includes('pic.twitter.com/') || (CROSS_LINK.test(l) && !TERMINAL.test(l))
    ) continue;
    // Doubled short lines are furniture (a caption printed twice, the headline again). Later repeats are
    // kept: result tables legitimately repeat a line ("Winners meet in final match").
    const k = prose ? undefined : key(l);
    if (k !== undefined && (k === '' || k === outlet || k === previous || seenInHeader.has(k))) continue; // '' = bare punctuation
    if (!bodyStarted && k) seenInHeader.add(k);
    previous = k;
    bodyStarted ||= prose;
    body.push(l);
  }
  return { body, date: date ?? tweetDate };
}

/**
 * Parse one article file's text. `source` is its corpus-relative path. Unknown publisher/date stay
 * undefined ("undated") rather than guessed.
 */
export function parseArticle(raw: string, source: string, format: Format): Article {
  let meta: MarkupMeta = {};
  let text = raw;
  if (format === 'html') ({ text, meta } = htmlToText(raw));
  else if (format === 'md') ({ text, meta } = markdownToText(raw));
  const lines = toParagraphs(normalizeText(text));

  // Markup names the headline; it usually also opens the text (an <h1>, a heading) after navigation.
  const given = meta.title ? normalizeText(meta.title) : undefined;
  const titleIndex = given ? lines.slice(0, 15).findIndex((l) => key(l) === key(given)) : findTitle(lines);
  const fileName = (source.split('/').pop() ?? source).replace(/\.[^.]+$/, '').replace(/[_-]+/g, ' ');
  const title = given || (titleIndex >= 0 ? lines[titleIndex] : undefined) || fileName;

  const from = titleIndex + 1;
  let end = lines.findIndex((l, i) => i >= from && END_MARKER.test(l));
  if (end < 0) end = lines.length;
  const publisher = meta.publisher ?? findPublisher(lines, from, end);
  const cleaned = cleanBody(lines, from, end, title, publisher);
  const article: Article = { source, title, text: cleaned.body.join('\n\n') };
  const date = (meta.date ? parseDate(meta.date) : undefined) ?? cleaned.date;
  if (publisher) article.publisher = publisher;
  if (date) article.date = date;
  return article;
}

/** Overrides from sources.json win over what the text gave; empty fields in the override change nothing. */
export function applyOverride(article: Article, override: SourceOverride | undefined): Article {
  if (!override) return article;
  const out: Article = { ...article };
  if (override.title) out.title = override.title;
  if (override.publisher) out.publisher = override.publisher;
  if (override.date) out.date = parseDate(override.date) ?? out.date;
  if (override.url) out.url = override.url;
  return out;
}
