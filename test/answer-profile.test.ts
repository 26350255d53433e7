// Abstention by the kind of documents, through the real engine on one mixed index: 39 short Wikipedia
// paragraphs (squad-dev's Normans) beside 30 long BBC business articles (copied into a temporary folder,
// never into the repo). Each question is judged by the sentence model, the answerable model and the threshold
// of the documents its candidates come from, whatever else the index holds; every candidate carries how much of
// the question its article's candidate sentences cover together.
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWERABLE_FEATURES, answerableFeatures, forProfile, PROFILE_FEATURES } from '../src/answer/abstain.js';
import { FEATURES } from '../src/answer/features.js';
import { probability } from '../src/answer/linear.js';
import { loadWeights, sentenceModelFor } from '../src/answer/scorer.js';
import { createEmbedder, LOCAL_MODEL_ID } from '../src/embed.js';
import { openEngine, type LoadedEngine } from '../src/engine.js';
import { ingestCorpus } from '../src/ingest.js';

const SHARED = path.resolve('..', 'shared');
let dir: string;
let engine: LoadedEngine;

async function copyAll(from: string, to: string, keep: (file: string) => boolean): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const f of (await readdir(from)).filter(keep)) await copyFile(path.join(from, f), path.join(to, f));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'answer-profile-'));
  await copyAll(path.join(SHARED, 'eval', 'squad-dev', 'corpus'), path.join(dir, 'corpus', 'wiki'), (f) => f.startsWith('normans-'));
  const business = (await readdir(path.join(SHARED, 'corpora', 'bbc', 'business'))).sort().slice(0, 30);
  await copyAll(path.join(SHARED, 'corpora', 'bbc', 'business'), path.join(dir, 'corpus', 'news'), (f) => business.includes(f));
  const embedder = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: '.cache/models' });
  await ingestCorpus({ corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'index'), embedder });
  engine = await openEngine(path.join(dir, 'index'), embedder);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('abstention keyed by the candidates\' documents, in one mixed index', () => {
  it.each([
    ['which viking leader agreed to swear fealty to the king of west francia', 'passages', 'wiki/'],
    ['how much did quarterly profits at time warner rise', 'articles', 'news/'],
  ] as const)('%s → %s', async (question, profile, folder) => {
    const { step, answer } = await engine.askTraced(question);
    expect(step.scored[0]?.source.startsWith(folder)).toBe(true);
    expect(step.profile).toBe(profile);
    // The profile's own model and threshold decide.
    expect(step.threshold).toBe(engine.weights.threshold[profile]);
    expect(step.answerable).toBeCloseTo(probability(engine.weights.answerable[profile], step.answerableFeatures), 12);
    // The profile's model reads its own features: short passages also whether the best sentence holds an entity of the kind asked.
    const all = answerableFeatures(step.scored, step.features);
    expect(step.answerableFeatures).toEqual(forProfile(profile, all));
    expect(step.answerableFeatures.length).toBe(PROFILE_FEATURES[profile].length);
    expect(all[ANSWERABLE_FEATURES.indexOf('typeMatchNameBest')]).toBe(step.features[0]?.[FEATURES.indexOf('typeMatchName')]);
    expect(answer.abstained).toBe(step.answerable < step.threshold);
    expect(answer.abstained).toBe(false);
  });

  it('a threshold given to the engine applies to every profile', async () => {
    const strict = engine.withTuning({ ...engine.tuning, threshold: 1 });
    for (const question of ['which viking leader agreed to swear fealty to the king of west francia', 'how much did quarterly profits at time warner rise']) {
      const { step, answer } = await strict.askTraced(question);
      expect(step.threshold).toBe(1);
      expect(answer.abstained).toBe(true);
    }
  });
});

const col = (name: (typeof FEATURES)[number]) => FEATURES.indexOf(name);

describe('the sentence model of the candidates\' documents', () => {
  it('the committed weights hold a sentence model for short passages, on today\'s features', () => {
    expect(engine.weights.passageSentence?.features).toEqual([...FEATURES]);
    expect(engine.weights.passageSentence?.weights).not.toEqual(engine.weights.sentence.weights);
  });

  it.each([
    ['which viking leader agreed to swear fealty to the king of west francia', 'passages', 'wiki/'],
    ['how much did quarterly profits at time warner rise', 'articles', 'news/'],
  ] as const)('%s → scored by the %s model', async (question, profile, folder) => {
    const { step, answer } = await engine.askTraced(question);
    expect(step.profile).toBe(profile);
    expect(step.scored[0]?.source.startsWith(folder)).toBe(true);
    const model = sentenceModelFor(engine.weights, profile);
    expect(model).toBe(profile === 'passages' ? engine.weights.passageSentence : engine.weights.sentence);
    step.scored.forEach((s, i) => expect(s.probability).toBeCloseTo(probability(model, step.features[i] ?? []), 12));
    // The first quote is the likeliest sentence under that model.
    expect(answer.citations[0]?.source).toBe(step.scored[0]?.source);
  });

  it('a weights file without the passages model scores every question with the shared one', async () => {
    const file = path.join(dir, 'weights-without-passages.json');
    const { passageSentence: _dropped, ...rest } = loadWeights();
    await writeFile(file, JSON.stringify(rest));
    const older = loadWeights(file);
    expect(older.passageSentence).toBeUndefined();
    expect(sentenceModelFor(older, 'passages')).toBe(older.sentence);
    expect(sentenceModelFor(older, 'articles')).toBe(older.sentence);
  });
});

describe('passage coverage: the question covered by a sentence\'s article as a whole', () => {
  it('is one value per article, at least what any of its sentences or its title covers, and differs between articles', async () => {
    const { step } = await engine.askTraced('who was the duke in the battle of hastings');
    const [passage, soft, title] = [col('passageCoverSoft'), col('coverSoft'), col('coverTitle')];
    const perArticle = new Map<string, Set<number>>();
    step.scored.forEach((s, i) => {
      const x = step.features[i] ?? [];
      perArticle.set(s.source, (perArticle.get(s.source) ?? new Set()).add(x[passage] ?? NaN));
      expect(x[passage]).toBeGreaterThanOrEqual((x[soft] ?? 0) - 1e-12);
      expect(x[passage]).toBeGreaterThanOrEqual((x[title] ?? 0) - 1e-12);
      expect(x[passage]).toBeLessThanOrEqual(1 + 1e-12);
    });
    expect(perArticle.size).toBeGreaterThan(1);
    for (const values of perArticle.values()) expect(values.size).toBe(1);
    expect(new Set([...perArticle.values()].flatMap((v) => [...v])).size).toBeGreaterThan(1);
    // Sentences that share no question word still carry their article's coverage.
    expect(step.scored.some((s, i) => (step.features[i]?.[soft] ?? 0) === 0 && (step.features[i]?.[passage] ?? 0) > 0)).toBe(true);
  });
});
