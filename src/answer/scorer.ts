// The weights file of the learned models (linear.ts): P(this sentence holds the answer) over a
// candidate's features, P(the articles answer this question) over the best candidates' features, which
// decides abstention, and P(this entity is the short answer). Fitted by `npm run train` (train.ts).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FEATURES } from './features.js';
import { PROFILE_FEATURES, PROFILES, type PerProfile, type Profile } from './abstain.js';
import { SPAN_FEATURES } from './highlight.js';

const linear = z.object({
  features: z.array(z.string()),
  mean: z.array(z.number()),
  std: z.array(z.number()),
  weights: z.array(z.number()),
  bias: z.number(),
});
/** A linear model with the names of its features (what the weights file stores). */
export type SentenceModel = z.infer<typeof linear>;

/** The shape of today's file: version 3 has an answerable model and a threshold per profile. */
export const WEIGHTS_VERSION = 3;

const weightsSchema = z.object({
  version: z.literal(WEIGHTS_VERSION),
  trainedAt: z.string(),
  sentence: linear,
  /** P(this sentence holds the answer) for questions answered from short passages (abstain.ts, profileOf),
   *  fitted on those questions alone; absent, `sentence` serves them too. */
  passageSentence: linear.optional(),
  /** P(the articles answer the question), one model per profile of the candidates' articles (abstain.ts). */
  answerable: z.object({ articles: linear, passages: linear }),
  /** P(this entity is the short answer), over the entities of the first quote. */
  span: linear,
  /** Abstain when P(answerable) is below the threshold of the question's profile. */
  threshold: z.object({ articles: z.number(), passages: z.number() }),
  /** Cross-validated figures of these models, as `npm run train` printed them. */
  cv: z.record(z.string(), z.unknown()).optional(),
});
export type Weights = z.infer<typeof weightsSchema>;

export const WEIGHTS_FILE = new URL('./weights.json', import.meta.url);

/** Read and check a weights file: its features must be exactly today's, in order. */
export function loadWeights(file: URL | string = WEIGHTS_FILE): Weights {
  const parsed = weightsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${String(file)}: not a weights file (${parsed.error.issues[0]?.message ?? 'invalid'}); rebuild it with \`npm run train\``);
  const w = parsed.data;
  const same = (a: readonly string[], b: readonly string[]) => a.join(',') === b.join(',');
  const answerableSame = PROFILES.every((p) => same(w.answerable[p].features, PROFILE_FEATURES[p]));
  const sentenceSame = same(w.sentence.features, FEATURES) && (!w.passageSentence || same(w.passageSentence.features, FEATURES));
  if (!sentenceSame || !answerableSame || !same(w.span.features, SPAN_FEATURES)) {
    throw new Error(`${String(file)} was trained on other features; rebuild it with \`npm run train\``);
  }
  return w;
}

/** The sentence models: one for every question, and optionally one for questions answered from short passages. */
export type SentenceModels = Pick<Weights, 'sentence' | 'passageSentence'>;

/** The sentence model that judges a question's candidates, by the kind of documents they come from. */
export const sentenceModelFor = (m: SentenceModels, profile: Profile): SentenceModel =>
  (profile === 'passages' ? m.passageSentence : undefined) ?? m.sentence;

const neutral = (features: readonly string[]): SentenceModel => ({
  features: [...features], mean: features.map(() => 0), std: features.map(() => 1), weights: features.map(() => 0), bias: 0,
});

/** One value for every profile. */
export const everyProfile = <T>(make: () => T): PerProfile<T> => ({ articles: make(), passages: make() });

/** Weights that score everything alike: what `npm run train` starts from when the file is outdated. */
export function neutralWeights(): Weights {
  return {
    version: WEIGHTS_VERSION, trainedAt: 'neutral', sentence: neutral(FEATURES), answerable: { articles: neutral(PROFILE_FEATURES.articles), passages: neutral(PROFILE_FEATURES.passages) },
    span: neutral(SPAN_FEATURES), threshold: everyProfile(() => 0),
  };
}
