// Cross-validation over several fold assignments (`npm run train -- --splits N`). One assignment is noisy:
// bbc-dev abstention on unanswerable questions is 0.565 on the official split but 0.484–0.565 (mean 0.513) over
// five grouped the same way (main dc84b47), so a change is better judged by the mean (and range) over several.
import type { PerProfile } from './abstain.js';
import { chooseThreshold } from './threshold.js';
import { crossValidate, setFigures, type SetFigures, type TrainingQuestion, type TrainOptions } from './train.js';

/** One fold assignment's cross-validated figures, with the thresholds it chose on its own held-out probabilities. */
export interface SplitFigures {
  split: number;
  threshold: PerProfile<number>;
  figures: SetFigures[];
}

/** Cross-validate on fold assignment `split` (0: the official one) and choose its thresholds, as `train` does. */
export function splitFigures(questions: readonly TrainingQuestion[], sets: readonly string[], options: TrainOptions, split = 0): SplitFigures {
  const heldOut = crossValidate(questions, options, split);
  const threshold = chooseThreshold(heldOut, sets, options);
  return { split, threshold, figures: sets.map((s) => setFigures(s, heldOut.filter((q) => q.set === s), threshold)) };
}

/** The figures summarised over splits. */
export const SPREAD_FIGURES = ['top1', 'containment', 'shortMatch', 'falseAbstention', 'abstentionOnUnanswerable', 'auc'] as const;
export type SpreadFigure = (typeof SPREAD_FIGURES)[number];

export interface Spread {
  mean: number;
  min: number;
  max: number;
}

/** Mean, min and max of one set's figures (and of the thresholds) over the splits. */
export interface SetSpread {
  set: string;
  figures: Record<SpreadFigure, Spread>;
}

const spread = (values: readonly number[]): Spread => ({
  mean: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1000) / 1000,
  min: Math.min(...values),
  max: Math.max(...values),
});

export function summarise(splits: readonly SplitFigures[]): { sets: SetSpread[]; threshold: PerProfile<Spread> } {
  const sets = (splits[0]?.figures ?? []).map(({ set }) => {
    const mine = splits.map((s) => s.figures.find((f) => f.set === set)).filter((f): f is SetFigures => !!f);
    return { set, figures: Object.fromEntries(SPREAD_FIGURES.map((k) => [k, spread(mine.map((f) => f[k]))])) as Record<SpreadFigure, Spread> };
  });
  return { sets, threshold: { articles: spread(splits.map((s) => s.threshold.articles)), passages: spread(splits.map((s) => s.threshold.passages)) } };
}
