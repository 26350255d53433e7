// The learning method of the answer step on real candidates: the seed articles ingested, every seeds-dev
// question run through the real answer step as `npm run train` runs it, the models fitted (the short-answer
// model listwise, a softmax over each answer-holding sentence's spans, calibrated into probabilities), and
// the fitted weights then answering through the real engine.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spanCandidates } from '../src/answer/highlight.js';
import { probability } from '../src/answer/linear.js';
import { neutralWeights, WEIGHTS_VERSION, type Weights } from '../src/answer/scorer.js';
import { DEFAULT_TRAIN, fit, trainingCandidate, type TrainingQuestion } from '../src/answer/train.js';
import { TUNING } from '../src/answer/tuning.js';
import { createEmbedder, LOCAL_MODEL_ID, type LoadedEmbedder } from '../src/embed.js';
import { DEFAULT_TUNING, openEngine } from '../src/engine.js';
import { readQuestions } from '../src/evaluate.js';
import { ingestCorpus } from '../src/ingest.js';

let dir: string;
let embedder: LoadedEmbedder;
const questions: TrainingQuestion[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ranking-'));
  embedder = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: '.cache/models' });
  await ingestCorpus({ corpusDir: 'seeds', indexDir: dir, embedder });
  // As `npm run train` does: features do not depend on the weights, and no question is abstained on.
  const engine = await openEngine(dir, embedder, { ...DEFAULT_TUNING, threshold: 0 }, neutralWeights());
  for (const q of await readQuestions('test/seeds-dev.jsonl')) {
    const { step } = await engine.askTraced(q.question);
    questions.push({ set: 'seeds', q, candidates: step.scored.map((c, i) => trainingCandidate(q, step.qf, c, step.features[i] ?? [])) });
  }
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the short-answer model, fitted listwise on real candidates', () => {
  it('ranks a gold span first in the answer-holding sentences more often than the order the spans come in', () => {
    const models = fit(questions, DEFAULT_TRAIN);
    const sentences = questions.flatMap((t) => t.candidates.filter((c) => c.holds && c.spans.some((s) => s.match)));
    expect(sentences.length).toBeGreaterThan(5);
    const firstIsGold = (scores: number[], spans: { match: boolean }[]) => spans[scores.indexOf(Math.max(...scores))]?.match === true;
    const byModel = sentences.filter((c) => firstIsGold(c.spans.map((s) => probability(models.span, s.x)), c.spans)).length;
    const byOrder = sentences.filter((c) => c.spans[0]?.match).length;
    expect(byModel).toBeGreaterThan(byOrder);
    expect(byModel).toBeGreaterThan(sentences.length / 2);
  });

  it('turns its scores into calibrated probabilities: over the rows it was fitted on, they average the share of gold spans', () => {
    const models = fit(questions, DEFAULT_TRAIN);
    const rows = questions.flatMap((t) => t.candidates.filter((c) => c.holds && c.spans.length).flatMap((c) => c.spans));
    const mean = rows.reduce((a, s) => a + probability(models.span, s.x), 0) / rows.length;
    const share = rows.filter((s) => s.match).length / rows.length;
    expect(Math.abs(mean - share)).toBeLessThan(0.01);
    for (const s of rows) expect(probability(models.span, s.x)).toBeGreaterThan(0);
  });

  it('answers through the real engine with the fitted weights: bold spans above the floor, verbatim inside the first quote', async () => {
    const models = fit(questions, DEFAULT_TRAIN);
    const weights: Weights = { version: WEIGHTS_VERSION, trainedAt: 'test', ...models, threshold: { articles: 0.01, passages: 0.01 } };
    const engine = await openEngine(dir, embedder, DEFAULT_TUNING, weights);
    let bold = 0;
    for (const t of questions.filter((q) => q.q.answerable)) {
      const { answer, step } = await engine.askTraced(t.q.question);
      const first = answer.citations[0];
      if (!first?.short) continue;
      bold++;
      expect(first.quote).toContain(first.short.text);
      expect(first.short.start).toBeGreaterThanOrEqual(first.start);
      expect(first.short.end).toBeLessThanOrEqual(first.end);
      expect(step.short?.text).toBe(first.short.text);
      // The bold span is the likeliest of the first quote's sentence's spans, and beats the floor.
      const scored = spanCandidates(step.qf, step.chosen[0]!).map(({ span, x }) => ({ span, p: probability(models.span, x) }));
      const top = Math.max(...scored.map((s) => s.p));
      const shown = scored.find((s) => s.span.start === first.short!.start && s.span.end === first.short!.end);
      expect(shown?.p).toBe(top);
      expect(top).toBeGreaterThan(TUNING.shortFloor);
    }
    expect(bold).toBeGreaterThan(0);
  });
});
