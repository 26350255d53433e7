// News-aware reading of quotes, pure: which figures two reports give for the same fact (so an answer can
// show a disagreement instead of silently picking one side), and which passages are the same wire report
// republished by several outlets (so it is quoted once, crediting every outlet).
import { findEventDates, formatDate } from './dates.js';

/** A number of people with what happened to them, as one sentence states it. */
export interface Figure {
  value: number;
  /** The figure as written, with its outcome: "at least 79 government fighters killed". */
  text: string;
  /** Who is counted: government, militants, rebels, people, or the head noun when no side is named. */
  side: string;
  /** What happened to them: killed, wounded, kidnapped, displaced, arrested. */
  outcome: string;
  start: number;
  end: number;
}

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

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
  thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100,
};
// Words that name a side. A modifier decides before the head noun: "government fighters", "IS members".
const SIDES = new Map<string, string>();
const side = (name: string, words: string) => words.split(' ').forEach((w) => SIDES.set(w, name));
side('government', 'government pro-government regime army soldier soldiers troop troops military loyalist loyalists police policemen security servicemen');
side('militants', 'is isis isil daesh jihadist jihadists extremist extremists militant militants terrorist terrorists insurgent insurgents');
side('rebels', 'rebel rebels opposition fsa');
side('people', 'people person persons civilian civilians women children men residents villagers refugees');
/** Nouns that count people. "fighters", "forces" and "members" have no side of their own. */
const HEADS = new Set(
  ('soldier soldiers troops servicemen policemen loyalists militant militants jihadists extremists terrorists insurgents ' +
    'rebel rebels people person persons civilian civilians women children men residents villagers refugees ' +
    'fighter fighters forces members combatants personnel gunmen officers casualties dead deaths').split(' '),
);
const OUTCOMES: Array<[string, RegExp]> = [
  ['killed', /\b(?:kill(?:ed|ing|s)?|dead|died|deaths?|slain|lost their lives)\b/gi],
  ['wounded', /\b(?:wound(?:ed|ing|s)?|injur(?:ed|ing|ies|y))\b/gi],
  ['kidnapped', /\b(?:kidnap(?:ped|ping)?|abduct(?:ed|ing)?|hostages?)\b/gi],
  ['displaced', /\b(?:displaced|fled|evacuat(?:ed|ion)|bus(?:s)?ed out|relocated)\b/gi],
  ['arrested', /\b(?:arrest(?:ed|s)?|detained)\b/gi],
];
// Words that end a noun phrase before its head noun ("36 of the soldiers" is not read). Case-sensitive, so
// the "IS" of "68 IS militants" is not the verb "is".
const STOP = new Set('of in at on and or from to the a an by with were was have has had been be are is as for that who which their its'.split(' '));
// The number (with its hedge) and, in a lookahead, the words after it: a look-ahead, so the words of one
// figure stay available to the next ("seven ISIS militants and four rebel fighters").
const FIGURE = new RegExp(
  `\\b((?:(?:at least|more than|over|nearly|almost|about|around|some|up to|fewer than|less than)\\s+)?)` +
    `(\\d{1,3}(?:,\\d{3})+|\\d+|${Object.keys(NUMBER_WORDS).join('|')})\\b(?=((?:\\s+\\p{L}[\\p{L}'’-]*){1,5}))`,
  'giu',
);

const toNumber = (s: string): number => NUMBER_WORDS[s.toLowerCase()] ?? Number(s.replace(/,/g, ''));

/** The outcome word nearest to a figure in its sentence (one sentence may report the dead and the wounded). */
function nearestOutcome(text: string, start: number, end: number): { outcome: string; word: string } | undefined {
  let best: { outcome: string; word: string; distance: number } | undefined;
  for (const [outcome, re] of OUTCOMES) {
    for (const m of text.matchAll(re)) {
      const at = m.index ?? 0;
      const distance = at >= end ? at - end : at + m[0].length <= start ? start - at - m[0].length : 0;
      if (!best || distance < best.distance) best = { outcome, word: m[0].toLowerCase(), distance };
    }
  }
  return best;
}

