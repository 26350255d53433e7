// Fitting the scorer: every candidate sentence of every dev question is a row (its features), labelled 1
// when it holds a gold answer in a gold article; an L2-regularised logistic regression on standardised
// features. Figures are cross-validated with folds grouped by article, so a question is never scored by
// a model that saw its article; the threshold is chosen on those held-out probabilities.
import type { EvalQuestion } from '../evaluate.js';
import { answerableFeatures, forProfile, pick, PROFILE_FEATURES, profileOf, type Choosable, type PerProfile, type Profile, type Ranked, type Scored } from './abstain.js';
import { FEATURES, type QuestionFeatures } from './features.js';
import { firstLikely, SPAN_FEATURES, spanCandidates } from './highlight.js';
import { fitListwise, fitLogistic } from './fitting.js';
import { probability } from './linear.js';
import { sentenceModelFor, type SentenceModel, type SentenceModels } from './scorer.js';

/** A candidate sentence as training sees it: its features, whether it (and its quote) holds the answer. */
export interface TrainingCandidate extends Choosable, Ranked {
  x: number[];
  /** The sentence holds a gold answer (the label). */
  holds: boolean;
  /** The quote (with its predecessor when it needs one) holds a gold answer. */
  quoteHolds: boolean;
  /** The sentence's candidate short answers: features, and whether the span is a gold answer. */
  spans: { x: number[]; match: boolean }[];
  /** Length in characters of the sentence's article (what kind of document the answer comes from). */
  articleChars: number;
}

/** One question's candidates, as the answer step produced them. */
export interface TrainingQuestion {
  set: string;
  q: EvalQuestion;
  candidates: TrainingCandidate[];
  /** P(answerable), once a model has scored the question. */
  answerable?: number;
  /** The short answer of the best sentence is a gold answer, once a model has scored the question. */
  shortMatch?: boolean;
}

/** The kind of documents a training question's candidates come from (as the answer step computes it). */
export const profileOfQuestion = (t: TrainingQuestion): Profile => profileOf(t.candidates.map((c) => ({ source: c.source, chars: c.articleChars })));

/** The fitted models. */
export interface Models extends SentenceModels {
  answerable: PerProfile<SentenceModel>;
  span: SentenceModel;
}

/** A training row from the answer step's output. */
export function trainingCandidate(q: EvalQuestion, qf: QuestionFeatures, c: Scored, x: number[]): TrainingCandidate {
  const quote = c.article.text.slice(c.quoteStart, c.end);
  const gold = new Set(q.answers.map((a) => a.toLowerCase()));
  const inGold = !q.sources.length || q.sources.includes(c.source);
  return {
    x, probability: c.probability, source: c.source, chunkRank: c.chunkRank, articleRank: c.articleRank, start: c.start, end: c.end, quoteStart: c.quoteStart, text: c.text,
    holds: holdsAnswer(q, c.source, c.text),
    quoteHolds: holdsAnswer(q, c.source, quote),
    spans: spanCandidates(qf, c).map(({ span, x: sx }) => ({ x: sx, match: q.answerable && inGold && gold.has(c.article.text.slice(span.start, span.end).toLowerCase()) })),
    articleChars: c.article.text.length,
  };
}

