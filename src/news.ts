// News-aware reading of quotes, pure: which figures two reports give for the same fact (so an answer can
// show a disagreement instead of silently picking one side), and which passages are the same wire report
// republished by several outlets (so it is quoted once, crediting every outlet).
import { findEventDates, formatDate } from './dates.js';
import { asksDate, asksFigure, extractFigures, factKey, fitsQuestion, questionFact } from './figures.js';
import type { ScoredChunk } from './types.js';

/** The least the news step needs of a quote or candidate sentence. */
export interface NewsQuote {
  chunk: { source: string; date?: string };
  text: string;
  score: number;
}

/** A quote as cited: its marker and its article. */
export interface CitedText {
  n: number;
  source: string;
  date?: string;
  quote: string;
  /** Marker of the citation this one repeats as a wire copy. */
  copyOf?: number;
}

// ---- wire copies ------------------------------------------------------------------------------------

/** Lower-case word set of a passage, for comparing copies. */
export function tokenSet(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** Near-identical passages (the same wire report with an outlet's own edits). */
export const WIRE_COPY = 0.8;
export const isWireCopy = (a: string, b: string, threshold = WIRE_COPY): boolean => jaccard(tokenSet(a), tokenSet(b)) >= threshold;

/** Group items whose text is a wire copy of an earlier item's; each group keeps the first item's place. */
export function groupCopies<T>(items: readonly T[], text: (item: T) => string, source: (item: T) => string, threshold = WIRE_COPY): T[][] {
  const groups: Array<{ tokens: Set<string>; items: T[] }> = [];
  for (const item of items) {
    const tokens = tokenSet(text(item));
    // Copies are across outlets; two sentences of one article are never merged.
    const home = groups.find((g) => jaccard(g.tokens, tokens) >= threshold && !g.items.some((i) => source(i) === source(item)));
    if (home) home.items.push(item);
    else groups.push({ tokens, items: [item] });
  }
  return groups.map((g) => g.items);
}

/** Search hits with each republished copy of a passage folded into its best-ranked hit, every outlet kept. */
export function collapseCopies(hits: readonly ScoredChunk[], threshold = WIRE_COPY): ScoredChunk[] {
  return groupCopies(hits, (h) => h.chunk.text, (h) => h.chunk.source, threshold).map(([first, ...rest]) => {
    const hit = first as ScoredChunk;
    const copies = [...(hit.copies ?? []), ...rest.flatMap((r) => [r.chunk, ...(r.copies ?? [])])];
    return copies.length ? { ...hit, copies } : hit;
  });
}

/** Mark each citation that repeats an earlier one from another article (a wire copy) with that one's marker. */
export function markCopies<T extends CitedText>(citations: readonly T[], threshold = WIRE_COPY): T[] {
  const out: T[] = [];
  for (const c of citations) {
    const tokens = tokenSet(c.quote);
    const original = out.find((o) => o.copyOf === undefined && o.source !== c.source && jaccard(tokenSet(o.quote), tokens) >= threshold);
    out.push(original ? { ...c, copyOf: original.n } : c);
  }
  return out;
}

// ---- claims ------------------------------------------------------------------------------------------

// Where a sentence says something happened: capitalised names after "in", "near", "south of", "the town of"…
const PLACE = /\b(?:in|near|at|outside|inside|around|(?:north|south|east|west|district|province|town|city|village|camp|neighbou?rhood|suburb|region|governorate) of)\s+(?:the\s+)?(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*)/gu;
// Words that name no place of their own: months and weekdays ("in May"), and the compass words and
// particles many place names share ("Eastern Ghouta", "Eastern Qalamoun"; "Al-Qadam", "Al-Hajar").
const NOT_PLACE = new Set(
  ('january february march april may june july august september october november december monday tuesday wednesday thursday ' +
    'friday saturday sunday eastern western northern southern east west north south central al el the').split(' '),
);

/** Lower-case words of the places a text names, for telling two reports of one event from two events. */
export function places(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(PLACE)) {
    for (const w of (m[1] ?? '').toLowerCase().split(/[^\p{L}]+/u)) if (w.length > 2 && !NOT_PLACE.has(w)) out.add(w);
  }
  return out;
}

/** Places no one named, or a place in common: the two may speak of the same event. */
const samePlace = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === 0 || b.size === 0 || [...a].some((w) => b.has(w));

/** One thing a quote states that another report may state differently: a figure, or a date. */
export interface Claim {
  key: string;
  value: string;
  /** How the note shows it: "36 Syrian Arab Army soldiers killed", "23 October 2016". */
  label: string;
  places: Set<string>;
  source: string;
  /** The article's date: when the claim was reported. */
  reported?: string;
}

/**
 * What a sentence claims about the question: its figures for the asked side and outcome (for "how many"
 * questions), or its one date (for "when" questions). Claims about a place other than the asked one are
 * about another event and are left out.
 */
export function claimsOf(question: string, text: string, source: string, date?: string): Claim[] {
  const asked = questionFact(question);
  const where = places(text);
  if (!samePlace(places(question), where)) return [];
  const claims: Claim[] = [];
  if (asksFigure(question)) {
    for (const f of extractFigures(text).filter((g) => fitsQuestion(g, asked))) claims.push({ key: factKey(f), value: String(f.value), label: f.text, places: where, source, ...(date ? { reported: date } : {}) });
  }
  if (asksDate(question)) {
    const dates = [...new Set(findEventDates(text, date).map((d) => d.date))];
    if (dates.length === 1) claims.push({ key: 'date', value: dates[0] as string, label: formatDate(dates[0]) as string, places: where, source, ...(date ? { reported: date } : {}) });
  }
  return claims;
}

/** Reports of one event come out within days of each other; undated ones could be from any time. */
export const SAME_STORY_DAYS = 7;
const closeInTime = (a?: string, b?: string): boolean =>
  !a || !b || Math.abs(Date.parse(a) - Date.parse(b)) <= SAME_STORY_DAYS * 86_400_000;

/** Two articles' claims that may be about one fact: same key, and nothing says another place or time. */
export const sameFact = (a: Claim, b: Claim): boolean =>
  a.key === b.key && a.source !== b.source && samePlace(a.places, b.places) && closeInTime(a.reported, b.reported);

// ---- choosing what to show ---------------------------------------------------------------------------

export interface NewsTuning {
  /** Other outlets' copies added to one quote. */
  maxCopies: number;
  /** Only candidates among the best this many are considered for a differing figure. */
  conflictPool: number;
  /** A differing figure's sentence must score at least this share of the best quote. */
  conflictRatio: number;
}
// The fact match itself (same side, outcome and place as asked, from another article) is the main test;
// the pool and score floor only keep out sentences the question is not about.
export const DEFAULT_NEWS: NewsTuning = { maxCopies: 3, conflictPool: 10, conflictRatio: 0.35 };

/**
 * For a "how many" question, a sentence whose every count is of something else ("killed 68 IS militants"
 * when government losses were asked) answers another question, however many words it shares with this one.
 */
export function countsOtherFact(question: string, text: string): boolean {
  if (!asksFigure(question)) return false;
  const figures = extractFigures(text);
  const asked = questionFact(question);
  return figures.length > 0 && !figures.some((f) => fitsQuestion(f, asked));
}


/**
 * The chosen quotes with what a news reader needs next to them: other outlets' copies of a quoted wire
 * report (placed right after it, to be cited together), and at most one sentence from another article
 * that gives a different figure (or date) for a fact the quotes state. A further quote that only counts
 * another fact is dropped; the first one always stays (the evidence chose it).
 */
export function newsQuotes<T extends NewsQuote>(question: string, chosen: readonly T[], candidates: readonly T[], tuning: NewsTuning = DEFAULT_NEWS): T[] {
  const out: T[] = [];
  const used = new Set<T>(chosen);
  for (const [i, q] of chosen.entries()) {
    if (i > 0 && countsOtherFact(question, q.text)) continue;
    out.push(q);
    const copies = candidates.filter((c) => !used.has(c) && c.chunk.source !== q.chunk.source && isWireCopy(q.text, c.text));
    for (const c of copies.slice(0, tuning.maxCopies)) {
      out.push(c);
      used.add(c);
    }
  }
  const best = chosen[0];
  const stated = out.flatMap((q) => claimsOf(question, q.text, q.chunk.source, q.chunk.date));
  if (!best || stated.length === 0) return out;
  // A rival must fit every quoted claim of its fact (so an article that already stated it has had its
  // say) and differ from at least one.
  const extra = candidates.slice(0, tuning.conflictPool).find((c) => {
    if (used.has(c) || c.score < tuning.conflictRatio * best.score) return false;
    return claimsOf(question, c.text, c.chunk.source, c.chunk.date).some((b) => {
      const same = stated.filter((a) => a.key === b.key);
      return same.length > 0 && same.every((a) => sameFact(a, b)) && same.some((a) => a.value !== b.value);
    });
  });
  return extra ? [...out, extra] : out;
}

/** "Sources differ: …" / "Sources agree: …" lines for what cited quotes from different articles say. */
export function newsNotes(question: string, citations: readonly CitedText[]): string[] {
  const markers = (c: CitedText): string =>
    [c.n, ...citations.filter((o) => o.copyOf === c.n).map((o) => o.n)].filter((n, i, all) => all.indexOf(n) === i).map((n) => `[${n}]`).join('');
  const byCitation = new Map<Claim, CitedText>();
  const claims: Claim[] = [];
  for (const c of citations.filter((x) => x.copyOf === undefined)) {
    for (const claim of claimsOf(question, c.quote, c.source, c.date)) {
      // One claim per article and fact: an article repeating its own figure is not a second source.
      if (claims.some((o) => o.source === claim.source && o.key === claim.key)) continue;
      claims.push(claim);
      byCitation.set(claim, c);
    }
  }
  const notes: string[] = [];
  const done = new Set<Claim>();
  for (const a of claims) {
    if (done.has(a)) continue;
    const group = [a];
    for (const b of claims) if (!done.has(b) && !group.includes(b) && group.every((g) => sameFact(g, b))) group.push(b);
    group.forEach((g) => done.add(g));
    if (group.length < 2) continue;
    const marked = group.map((g) => ({ g, m: markers(byCitation.get(g) as CitedText) }));
    if (new Set(group.map((g) => g.value)).size > 1) notes.push(`Sources differ: ${marked.map(({ g, m }) => `${g.label} ${m}`).join('; ')}`);
    else notes.push(`Sources agree: ${a.label} ${marked.map(({ m }) => m).join('')}`);
  }
  return notes;
}
