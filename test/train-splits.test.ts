// Cross-validation over several fold assignments (`npm run train -- --splits N`): how questions are put in
// folds for each split, and the summary over splits, on made-up questions whose articles are known.
import { describe, expect, it } from 'vitest';
import { splitFigures, summarise, SPREAD_FIGURES } from '../src/answer/splits.js';
import { FEATURES } from '../src/answer/features.js';
import { SPAN_FEATURES } from '../src/answer/highlight.js';
import { DEFAULT_TRAIN, foldOf, type TrainingQuestion } from '../src/answer/train.js';

// 60 articles with 1–4 questions each in two sets, and 20 questions with no gold article (unanswerable ones).
const question = (set: string, id: string, sources: string[], answerable: boolean, p: number): TrainingQuestion => ({
  set,
  q: { id, question: 'q', answerable, answers: answerable ? ['x'] : [], sources },
  // Two candidates; the first covers more of the question when it holds the answer (p adds noise).
  candidates: [0, 1].map((i) => {
    const cover = (answerable && i === 0 ? 0.5 : 0.1) + p / 2;
    return {
      x: FEATURES.map((f, j) => (f === 'cover' || f === 'coverWindow' ? cover : j % 3 === 0 ? (p * (j + 1)) % 1 : 0)),
      probability: 0.5, source: sources[0] ?? `${id}.txt`, chunkRank: i, articleRank: i, start: 0, end: 1, quoteStart: 0, text: 'x',
      holds: answerable && i === 0, quoteHolds: answerable && i === 0, articleChars: 2500,
      spans: [0, 1].map((k) => ({ x: SPAN_FEATURES.map((_, j) => (j === 0 ? k + p / 3 : 0)), match: answerable && k === 1 })),
    };
  }),
});
const questions: TrainingQuestion[] = [
  ...Array.from({ length: 60 }, (_, a) =>
    Array.from({ length: 1 + (a % 4) }, (_, k) => question(a % 2 ? 'news' : 'wiki', `a${a}-${k}`, [`article-${a}.txt`], true, ((a * 13 + k * 5) % 17) / 17)),
  ).flat(),
  ...Array.from({ length: 20 }, (_, i) => question(i % 2 ? 'news' : 'wiki', `u${i}`, [], false, ((i * 11) % 19) / 19)),
];
const FOLDS = 5;
const SPLITS = 5;

describe('fold assignments for cross-validation over several splits', () => {
  it('puts every question in exactly one fold of each split, the questions of one article together', () => {
    for (let split = 0; split < SPLITS; split++) {
      const folds = questions.map((t) => foldOf(t, FOLDS, split));
      // Exactly one fold each, within range, and every fold used.
      for (const f of folds) expect(Number.isInteger(f) && f >= 0 && f < FOLDS).toBe(true);
      expect(new Set(folds).size).toBe(FOLDS);
      const byFold = Array.from({ length: FOLDS }, (_, f) => questions.filter((t) => foldOf(t, FOLDS, split) === f));
      expect(byFold.reduce((n, qs) => n + qs.length, 0)).toBe(questions.length);
      // Grouped by article: an article's questions never straddle two folds.
      const foldOfArticle = new Map<string, Set<number>>();
      questions.forEach((t, i) => {
        const key = `${t.set}:${t.q.sources[0] ?? t.q.id}`;
        foldOfArticle.set(key, (foldOfArticle.get(key) ?? new Set()).add(folds[i] ?? -1));
      });
      for (const used of foldOfArticle.values()) expect(used.size).toBe(1);
    }
  });

  it('is deterministic, and each split assigns folds differently from the others', () => {
    const assignments = Array.from({ length: SPLITS }, (_, split) => questions.map((t) => foldOf(t, FOLDS, split)));
    // The same split gives the same folds again, and split 0 is the default (the official assignment).
    expect(Array.from({ length: SPLITS }, (_, split) => questions.map((t) => foldOf(t, FOLDS, split)))).toEqual(assignments);
    expect(questions.map((t) => foldOf(t, FOLDS))).toEqual(assignments[0]);
    // Any two splits disagree on where many questions go (a reshuffle, not a relabelling of the same folds).
    for (let a = 0; a < SPLITS; a++)
      for (let b = a + 1; b < SPLITS; b++) {
        const same = (i: number, j: number, s: number[]) => s[i] === s[j];
        const [sa = [], sb = []] = [assignments[a], assignments[b]];
        let differ = 0;
        for (let i = 0; i < questions.length; i++) for (let j = i + 1; j < questions.length; j++) if (same(i, j, sa) !== same(i, j, sb)) differ++;
        expect(differ).toBeGreaterThan(questions.length);
      }
  });

  it('summarises every split\'s own cross-validated figures and thresholds as mean and min–max', () => {
    const sets = ['news', 'wiki'];
    const all = Array.from({ length: 3 }, (_, split) => splitFigures(questions, sets, DEFAULT_TRAIN, split));
    expect(all.map((s) => s.split)).toEqual([0, 1, 2]);
    const summary = summarise(all);
    expect(summary.sets.map((s) => s.set)).toEqual(sets);
    for (const { set, figures } of summary.sets)
      for (const k of SPREAD_FIGURES) {
        const values = all.map((s) => s.figures.find((f) => f.set === set)?.[k] ?? NaN);
        expect(figures[k].min).toBe(Math.min(...values));
        expect(figures[k].max).toBe(Math.max(...values));
        expect(figures[k].mean).toBeGreaterThanOrEqual(figures[k].min);
        expect(figures[k].mean).toBeLessThanOrEqual(figures[k].max);
      }
    expect(summary.threshold.articles.min).toBe(Math.min(...all.map((s) => s.threshold.articles)));
  });
});
