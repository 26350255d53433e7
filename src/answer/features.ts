// Features of a candidate sentence: does it hold what the question asks for (an entity of the expected
// kind that the question does not already contain, near the question's words), and is it about what
// the question is about (coverage of the question's rare words in the sentence, its predecessor and the
// title; phrase overlap; vector similarity; retrieval score). The scorer weighs them with learned weights.
import { countsOtherFact } from '../news.js';
import { dot } from '../vectors.js';
import { isStopword, termOf, words } from '../terms.js';
import type { WordSimilarity } from '../wordsim.js';
import type { Article, Entity, Span } from '../types.js';
import type { Candidate } from './candidates.js';
import type { QuestionAnalysis, QuestionWord } from './question.js';
import { TUNING } from './tuning.js';

/**
 * Features of one sentence on its own. Retrieval's opinion enters as scores (the chunk's and its article's
 * fused score over the best), not ranks: a rank turns a near-tie between two passages into a large step, and
 * the sentence model then followed retrieval's first passage even when another held the answer. Cross-validated
 * with the chunk and article ranks as features, then with the article's score instead (bbc / squad): top-1
 * 0.612 / 0.696 → 0.624 / 0.724, first article gold 0.865 / 0.809 → 0.859 / 0.836, containment 0.747 / 0.761 →
 * 0.753 / 0.812. The ranks now inform abstention instead (abstain.ts).
 */
const OWN = [
  'cover', 'coverSoft', 'coverPrev', 'coverTitle', 'coverWindow', 'keyCover', 'keyUnknown', 'figureMissing',
  'phrase', 'similarity', 'chunkScore', 'articleScore', 'lead', 'length',
  'expectsEntity', 'typeMatchName', 'typeMatchValue', 'typeMatchDate', 'typeMatchPrimary', 'typeNear', 'typeCount',
  'newName', 'newValue', 'reasonCue', 'reasonKind', 'yesNoKind', 'pronounStart', 'speech', 'negationMissing',
  'onTopicTyped', 'missingRare', 'otherFigure', 'articleMissingRare',
] as const;
type OwnName = (typeof OWN)[number];
/**
 * Features compared with the question's other candidates (value minus the best value among them): a
 * sentence is chosen against its rivals, and "the best coverage of any sentence" means more than any
 * absolute coverage figure across questions.
 */
const RELATIVE = ['cover', 'coverWindow', 'phrase', 'similarity', 'typeNear', 'onTopicTyped'] as const satisfies readonly OwnName[];

/** Features of the sentence's passage, computed over the question's candidates together (passage.ts). */
export const PASSAGE = ['passageCoverSoft'] as const;

/** Feature names, in vector order. The weights file names them too, so a mismatch is caught at load. */
export const FEATURES = [...OWN, ...RELATIVE.map((f) => `${f}Gap` as const), ...PASSAGE] as const;
export type FeatureName = (typeof FEATURES)[number];

/** Append the relative features to every candidate's own features (rows of one question). */
export function withRelative(rows: readonly number[][]): number[][] {
  const cols = RELATIVE.map((f) => OWN.indexOf(f));
  const best = cols.map((j) => Math.max(...rows.map((r) => r[j] ?? 0)));
  return rows.map((r) => [...r, ...cols.map((j, i) => (r[j] ?? 0) - (best[i] ?? 0))]);
}

/** What features need beyond the question and the candidate. */
export interface FeatureContext {
  /** Inverse document frequency of an index term. */
  idf: (term: string) => number;
  /** Does any chunk of the corpus contain this term? */
  known: (term: string) => boolean;
  words?: WordSimilarity;
}

interface Weighted extends QuestionWord {
  weight: number;
}

