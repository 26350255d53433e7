// Raw article text (as captured from a publisher's page, or a clean corpus file) → Article.
// Pure: no I/O. Rules are line classes that hold for any news page (navigation, captions, bylines,
// cross-links, comment forms, footers), never rules keyed to one file. Markup is reduced to text first.
import type { Article } from './types.js';

export type Format = 'txt' | 'md' | 'html';

/** Per-file metadata from a corpus's sources.json; wins over whatever the text says. */
export interface SourceOverride {
  publisher?: string;
  date?: string;
  url?: string;
  title?: string;
}

/** Metadata a markup reader found outside the running text (<title>, <meta>, front matter). */
export interface MarkupMeta {
  title?: string;
  publisher?: string;
  date?: string;
}

// ---- dates --------------------------------------------------------------------------------------

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

// ---- markup → text ------------------------------------------------------------------------------

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', pound: '£', euro: '€', eacute: 'é',
};
export function decodeEntities(s: string): string {
  return s.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (all, e: string) => {
    if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? all;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

const stripTags = (s: string): string => normalizeText(decodeEntities(s.replace(/<[^>]*>/g, ' ')));
function metaContent(html: string, name: string): string | undefined {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (new RegExp(`(?:property|name|itemprop)\\s*=\\s*["']${name}["']`, 'i').test(tag)) {
      const v = /content\s*=\s*"([^"]*)"|content\s*=\s*'([^']*)'/i.exec(tag);
      if (v) return decodeEntities(v[1] ?? v[2] ?? '').trim() || undefined;
    }
  }
  return undefined;
}

/** HTML → paragraphs of text. Non-content elements go whole; block elements become paragraph breaks. */
export function htmlToText(html: string): { text: string; meta: MarkupMeta } {
  const h1 = stripTags(/<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1] ?? '');
  const pageTitle = stripTags(/<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '');
  // "Headline | Site", or "Headline - Site" when the headline is known from <h1>: the rest names the site.
  // (A bare " - " is not enough: "Brexit - what happens next" is all headline.)
  const split = /^(.+?)\s+[|–—-]\s+([^|–—-]{2,40})$/.exec(pageTitle);
  const siteFromTitle = split && (pageTitle.includes('|') || (h1 && split[1] === h1)) ? split[2] : undefined;
  const meta: MarkupMeta = {
    title: h1 || (siteFromTitle ? split?.[1] : pageTitle) || metaContent(html, 'og:title'),
    publisher: metaContent(html, 'og:site_name') ?? siteFromTitle,
    date: metaContent(html, 'article:published_time') ?? metaContent(html, 'datePublished') ?? /<time\b[^>]*datetime\s*=\s*["']([^"']+)/i.exec(html)?.[1],
  };
  const text = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|noscript|template|svg|iframe|head|nav|aside|footer|form|figcaption|button|select)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/\s+/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(?:p|div|h[1-6]|li|ul|ol|tr|table|section|article|header|main|blockquote|figure|pre|dl|dt|dd|hr)\b[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '');
  return { text: decodeEntities(text), meta };
}

function markdownInline(s: string): string {
  return s
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]/g, (_m, a?: string, b?: string) => a ?? b ?? '')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)(.+?)(?<=\S)_(?!\w)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1');
}

/** Markdown → paragraphs: headings, list items and quotes keep their own lines, wrapped lines are joined. */
export function markdownToText(md: string): { text: string; meta: MarkupMeta } {
  const meta: MarkupMeta = {};
  const front = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(md);
  if (front) {
    for (const [, k, v] of (front[1] ?? '').matchAll(/^(title|date|publisher|source)\s*:\s*["']?(.*?)["']?\s*$/gim)) {
      if (k!.toLowerCase() === 'title') meta.title = v;
      else if (k!.toLowerCase() === 'date') meta.date = v;
      else meta.publisher = v;
    }
  }
  const lines = md.slice(front?.[0].length ?? 0).split(/\r?\n/);
  const out: string[] = [];
  let para: string[] = [];
  const flush = () => { if (para.length) out.push(markdownInline(para.join(' '))); para = []; };
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/^\s*>\s?/, '');
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    const setext = line.trim() && /^\s{0,3}(=+|-+)\s*$/.test(lines[i + 1] ?? '') ? line.trim() : undefined;
    if (heading !== undefined || setext !== undefined) {
      flush();
      const h = markdownInline(heading ?? setext ?? '');
      meta.title ??= h;
      out.push(h);
      if (setext !== undefined) i++;
    } else if (/^\s*(?:[-*_]\s*){3,}$/.test(line) || /^\s*(```|~~~)/.test(line) || !line.trim()) flush();
    else if (/^\s*(?:[-*+]|\d+[.)])\s+/.test(line)) {
      flush();
      para.push(line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, ''));
    } else para.push(line.trim());
  }
  flush();
  return { text: out.join('\n\n'), meta };
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

/** Unify line ends and odd spaces so every rule sees the same text. */
export function normalizeText(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

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
  return SOURCES_TOLD.exec(story.filter(isProse).slice(0, 2).join(' '))?.[1];
}

interface Cleaned {
  body: string[];
  date?: string;
}

/** Drop furniture around and inside the story, collecting the date the header (or embedded tweets) give. */
function cleanBody(lines: string[], from: number, end: number, title: string, publisher?: string): Cleaned {
  const body: string[] = [];
  const seenInHeader = new Set<string>([key(title)]);
  let previous = '';
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
      (CREDIT_LINE.test(l) && wordCount(l) <= 25) || l.includes('pic.twitter.com/') || (CROSS_LINK.test(l) && !TERMINAL.test(l)) ||
      (!prose && key(l) === outlet)
    ) continue;
    // Doubled short lines are furniture (a caption printed twice, the headline again). Later repeats are
    // kept: result tables legitimately repeat a line ("Winners meet in final match").
    const k = key(l);
    if (!prose && (k === previous || seenInHeader.has(k))) continue;
    if (!bodyStarted) seenInHeader.add(k);
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