export interface TrainOptions {
  folds: number;
  /**
   * Newton iterations at most, and the sentence model's L2 penalty (on standardised features). Cross-validated
   * top-1 (bbc / squad): l2 1 → 0.576 / 0.689, 30 → 0.600 / 0.693, 50 → 0.606 / 0.693, 100 → 0.612 / 0.696,
   * 200 → 0.594 / 0.696, 1000 → 0.571 / 0.696. Its 40 features overlap (coverage in five forms), and a weak
   * penalty let their weights fight; 100 sits in the middle of the plateau (re-checked in the ninth pass: 70 →
   * 0.624 / 0.717, 150 → 0.606 / 0.727). The sentence model stays pointwise: a listwise one (conditional logit
   * over a question's candidates, fitting.ts) ranked worse at every penalty, 0.1–100 → bbc 0.594–0.612, squad
   * 0.679–0.717 (docs/quality-ceiling.md, ninth pass).
   */
  iterations: number;
  l2: number;
  /**
   * Penalty of the sentence model of short-passage questions, fitted on them alone. Cross-validated squad-dev, first
   * citation gold / containment / false abstention: one model 245 / 238 / 9; own model l2 200 → 250 / 236 / 11, 300 →
   * 251 / 240 / 10, 500 → 251 / 241 / 9, 1000 → 249 / 242 / 9 (docs/quality-ceiling.md, seventh pass).
   */
  l2Passages: number;
  /**
   * The question-level models have ~250 (articles) and ~630 (passages) rows, not ~30,000: they need a stronger
   * penalty. Cross-validated, per-profile models (false abstention ≤ 0.05, no answers-lost ceiling), abstention on
   * unanswerable / false abstention, bbc and squad: 3 → 0.548 / 0.047 and 0.309 / 0.048; 10 → 0.532 / 0.029 and
   * 0.300 / 0.044; 30 → 0.548 / 0.047 and 0.294 / 0.044. 10 abstains as much for the fewest answers refused.
   */
  l2Answerable: number;
  /** A set takes part in choosing a profile's threshold when it has at least this many answerable questions of it. */
  minThresholdQuestions: number;
  /**
   * The short-answer model's penalty: a listwise model over the spans of each answer-holding sentence (which of
   * them is the answer), each question weighing one, calibrated over all spans. Cross-validated short match at
   * floor 0.2, bbc / squad / seeds: 0.1 → 0.418 / 0.130 / 0.643, 0.3 → 0.418 / 0.130 / 0.643, 1 → 0.418 / 0.126 /
   * 0.643; every sentence weighing one: 1 → 0.406 / 0.123 / 0.643, 3 → 0.412 / 0.119 / 0.643, 10 → 0.412 / 0.119
   * / 0.643, 30 → 0.412 / 0.113 / 0.643. (Pointwise, penalty 1: 0.406 / 0.096 / 0.571 at floor 0.3, 0.406 / 0.130 /
   * 0.571 at 0.2; ninth pass.)
   */
  l2Span: number;
  /** Per-set ceiling on false abstention when choosing the threshold. */
  maxFalseAbstention: number;
  /**
   * Per-set ceiling on the answers abstention loses: the share of answerable questions whose quotes would hold
   * the answer, refused. 0.03 is what the shared threshold of version 2 (0.36) cost squad-dev; cross-validated,
   * the passages' threshold goes from 0.28 (abstention on unanswerable 0.300, containment 0.754) to 0.24 (0.279,
   * 0.761; before 0.758); long articles' 0.46 loses 0.018 of bbc-dev and is unchanged.
   */
  maxAnswersLost: number;
  /**
   * Weight, in fitting a profile's answerable model, of an answerable question none of whose quotes (threshold
   * 0) holds the answer: its candidates look like an unanswerable question's, and labelled "answerable" they
   * teach the model that missing evidence is fine. Long articles learn without them (weight 0): cross-validated
   * bbc-dev abstention on unanswerable 0.581 → 0.581, mean of five fold splits 0.519 → 0.558; short passages
   * keep them (weight 0 there: squad-dev 0.303 → 0.294, mean of five splits 0.312 → 0.302).
   */
  missedAnswerWeight: PerProfile<number>;
}

export const DEFAULT_TRAIN: TrainOptions = {
  folds: 5, iterations: 25, l2: 100, l2Passages: 500, l2Answerable: 10, l2Span: 0.3, maxFalseAbstention: 0.05, maxAnswersLost: 0.03, minThresholdQuestions: 10,
  missedAnswerWeight: { articles: 0, passages: 1 },
};