/** Counts of people in a sentence ("36 Syrian Arab Army soldiers", "at least 79 government fighters") with their outcome. */
export function extractFigures(text: string): Figure[] {
  const out: Figure[] = [];
  for (const m of text.matchAll(FIGURE)) {
    const [, hedge = '', number = '', tail = ''] = m;
    const value = toNumber(number);
    if (!Number.isFinite(value) || (/^\d{4}$/.test(number) && value >= 1900 && value <= 2100)) continue; // a year
    const words = tail.trim().split(/\s+/);
    const headAt = words.findIndex((w, i) => HEADS.has(w.toLowerCase()) && words.slice(0, i).every((v) => !STOP.has(v)));
    if (headAt < 0) continue;
    let last = headAt; // "four rebel fighters": the head is the last of a run of nouns
    while (HEADS.has(words[last + 1]?.toLowerCase() ?? '')) last++;
    const phrase = words.slice(0, last + 1);
    const head = (phrase[last] as string).toLowerCase();
    const named = [...phrase].reverse().map((w) => SIDES.get(w.toLowerCase())).find((s) => s && s !== 'people');
    const start = m.index ?? 0;
    let pos = 0; // the phrase's end within the words after the number, which may be spaced unevenly
    for (const w of phrase) pos = tail.indexOf(w, pos) + w.length;
    const end = start + hedge.length + number.length + pos;
    const figure = text.slice(start, end);
    const shown = hedge ? figure.charAt(0).toLowerCase() + figure.slice(1) : figure; // "At least" opens a sentence, not a figure
    const said = nearestOutcome(text, start, end);
    if (!said) continue; // a count with nothing happening to it ("1,200 fighters") is not compared
    // Say the outcome as the report does when it reads after a noun ("dead", "wounded"), else its name.
    const outcomeText = /(?:ed|dead)$/.test(said.word) ? said.word : said.outcome;
    out.push({
      value,
      text: head === 'dead' || head === 'deaths' ? shown : `${shown} ${outcomeText}`,
      side: named ?? SIDES.get(head) ?? (head === 'dead' || head === 'deaths' || head === 'casualties' ? 'people' : head.replace(/s$/, '')),
      outcome: said.outcome,
      start,
      end,
    });
  }
  return out;
}

const factKey = (f: Pick<Figure, 'side' | 'outcome'>): string => `${f.side}|${f.outcome}`;

/** What a question asks to count, when it names a side or an outcome ("How many soldiers were killed?"). */
export function questionFact(question: string): { side?: string; outcome?: string } {
  // "people" names no side: "How many people were killed?" is answered by a count of soldiers too.
  // "is" is the verb unless written "IS".
  const words = (question.match(/[\p{L}-]+/gu) ?? []).filter((w) => w !== 'is' && w !== 'Is');
  const sideName = words.map((w) => SIDES.get(w.toLowerCase())).find((s) => s && s !== 'people');
  const outcome = OUTCOMES.find(([, re]) => new RegExp(re.source, 'i').test(question))?.[0];
  return { ...(sideName ? { side: sideName } : {}), ...(outcome ? { outcome } : {}) };
}

const fits = (f: Figure, q: { side?: string; outcome?: string }): boolean => (!q.side || q.side === f.side) && (!q.outcome || q.outcome === f.outcome);

/** Does the question ask for a figure (so differing figures matter)? */
export const asksFigure = (question: string): boolean => /\bhow (?:many|much)\b|\bnumber of\b|\bdeath toll\b|\bcasualt/i.test(question);
/** Does the question ask for a date (so differing dates matter)? */
export const asksDate = (question: string): boolean => /\bwhen\b|\bwhat (?:date|day)\b|\bwhich (?:date|day)\b/i.test(question);

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

// ---- choosing what to show ---------------------------------------------------------------------------

