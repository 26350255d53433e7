// Figures in news sentences, pure: "killed 36 Syrian Arab Army soldiers" → 36 government soldiers killed.
// Counts of people are what reports most often disagree on (casualty tolls), so that is what is read:
// a number, the noun phrase it counts, which side that is, and what happened to them.

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
    `(?<![\\d.,])(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?|${Object.keys(NUMBER_WORDS).join('|')})\\b(?=((?:\\s+\\p{L}[\\p{L}'’-]*){1,5}))`,
  'giu',
);

const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1e6 };
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
    if ((m.index ?? 0) < (out.at(-1)?.end ?? 0)) continue; // the "hundred" of "two hundred civilians"
    const [, hedge = '', number = '', tail = ''] = m;
    // "1.5 million people": the scale word belongs to the number.
    const value = toNumber(number) * (SCALES[/^\s+(\p{L}+)/u.exec(tail)?.[1]?.toLowerCase() ?? ''] ?? 1);
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

/** Two figures with one key count the same thing (who, and what happened to them). */
export const factKey = (f: Pick<Figure, 'side' | 'outcome'>): string => `${f.side}|${f.outcome}`;

/** The counted noun phrase of "how many …" / "number of …", up to the verb. */
const COUNTED = /\b(?:how many|number of)\s+(.*?)(?=\s*\b(?:did|do|does|were|was|are|have|has|had|will|would|could|can|got|remain|died|killed|fled)\b|[?,.]|$)/i;

/** What a question asks to count, when it names a side or an outcome ("How many soldiers were killed?"). */
export function questionFact(question: string): { side?: string; outcome?: string } {
  // "people" names no side: "How many people were killed?" is answered by a count of soldiers too.
  // "is" is the verb unless written "IS".
  const words = (question.match(/[\p{L}-]+/gu) ?? []).filter((w) => w !== 'is' && w !== 'Is');
  // What is counted is the phrase after "how many" ("How many Druze women did Daesh kidnap?": women, not
  // Daesh's side); only a question without one is read whole.
  const phrase = COUNTED.exec(question);
  const counted = phrase ? (phrase[1]?.match(/[\p{L}-]+/gu) ?? []).filter((w) => w !== 'is' && w !== 'Is') : undefined;
  const sideName = (counted ?? words).map((w) => SIDES.get(w.toLowerCase())).find((s) => s && s !== 'people');
  const outcome = OUTCOMES.find(([, re]) => new RegExp(re.source, 'i').test(question))?.[0];
  return { ...(sideName ? { side: sideName } : {}), ...(outcome ? { outcome } : {}) };
}

/** Does a figure count what the question asks about? */
export const fitsQuestion = (f: Figure, q: { side?: string; outcome?: string }): boolean => (!q.side || q.side === f.side) && (!q.outcome || q.outcome === f.outcome);

/** Does the question ask for a figure (so differing figures matter)? */
export const asksFigure = (question: string): boolean => /\bhow (?:many|much)\b|\bnumber of\b|\bdeath toll\b|\bcasualt/i.test(question);
/** Does the question ask for a date (so differing dates matter)? */
export const asksDate = (question: string): boolean => /\bwhen\b|\bwhat (?:date|day)\b|\bwhich (?:date|day)\b/i.test(question);
