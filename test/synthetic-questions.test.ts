// Synthetic questions for the short-answer model (synthetic.ts, synthetic-set.ts): made from real BBC sentences
// (../shared/corpora/bbc, read in place), each asking with the wh-phrase of the entity it removed; then fitted
// through the real training (the seed articles ingested, their dev questions run through the real answer step)
// into the long-article span model, which the real engine reads for questions answered from articles.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shortAnswer, spanCandidates } from '../src/answer/highlight.js';
import { probability, type LinearModel } from '../src/answer/linear.js';
import { analyseQuestion } from '../src/answer/question.js';
import { neutralWeights, WEIGHTS_VERSION, type Weights } from '../src/answer/scorer.js';
import { DEFAULT_SYNTHETIC, readSyntheticQuestions, syntheticGroups } from '../src/answer/synthetic-set.js';
import { syntheticQuestions, type SyntheticQuestion } from '../src/answer/synthetic.js';
import { DEFAULT_TRAIN, fit, type TrainingQuestion } from '../src/answer/train.js';
import { createEmbedder, LOCAL_MODEL_ID, type LoadedEmbedder } from '../src/embed.js';
import { DEFAULT_TUNING, openEngine } from '../src/engine.js';
import { article, BBC } from './support/bbc-sentences.js';
import { seedTrainingQuestions } from './support/seed-training.js';

/** One article of each BBC section. */
const SOURCES = ['business/010.txt', 'entertainment/020.txt', 'politics/030.txt', 'sport/040.txt', 'tech/050.txt'];
/** The wh-phrase that asks for each entity type. */
const ASKS: Record<string, RegExp> = {
  person: /\bwho\b/, organisation: /\b(which organisation|what company|which firm|which group)\b/, place: /\b(where|which place)\b/,
  number: /\bhow many\b/, money: /\bhow much\b/, percent: /\bwhat percentage\b/, date: /\bwhen\b/, time: /\bwhat time\b/,
  duration: /\bhow long\b/, ordinal: /\bwhat position\b/,
};
const options = { seed: 1, perArticle: 8, gap: DEFAULT_SYNTHETIC.gap };
const answerOf = (s: SyntheticQuestion) => s.article.text.slice(s.answer.start, s.answer.end);

describe('synthetic questions from BBC sentences', () => {
  it('remove a verbatim entity of the sentence and ask for it with the wh-phrase of its type', async () => {
    const made = (await Promise.all(SOURCES.map(article))).flatMap((a) => syntheticQuestions(a, options));
    expect(made.length).toBeGreaterThan(20);
    expect(new Set(made.map((s) => s.answer.type)).size).toBeGreaterThan(3);
    for (const s of made) {
      const sentence = s.article.text.slice(s.sentence.start, s.sentence.end);
      expect(s.answer.start).toBeGreaterThanOrEqual(s.sentence.start);
      expect(s.answer.end).toBeLessThanOrEqual(s.sentence.end);
      expect(sentence).toContain(answerOf(s));
      expect(s.question.toLowerCase()).not.toContain(answerOf(s).toLowerCase());
      expect(s.question.toLowerCase()).toMatch(ASKS[s.answer.type] as RegExp);
      expect(analyseQuestion(s.question).expects).toContain(s.answer.type);
    }
  });

  it('are the same for the same seed and differ for another', async () => {
    const a = await article('sport/040.txt');
    const once = syntheticQuestions(a, options).map((s) => [s.question, s.answer.start]);
    expect(syntheticQuestions(a, options).map((s) => [s.question, s.answer.start])).toEqual(once);
    expect(syntheticQuestions(a, { ...options, seed: 2 }).map((s) => [s.question, s.answer.start])).not.toEqual(once);
  });

  it('leave out the cited articles and their copies, and become span groups whose right span is the removed entity', async () => {
    const exclude = new Set(SOURCES);
    const made = await readSyntheticQuestions(BBC, { ...options, size: 60, exclude });
    expect(made).toHaveLength(60);
    const titles = new Set(await Promise.all(SOURCES.map(async (s) => (await article(s)).title)));
    for (const s of made) {
      expect(exclude.has(s.article.source)).toBe(false);
      expect(titles.has(s.article.title)).toBe(false);
    }
    const groups = syntheticGroups(made, 0.1);
    expect(groups.length).toBeGreaterThan(50);
    for (const g of groups) {
      expect(g.weight).toBe(0.1);
      expect(g.calibrate).toBe(false);
      expect(g.labels.some(Boolean) && g.labels.some((l) => !l)).toBe(true);
    }
  }, 60_000);
});

let dir: string;
let embedder: LoadedEmbedder;
const questions: TrainingQuestion[] = [];
let synthetic: SyntheticQuestion[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'synthetic-'));
  embedder = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: '.cache/models' });
  questions.push(...(await seedTrainingQuestions(dir, embedder)));
  synthetic = await readSyntheticQuestions(BBC, { ...options, size: 400, exclude: new Set() });
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the long-article span model, fitted with synthetic questions', () => {
  /** Share of synthetic questions whose removed entity is the model's top span. */
  const topIsGold = (model: LinearModel, held: readonly SyntheticQuestion[]) =>
    syntheticGroups(held, 1).filter((g) => {
      const p = g.rows.map((x) => probability(model, x));
      return g.labels[p.indexOf(Math.max(...p))];
    }).length / held.length;

  it('learns from them (held-out synthetic questions ranked better) and leaves the model of the other questions as it was', () => {
    const plain = fit(questions, DEFAULT_TRAIN);
    const models = fit(questions, { ...DEFAULT_TRAIN, spanExtra: syntheticGroups(synthetic.slice(0, 300), DEFAULT_SYNTHETIC.weight) });
    expect(plain.articleSpan).toBeUndefined();
    expect(models.articleSpan?.weights).not.toEqual(models.span.weights);
    expect(models.span).toEqual(plain.span);
    expect(topIsGold(models.articleSpan as LinearModel, synthetic.slice(300))).toBeGreaterThan(topIsGold(plain.span, synthetic.slice(300)));
  });

  it('is the one the real engine bolds with for questions answered from articles', async () => {
    const models = fit(questions, { ...DEFAULT_TRAIN, spanExtra: syntheticGroups(synthetic, DEFAULT_SYNTHETIC.weight) });
    // The model for other questions scores every span alike, so it would bold other spans than the fitted one.
    const other = neutralWeights().span;
    const weights: Weights = { version: WEIGHTS_VERSION, trainedAt: 'test', ...models, span: other, threshold: { articles: 0.01, passages: 0.01 } };
    const engine = await openEngine(dir, embedder, DEFAULT_TUNING, weights);
    let bold = 0;
    let differs = 0;
    for (const t of questions.filter((q) => q.q.answerable)) {
      const { answer, step } = await engine.askTraced(t.q.question);
      expect(step.profile).toBe('articles');
      const expected = shortAnswer(step.qf, step.chosen, models.articleSpan as LinearModel)?.short;
      expect(step.short?.text).toBe(expected?.text);
      if (shortAnswer(step.qf, step.chosen, other)?.short.text !== expected?.text) differs++;
      const first = answer.citations.find((c) => c.short);
      if (!first?.short) continue;
      bold++;
      expect(first.quote).toContain(first.short.text);
      // The bold span is one of its sentence's real candidates.
      expect(step.chosen.some((c) => spanCandidates(step.qf, c).some(({ span }) => span.start === first.short?.start && span.end === first.short?.end))).toBe(true);
    }
    expect(bold).toBeGreaterThan(0);
    expect(differs).toBeGreaterThan(0);
  });
});