export function holdsAnswer(q: EvalQuestion, source: string, text: string): boolean {
  if (!q.answerable) return false;
  if (q.sources.length && !q.sources.includes(source)) return false;
  const lower = text.toLowerCase();
  return q.answers.some((a) => lower.includes(a.toLowerCase()));
}

/**
 * Fold of a question: its first gold article (copies share a fold), else its id. Stable across runs. Split 0 is
 * the official assignment; split n > 0 salts the hash with n, another assignment grouped the same way.
 */
export function foldOf(t: TrainingQuestion, folds: number, split = 0): number {
  const key = `${split ? `split ${split}|` : ''}${t.set}:${t.q.sources[0] ?? t.q.id}`;
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % folds;
}

/**
 * Fit the sentence scorers on these questions' candidates (one on all, one on the short-passage questions alone), then an
 * answerable model per profile on the questions of that profile as they rank them (label: the articles answer it).
 */
export function fit(questions: readonly TrainingQuestion[], options: Pick<TrainOptions, 'l2' | 'l2Passages' | 'l2Answerable' | 'l2Span' | 'iterations' | 'missedAnswerWeight'>): Models {
  const fitSentence = (mine: readonly TrainingQuestion[], l2: number): SentenceModel => {
    const labels = mine.flatMap((t) => t.candidates.map((c) => (c.holds ? 1 : 0)));
    return { features: [...FEATURES], ...fitLogistic(mine.flatMap((t) => t.candidates.map((c) => c.x)), labels, { ...options, l2 }) };
  };
  const passages = questions.filter((t) => profileOfQuestion(t) === 'passages');
  const sentences: SentenceModels = { sentence: fitSentence(questions, options.l2), ...(passages.length ? { passageSentence: fitSentence(passages, options.l2Passages) } : {}) };
  const ranked = rankWith(questions, sentences);
  const fitAnswerable = (profile: Profile): SentenceModel => {
    // A profile no question has (a dev set of one kind only) gets the model of all questions.
    const own = ranked.filter((t) => profileOfQuestion(t) === profile);
    const mine = own.length ? own : ranked;
    // Each set weighs as much as the largest, so that the few seed questions are not drowned by bbc-dev's.
    const counts = new Map<string, number>();
    for (const t of mine) counts.set(t.set, (counts.get(t.set) ?? 0) + 1);
    const largest = Math.max(...counts.values());
    const missed = (t: TrainingQuestion) => t.q.answerable && !pick(t.candidates, 1, 0).some((c) => c.quoteHolds);
    const weight = (t: TrainingQuestion) => Math.min(largest / (counts.get(t.set) ?? 1), BALANCE_CAP) * (missed(t) ? options.missedAnswerWeight[profile] : 1);
    // A question of weight 0 is left out altogether (it would still move the features' standardisation).
    const used = mine.filter((t) => weight(t) > 0);
    const labels = used.map((t) => (t.q.answerable ? 1 : 0));
    return { features: [...PROFILE_FEATURES[profile]], ...fitLogistic(used.map((t) => questionRow(t, profile)), labels, { ...options, l2: options.l2Answerable }, used.map(weight)) };
  };
  const answerable = { articles: fitAnswerable('articles'), passages: fitAnswerable('passages') };
  // The short-answer model learns from the sentences that hold the answer which of their spans it is: a
  // choice among the sentence's spans (listwise), calibrated over all of them for the floor. Each question
  // weighs one in all, so that an answer repeated in many sentences does not outweigh the other questions.
  const groups = questions.flatMap((t) => {
    const holding = t.candidates.filter((c) => c.holds && c.spans.length);
    const withGold = holding.filter((c) => c.spans.some((s) => s.match)).length || 1;
    return holding.map((c) => ({ rows: c.spans.map((s) => s.x), labels: c.spans.map((s) => s.match), weight: 1 / withGold }));
  });
  const span = { features: [...SPAN_FEATURES], ...fitListwise(groups, { ...options, l2: options.l2Span }) };
  return { ...sentences, answerable, span };
}