const NAME_TYPES = new Set(['person', 'organisation', 'place', 'name']);
const DATE_TYPES = new Set(['date', 'time', 'duration']);
const REASON = /\b(because|due to|as a result|blam(e|ed|es|ing)|after|following|amid|since|so that|in order to|caused|reason|led to|over concerns?|fears?)\b/i;
const PRONOUN_START = /^["“‘']?(he|she|they|it|this|that|these|those|his|her|their|its|the (company|firm|group|club|team|player|minister|star|singer|actor|film|move|deal|bank|firm's|company's))\b/i;
const NEGATION = /n['’]t\b|\b(not|never|no|none|without|nobody|nothing)\b/i;

/** A sentence that opens by referring back ("He said…", "The company…") needs the one before it. */
export const refersBack = (text: string): boolean => PRONOUN_START.test(text);

/** The content words of a text with their index terms (stopwords dropped), as the question's are made. */
export const contentTerms = (text: string): { word: string; term: string }[] =>
  words(text).flatMap((w) => {
    if (isStopword(w)) return [];
    const t = termOf(w);
    return t === null ? [] : [{ word: w, term: t }];
  });

/** The words a candidate's paraphrase features compare with the question's: its sentence, the one before, the title. */
export function comparedWords(c: Candidate): string[] {
  return [c.text, c.prev?.text ?? '', c.article.title].flatMap((t) => contentTerms(t).map((w) => w.word));
}

/** Idf-weighted share of the question's words found in `text`; paraphrases count by word-vector similarity. */
export function coverage(q: readonly Weighted[], total: number, present: readonly { word: string; term: string }[], sim?: WordSimilarity): number {
  if (total === 0) return 0;
  const terms = new Set(present.map((p) => p.term));
  let got = 0;
  for (const w of q) {
    if (terms.has(w.term)) got += w.weight;
    else if (sim) {
      let best = 0;
      for (const p of present) best = Math.max(best, sim.similarity(w.word, p.word));
      const floor = TUNING.paraphraseFloor;
      if (best > floor) got += w.weight * TUNING.paraphraseCredit * ((best - floor) / (1 - floor));
    }
  }
  return got / total;
}

const bigrams = (t: readonly { term: string }[]): Set<string> => {
  const out = new Set<string>();
  for (let i = 1; i < t.length; i++) out.add(`${t[i - 1]?.term} ${t[i]?.term}`);
  return out;
};

/**
 * The rarest question word that the sentence, its predecessor and the title do not contain (nor a close
 * paraphrase of), as a share of the question's rarest word's idf: 1 when the rarest word of all is missing.
 * A question the articles cannot answer usually turns on one word they never pair with the rest.
 */
function missingRare(qf: QuestionFeatures, terms: ReadonlySet<string>, window: readonly { word: string }[], sim?: WordSimilarity): number {
  const top = Math.max(0, ...qf.weighted.map((w) => w.weight));
  if (top === 0) return 0;
  let missing = 0;
  for (const w of qf.weighted) {
    if (terms.has(w.term) || w.weight <= missing) continue;
    const para = sim ? Math.max(0, ...window.map((p) => sim.similarity(w.word, p.word))) : 0;
    if (para <= TUNING.paraphraseFloor) missing = w.weight;
  }
  return missing / top;
}

/**
 * The same over the whole article (title and text), counting only words the corpus knows: an article
 * that never says "Ryder" does not answer "who won the ryder cup in 2004", whatever else it shares.
 * Words no article contains (typos, names the corpus lacks) are left to `keyUnknown`.
 */
function articleMissingRare(qf: QuestionFeatures, article: Article): number {
  let terms = qf.articleTerms.get(article.source);
  if (!terms) {
    terms = new Set(contentTerms(`${article.title} ${article.text}`).map((t) => t.term));
    qf.articleTerms.set(article.source, terms);
  }
  const known = qf.weighted.filter((w) => qf.known(w.term));
  const top = Math.max(0, ...known.map((w) => w.weight));
  if (top === 0) return 0;
  const missing = Math.max(0, ...known.filter((w) => !terms.has(w.term)).map((w) => w.weight));
  return missing / top;
}

/** Per-question values every candidate's features share: weighted words, key words, bigrams. */
export interface QuestionFeatures {
  q: QuestionAnalysis;
  weighted: Weighted[];
  total: number;
  keys: Weighted[];
  /** Share of the question's key words (names, figures) no article contains. */
  keyUnknown: number;
  bigrams: Set<string>;
  terms: Set<string>;
  known: (term: string) => boolean;
  /** Each candidate article's terms, computed once per question. */
  articleTerms: Map<string, Set<string>>;
  /** Where the question's words stand in each candidate sentence, computed once per question. */
  wordsIn: WeakMap<Candidate, Span[]>;
}

export function questionFeatures(q: QuestionAnalysis, ctx: FeatureContext): QuestionFeatures {
  const weighted = q.words.map((w) => ({ ...w, weight: ctx.idf(w.term) }));
  const keys = weighted.filter((w) => w.key);
  return {
    q,
    weighted,
    total: weighted.reduce((a, w) => a + w.weight, 0),
    keys,
    keyUnknown: keys.length ? keys.filter((k) => !ctx.known(k.term)).length / keys.length : 0,
    bigrams: bigrams(q.words),
    terms: new Set(q.words.map((w) => w.term)),
    known: ctx.known,
    articleTerms: new Map(),
    wordsIn: new WeakMap(),
  };
}

/** Entities of the sentence that the question does not already name (the candidate answers). */
export function newEntities(qf: QuestionFeatures, c: Candidate): Entity[] {
  return c.entities.filter((e) => {
    const t = contentTerms(c.article.text.slice(e.start, e.end));
    return t.length === 0 ? true : !t.every((x) => qf.terms.has(x.term));
  });
}

/** Where the question's words stand in a sentence (article offsets), found once per candidate. */
export function questionWordsIn(qf: QuestionFeatures, c: Candidate): readonly Span[] {
  let found = qf.wordsIn.get(c);
  if (!found) {
    found = [];
    for (const m of c.text.matchAll(/[\p{L}\p{N}]+/gu)) {
      const t = termOf(m[0].toLowerCase());
      if (t === null || !qf.terms.has(t)) continue;
      const at = c.start + (m.index ?? 0);
      found.push({ start: at, end: at + m[0].length });
    }
    qf.wordsIn.set(c, found);
  }
  return found;
}

/** Character distance from a span (an entity, a phrase) to the nearest question word in the sentence (Infinity if none). */
export function distanceToQuestion(qf: QuestionFeatures, c: Candidate, e: Span): number {
  let best = Infinity;
  for (const w of questionWordsIn(qf, c)) best = Math.min(best, Math.max(0, w.start < e.start ? e.start - w.end : w.start - e.end));
  return best;
}

/** A sentence's own features (see `withRelative` for the rest). */
export function ownFeatures(qf: QuestionFeatures, c: Candidate, vector: Float32Array | undefined, questionVector: Float32Array, ctx: FeatureContext): number[] {
  const { q } = qf;
  const own = contentTerms(c.text);
  const prev = c.prev ? contentTerms(c.prev.text) : [];
  const title = contentTerms(c.article.title);
  const window = [...own, ...prev, ...title];
  const windowTerms = new Set(window.map((w) => w.term));
  const fresh = newEntities(qf, c);
  const expected = fresh.filter((e) => q.expects.includes(e.type));
  const near = expected.length ? Math.min(...expected.map((e) => distanceToQuestion(qf, c, e))) : Infinity;
  const ownBigrams = bigrams(own);
  let shared = 0;
  for (const g of qf.bigrams) if (ownBigrams.has(g)) shared++;
  const sentenceWords = c.text.split(/\s+/).length;
  const coverWindow = coverage(qf.weighted, qf.total, window);
  const values: Record<OwnName, number> = {
    cover: coverage(qf.weighted, qf.total, own),
    coverSoft: coverage(qf.weighted, qf.total, own, ctx.words),
    coverPrev: coverage(qf.weighted, qf.total, prev),
    coverTitle: coverage(qf.weighted, qf.total, title),
    coverWindow,
    keyCover: qf.keys.length ? qf.keys.filter((k) => windowTerms.has(k.term)).length / qf.keys.length : 1,
    keyUnknown: qf.keyUnknown,
    figureMissing: q.figures.length ? q.figures.filter((f) => !windowTerms.has(f)).length / q.figures.length : 0,
    phrase: qf.bigrams.size ? shared / qf.bigrams.size : 0,
    similarity: vector ? dot(questionVector, vector) : 0,
    chunkScore: c.chunkScore,
    articleScore: c.articleScore,
    lead: 1 / (1 + c.index),
    length: Math.min(sentenceWords, 60) / 60,
    expectsEntity: q.expects.length ? 1 : 0,
    typeMatchName: expected.some((e) => NAME_TYPES.has(e.type)) ? 1 : 0,
    typeMatchValue: expected.some((e) => !NAME_TYPES.has(e.type) && !DATE_TYPES.has(e.type)) ? 1 : 0,
    typeMatchDate: expected.some((e) => DATE_TYPES.has(e.type)) ? 1 : 0,
    typeMatchPrimary: expected.some((e) => e.type === q.expects[0]) ? 1 : 0,
    typeNear: Number.isFinite(near) ? Math.exp(-near / TUNING.nearChars) : 0,
    typeCount: Math.min(expected.length, 3) / 3,
    newName: fresh.some((e) => NAME_TYPES.has(e.type)) ? 1 : 0,
    newValue: fresh.some((e) => !NAME_TYPES.has(e.type)) ? 1 : 0,
    reasonCue: q.kind === 'reason' && REASON.test(c.text) ? 1 : 0,
    reasonKind: q.kind === 'reason' || q.kind === 'event' || q.kind === 'other' ? 1 : 0,
    yesNoKind: q.kind === 'yes-no' ? 1 : 0,
    pronounStart: refersBack(c.text) ? 1 : 0,
    speech: /["“”]/.test(c.text) ? 1 : 0,
    negationMissing: q.negated && !NEGATION.test(c.text) ? 1 : 0,
    missingRare: missingRare(qf, windowTerms, window, ctx.words),
    // "How many people were displaced?" against "250 people dead": every count is of another fact.
    otherFigure: countsOtherFact(q.text, c.text) ? 1 : 0,
    articleMissingRare: articleMissingRare(qf, c.article),
    // On topic and holding the kind of thing asked for: both at once is what an answer looks like.
    onTopicTyped: coverWindow * (Number.isFinite(near) ? Math.exp(-near / TUNING.nearChars) : q.expects.length ? 0 : 0.5),
  };
  return OWN.map((f) => values[f]);
}
