// The answer step as named stages: analysed question → candidate sentences (with context) → features →
// learned probability → quote or abstain → short answer. Pure apart from the embedding call.
import type { Article, ScoredChunk, Span } from '../types.js';
import { answerableFeatures, choose, forProfile, profileOf, type Chosen, type Profile, type Scored } from './abstain.js';
import { candidatesFrom } from './candidates.js';
import { comparedWords, ownFeatures, questionFeatures, refersBack, withRelative, type FeatureContext, type QuestionFeatures } from './features.js';
import { passageFeatures } from './passage.js';
import { shortAnswer } from './highlight.js';
import type { QuestionAnalysis } from './question.js';
import { probability } from './linear.js';
import { sentenceModelFor, type Weights } from './scorer.js';
import { TUNING } from './tuning.js';

export interface AnswerContext extends FeatureContext {
  articleOf: (source: string) => Article | undefined;
  /** Unit vectors for sentences (the same model as the question vector). */
  embed: (texts: string[]) => Promise<Float32Array[]>;
  weights: Weights;
}

export interface AnswerStep {
  qf: QuestionFeatures;
  /** Every candidate with its probability, most likely first, and its feature vector (same order). */
  scored: Scored[];
  features: number[][];
  /** The quotes, best first; empty when abstaining. */
  chosen: Chosen[];
  /** The span answering the question, when one is likely enough, and the index in `chosen` of the quote holding it. */
  short?: Span & { text: string };
  shortQuote?: number;
  /** Question-level features (those the profile's model reads) and P(the articles answer the question): what abstention compares with the threshold. */
  answerableFeatures: number[];
  answerable: number;
  /** The kind of documents the candidates come from, which chose the answerable model, and its threshold. */
  profile: Profile;
  threshold: number;
}

export async function answerStep(
  q: QuestionAnalysis,
  questionVector: Float32Array,
  ranked: readonly ScoredChunk[],
  ctx: AnswerContext,
  /** One threshold for every profile (training asks for none: 0); default: the weights' per profile. */
  override?: number,
): Promise<AnswerStep> {
  const qf = questionFeatures(q, ctx);
  const candidates = candidatesFrom(ranked, ctx.articleOf, TUNING.candidateChunks);
  // Word vectors for every word a paraphrase is looked for among (one batched call), as features read them.
  if (ctx.words) await ctx.words.prepare([...q.words.map((w) => w.word), ...candidates.flatMap(comparedWords)]);
  const vectors = candidates.length ? await ctx.embed(candidates.map((c) => c.text)) : [];
  const relative = withRelative(candidates.map((c, i) => ownFeatures(qf, c, vectors[i], questionVector, ctx)));
  const passage = passageFeatures(qf, candidates, ctx);
  const all = relative.map((r, i) => [...r, ...(passage[i] ?? [])]);
  // The kind of documents the candidates come from chooses the sentence model and the answerable model.
  const profile = profileOf(candidates.map((c) => ({ source: c.article.source, chars: c.article.text.length })));
  const sentenceModel = sentenceModelFor(ctx.weights, profile);
  const rows = candidates.map((c, i) => {
    const x = all[i] as number[];
    // A sentence that refers back ("He said…") is quoted with the one before it.
    const quoteStart = c.prev && refersBack(c.text) ? c.prev.start : c.start;
    const s: Scored = { ...c, source: c.article.source, quoteStart, probability: probability(sentenceModel, x) };
    return { s, x };
  });
  rows.sort((a, b) => b.s.probability - a.s.probability);
  const scored = rows.map((r) => r.s);
  const qx = forProfile(profile, answerableFeatures(scored, rows.map((r) => r.x)));
  const answerable = scored.length ? probability(ctx.weights.answerable[profile], qx) : 0;
  const threshold = override ?? ctx.weights.threshold[profile];
  const chosen = choose(scored, answerable, threshold);
  const found = shortAnswer(qf, chosen, ctx.weights.span);
  const short = found ? { short: found.short, shortQuote: found.quote } : {};
  return { qf, scored, features: rows.map((r) => r.x), chosen, ...short, answerableFeatures: qx, answerable, profile, threshold };
}