/** A small set (the 17 seed questions) is not blown up to the size of the largest. */
const BALANCE_CAP = 4;

const questionRow = (t: TrainingQuestion, profile: Profile): number[] =>
  forProfile(profile, answerableFeatures(t.candidates, t.candidates.map((c) => c.x)));

function rankWith(questions: readonly TrainingQuestion[], m: SentenceModels): TrainingQuestion[] {
  return questions.map((t) => {
    const w = sentenceModelFor(m, profileOfQuestion(t));
    return { ...t, candidates: t.candidates.map((c) => ({ ...c, probability: probability(w, c.x) })).sort((a, b) => b.probability - a.probability) };
  });
}

export interface SetFigures {
  set: string;
  answerable: number;
  unanswerable: number;
  /** Best sentence holds the answer (no abstention), and the quotes do (with the threshold applied). */
  top1: number;
  containment: number;
  /** The short answer of the first quote is a gold answer (answered questions over all answerable). */
  shortMatch: number;
  falseAbstention: number;
  abstentionOnUnanswerable: number;
  /** Area under the ROC curve of P(answerable): the chance an answerable question scores above an unanswerable one. */
  auc: number;
}

/** Figures for one set with given probabilities (held-out ones for cross-validation) and thresholds per profile. */
export function setFigures(set: string, questions: readonly TrainingQuestion[], threshold: PerProfile<number>): SetFigures {
  const ans = questions.filter((t) => t.q.answerable);
  const un = questions.filter((t) => !t.q.answerable);
  const share = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : 0);
  const chosen = (t: TrainingQuestion) => pick(t.candidates, t.answerable ?? 1, threshold[profileOfQuestion(t)]);
  return {
    set,
    answerable: ans.length,
    unanswerable: un.length,
    top1: share(ans.filter((t) => t.candidates[0]?.holds).length, ans.length),
    containment: share(ans.filter((t) => chosen(t).some((c) => c.quoteHolds)).length, ans.length),
    shortMatch: share(ans.filter((t) => chosen(t).length > 0 && t.shortMatch).length, ans.length),
    falseAbstention: share(ans.filter((t) => chosen(t).length === 0).length, ans.length),
    abstentionOnUnanswerable: share(un.filter((t) => chosen(t).length === 0).length, un.length),
    auc: Math.round(auc(ans.map((t) => t.answerable ?? 0), un.map((t) => t.answerable ?? 0)) * 1000) / 1000,
  };
}

function auc(positive: readonly number[], negative: readonly number[]): number {
  let wins = 0;
  for (const p of positive) for (const n of negative) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return positive.length && negative.length ? wins / (positive.length * negative.length) : 0;
}

/** Re-score every question with the models: candidates most likely first, and P(answerable). */
export function rescore(questions: readonly TrainingQuestion[], m: Models): TrainingQuestion[] {
  return rankWith(questions, m).map((t) => {
    // The short answer as the engine picks it among the quotes it would show.
    const best = firstLikely(pick(t.candidates, 1, 0), (c) => c.spans, m.span)?.span;
    const profile = profileOfQuestion(t);
    return { ...t, answerable: probability(m.answerable[profile], questionRow(t, profile)), shortMatch: !!best?.match };
  });
}

/** Out-of-fold probabilities: each question scored by a model fitted without its fold (of this fold assignment). */
export function crossValidate(questions: readonly TrainingQuestion[], options: TrainOptions, split = 0): TrainingQuestion[] {
  const out: TrainingQuestion[] = [];
  for (let f = 0; f < options.folds; f++) {
    const test = questions.filter((t) => foldOf(t, options.folds, split) === f);
    const train = questions.filter((t) => foldOf(t, options.folds, split) !== f);
    out.push(...rescore(test, fit(train, options)));
  }
  return out;
}
