// Quote or abstain: the best sentence is quoted when the scorer thinks it likely enough to hold the
// answer (the threshold is chosen on the dev sets by `npm run train`); further sentences join it when
// nearly as likely. A sentence that opens by referring back ("She was 62.") is quoted with the sentence
// before it, as one contiguous verbatim passage, so the quote can be understood on its own.
import type { Span } from '../types.js';
import type { Candidate } from './candidates.js';
import { FEATURES } from './features.js';
import { TUNING } from './tuning.js';

/**
 * What decides abstention: how likely the best sentences are, and how well the question's words are
 * covered anywhere in the candidates. A question the articles do not answer usually leaves a rare word
 * uncovered ("who won the us masters golf in 2004": golf, but no Masters) or no sentence with the kind
 * of thing asked for near its words; retrieval scattered over many articles says no article is about it.
 * The last two (a negated question whose best sentence has no negation; distinct candidate articles) took
 * cross-validated abstention on unanswerable from 0.484 to 0.532 on bbc-dev and 0.252 to 0.300 on squad-dev.
 * The retrieval ranks of the best sentence's chunk and article (1 / (1 + rank)): a best sentence from a passage
 * retrieval put low is a sign of doubt. With the sentence model reading scores instead of ranks, they took
 * bbc-dev from 0.484 to 0.581 (false abstention 0.041 → 0.047, containment 0.747 → 0.753), squad-dev 0.273 → 0.276.
 */
const SHARED_FEATURES = [
  'pBest', 'coverWindowMax', 'similarityMax', 'phraseMax', 'typeNearBest', 'onTopicTypedMax', 'keyUnknown', 'expectsEntity',
  'figureMissingBest', 'keyCoverBest', 'missingRareBest', 'otherFigureBest', 'articleMissingRareBest', 'articleMissingRareMin',
  'negationMissingBest', 'candidateArticles', 'chunkRankBest', 'articleRankBest',
] as const;
/** Does the best sentence hold a new entity of the kind asked (see PROFILE_FEATURES)? */
const TYPE_MATCH_FEATURES = ['typeMatchNameBest', 'typeMatchValueBest', 'typeMatchDateBest', 'typeMatchPrimaryBest'] as const;
export const ANSWERABLE_FEATURES = [...SHARED_FEATURES, ...TYPE_MATCH_FEATURES] as const;
export type AnswerableFeature = (typeof ANSWERABLE_FEATURES)[number];

const col = (name: (typeof FEATURES)[number]) => FEATURES.indexOf(name);

/** What the question-level features read of a candidate besides its feature row. */
export interface Ranked {
  probability: number;
  source: string;
  /** 0-based retrieval ranks of its chunk and of its article among distinct articles. */
  chunkRank: number;
  articleRank: number;
}

/** Question-level features from the candidates (most likely first) and their feature rows (same order): every one of ANSWERABLE_FEATURES. */
export function answerableFeatures(candidates: readonly Ranked[], rows: readonly number[][]): number[] {
  const best = rows[0] ?? [];
  const first = candidates[0];
  const max = (name: (typeof FEATURES)[number]) => Math.max(0, ...rows.map((r) => r[col(name)] ?? 0));
  const at = (name: (typeof FEATURES)[number]) => best[col(name)] ?? 0;
  return [
    first?.probability ?? 0, max('coverWindow'), max('similarity'), max('phrase'), at('typeNear'), max('onTopicTyped'), at('keyUnknown'),
    at('expectsEntity'), at('figureMissing'), at('keyCover'), at('missingRare'), at('otherFigure'), at('articleMissingRare'),
    Math.min(1, ...rows.map((r) => r[col('articleMissingRare')] ?? 0)), at('negationMissing'),
    new Set(candidates.map((c) => c.source)).size, first ? 1 / (1 + first.chunkRank) : 0, first ? 1 / (1 + first.articleRank) : 0,
    at('typeMatchName'), at('typeMatchValue'), at('typeMatchDate'), at('typeMatchPrimary'),
  ];
}

/**
 * What kind of documents a question's answer would come from, each with its own answerable model and
 * threshold: the evidence that a question is unanswerable reads differently in a long news article (a rare
 * question word missing from 2,000 characters is telling) than in a short paragraph (where adversarial
 * unanswerable questions share more words with the text than answerable ones do).
 */
export const PROFILES = ['articles', 'passages'] as const;
export type Profile = (typeof PROFILES)[number];
/** One value per profile: the answerable models, the thresholds. */
export type PerProfile<T> = Record<Profile, T>;

/**
 * The features each profile's answerable model reads. Short passages also read whether the best sentence holds
 * a new entity of the kind asked (name, value, date; the question's first-choice type): squad-dev's adversarial
 * unanswerable questions keep the passage's words but ask for something it does not name. Cross-validated
 * squad-dev abstention on unanswerable 0.276 → 0.303 (false abstention 0.031 → 0.034, containment 0.812 → 0.809:
 * one question), mean of five fold splits 0.289 → 0.312. Read by long articles too, they cost bbc-dev containment
 * (0.753 → 0.747) and abstention (mean of five splits 0.519 → 0.484), so those do not (docs/quality-ceiling.md,
 * seventh pass).
 */
export const PROFILE_FEATURES: PerProfile<readonly AnswerableFeature[]> = {
  articles: SHARED_FEATURES,
  passages: ANSWERABLE_FEATURES,
};

/** The values a profile's model reads, from the full vector of `answerableFeatures`. */
export const forProfile = (profile: Profile, x: readonly number[]): number[] =>
  PROFILE_FEATURES[profile].map((f) => x[ANSWERABLE_FEATURES.indexOf(f)] ?? 0);

/** The profile of a question: the median length of its candidates' distinct articles, long or short. */
export function profileOf(candidates: readonly { source: string; chars: number }[]): Profile {
  const lengths = [...new Map(candidates.map((c) => [c.source, c.chars])).values()].sort((a, b) => a - b);
  const median = lengths[Math.floor(lengths.length / 2)] ?? 0;
  return median > TUNING.longArticleChars ? 'articles' : 'passages';
}

/** What choosing needs of a scored sentence; training rows have the same shape. */
export interface Choosable {
  probability: number;
  source: string;
  start: number;
  end: number;
  /** Where the quote starts: the sentence's start, or its predecessor's when it needs that context. */
  quoteStart: number;
  text: string;
}

export interface Scored extends Candidate, Choosable {}

/**
 * The sentences to quote, best first (input sorted by probability), or an empty list to abstain when
 * P(answerable) is below the threshold.
 */
export function pick<T extends Choosable>(scored: readonly T[], answerable: number, threshold: number): T[] {
  const best = scored[0];
  if (!best || answerable < threshold) return [];
  const out: T[] = [];
  const floor = TUNING.followRatio * best.probability;
  for (const c of scored) {
    if (out.length >= TUNING.maxQuotes || (out.length > 0 && c.probability < floor)) break;
    // Chunks overlap, and wire copies repeat a sentence: skip what is already quoted.
    if (out.some((o) => o.text === c.text || (o.source === c.source && c.quoteStart < o.end && o.quoteStart < c.end))) continue;
    out.push(c);
  }
  return out;
}

export interface Chosen extends Scored {
  /** What is quoted: the sentence, or the previous sentence and the sentence, verbatim. */
  quote: Span & { text: string };
}

export function choose(scored: readonly Scored[], answerable: number, threshold: number): Chosen[] {
  return pick(scored, answerable, threshold).map((c) => ({ ...c, quote: { start: c.quoteStart, end: c.end, text: c.article.text.slice(c.quoteStart, c.end) } }));
}
