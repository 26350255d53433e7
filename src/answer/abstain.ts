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
 * of thing asked for near its words.
 */
export const ANSWERABLE_FEATURES = [
  'pBest', 'coverWindowMax', 'similarityMax', 'phraseMax', 'typeNearBest', 'onTopicTypedMax', 'keyUnknown', 'expectsEntity',
  'figureMissingBest', 'keyCoverBest', 'missingRareBest', 'otherFigureBest',
] as const;

const col = (name: (typeof FEATURES)[number]) => FEATURES.indexOf(name);

/** Question-level features from the candidates (most likely first) and their feature rows (same order). */
export function answerableFeatures(probabilities: readonly number[], rows: readonly number[][]): number[] {
  const best = rows[0] ?? [];
  const max = (name: (typeof FEATURES)[number]) => Math.max(0, ...rows.map((r) => r[col(name)] ?? 0));
  const at = (name: (typeof FEATURES)[number]) => best[col(name)] ?? 0;
  return [
    probabilities[0] ?? 0, max('coverWindow'), max('similarity'), max('phrase'), at('typeNear'), max('onTopicTyped'), at('keyUnknown'),
    at('expectsEntity'), at('figureMissing'), at('keyCover'), at('missingRare'), at('otherFigure'),
  ];
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