export interface NewsTuning {
  /** Other outlets' copies added to one quote. */
  maxCopies: number;
  /** Only candidates among the best this many are considered for a differing figure. */
  conflictPool: number;
  /** A differing figure's sentence must score at least this share of the best quote. */
  conflictRatio: number;
}
// The fact match itself (same side and outcome as asked, from another article) is the main test; the pool
// and score floor only keep out sentences the question is not about.
export const DEFAULT_NEWS: NewsTuning = { maxCopies: 3, conflictPool: 10, conflictRatio: 0.35 };

/**
 * The chosen quotes with what a news reader needs next to them: other outlets' copies of a quoted wire
 * report (placed right after it, to be cited together), and — when the question asks for a figure — at
 * most one sentence from another article that gives a different figure for the same fact.
 */
export function newsQuotes<T extends NewsQuote>(question: string, chosen: readonly T[], candidates: readonly T[], tuning: NewsTuning = DEFAULT_NEWS): T[] {
  const out: T[] = [];
  const used = new Set<T>(chosen);
  for (const q of chosen) {
    out.push(q);
    const copies = candidates.filter((c) => !used.has(c) && c.chunk.source !== q.chunk.source && isWireCopy(q.text, c.text));
    for (const c of copies.slice(0, tuning.maxCopies)) {
      out.push(c);
      used.add(c);
    }
  }
  const best = chosen[0];
  if (!best || !asksFigure(question)) return out;
  const asked = questionFact(question);
  const facts = out.flatMap((q) => extractFigures(q.text).filter((f) => fits(f, asked)).map((f) => ({ f, source: q.chunk.source })));
  if (facts.length === 0) return out;
  const sources = new Set(out.map((q) => q.chunk.source));
  const extra = candidates.slice(0, tuning.conflictPool).find(
    (c) =>
      !used.has(c) && !sources.has(c.chunk.source) && c.score >= tuning.conflictRatio * best.score &&
      extractFigures(c.text).some((g) => facts.some(({ f }) => factKey(f) === factKey(g) && f.value !== g.value)),
  );
  return extra ? [...out, extra] : out;
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

/** "Sources differ: …" / "Sources agree: …" lines for what cited quotes from different articles say. */
export function newsNotes(question: string, citations: readonly CitedText[]): string[] {
  const asked = questionFact(question);
  const originals = citations.filter((c) => c.copyOf === undefined);
  const markers = (c: CitedText): string =>
    [c, ...citations.filter((o) => o.copyOf === c.n)].map((o) => `[${o.n}]`).filter((m, i, all) => all.indexOf(m) === i).join('');
  const claims: Array<{ key: string; value: string; label: string; c: CitedText }> = [];
  for (const c of originals) {
    for (const f of extractFigures(c.quote).filter((g) => fits(g, asked))) {
      claims.push({ key: factKey(f), value: String(f.value), label: f.text, c });
    }
    if (asksDate(question)) {
      const dates = [...new Set(findEventDates(c.quote, c.date).map((d) => d.date))];
      if (dates.length === 1) claims.push({ key: 'date', value: dates[0] as string, label: formatDate(dates[0]) as string, c });
    }
  }
  const notes: string[] = [];
  for (const key of [...new Set(claims.map((c) => c.key))]) {
    const group = claims.filter((c) => c.key === key);
    // One claim per article: an article repeating its own figure is not a second source.
    const perSource = group.filter((g, i) => group.findIndex((o) => o.c.source === g.c.source) === i);
    if (new Set(perSource.map((g) => g.c.source)).size < 2) continue;
    const values = new Set(perSource.map((g) => g.value));
    if (values.size > 1) notes.push(`Sources differ: ${perSource.map((g) => `${g.label} ${markers(g.c)}`).join('; ')}`);
    else notes.push(`Sources agree: ${(perSource[0] as (typeof perSource)[number]).label} ${perSource.map((g) => markers(g.c)).join('')}`);
  }
  return notes;
}
