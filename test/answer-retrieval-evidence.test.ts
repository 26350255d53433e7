// Retrieval's opinion reaches the sentence model as scores, not ranks, through the real engine on squad-dev's
// 87 Wikipedia paragraphs (read from ../shared, indexed in a temporary folder). Neighbouring paragraphs of one
// article are often near-tied in retrieval; the paragraph ranked second must still be quoted when its sentence
// answers the question, and the ranks are left to abstention.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWERABLE_FEATURES } from '../src/answer/abstain.js';
import { FEATURES } from '../src/answer/features.js';
import { TUNING } from '../src/answer/tuning.js';
import { createEmbedder, LOCAL_MODEL_ID } from '../src/embed.js';
import { openEngine, type LoadedEngine } from '../src/engine.js';
import { ingestCorpus } from '../src/ingest.js';

const CORPUS = path.resolve('..', 'shared', 'eval', 'squad-dev', 'corpus');
let dir: string;
let engine: LoadedEngine;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'answer-retrieval-'));
  const embedder = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: '.cache/models' });
  await ingestCorpus({ corpusDir: CORPUS, indexDir: dir, embedder });
  engine = await openEngine(dir, embedder);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('retrieval evidence in the sentence model', () => {
  it('reads no retrieval rank, only the chunk\'s and the article\'s scores', () => {
    expect(FEATURES).toContain('chunkScore');
    expect(FEATURES).toContain('articleScore');
    expect(FEATURES.filter((f) => /rank/i.test(f))).toEqual([]);
  });

  it('gives every candidate its article\'s best score among the chunks read, over the best chunk\'s', async () => {
    const { step, ranked } = await engine.askTraced('How can function problems typically be restated?');
    const read = ranked.slice(0, TUNING.candidateChunks);
    const best = read[0]!.score;
    expect(step.scored.length).toBeGreaterThan(3);
    for (const c of step.scored) {
      const own = Math.max(...read.filter((r) => r.chunk.source === c.source).map((r) => r.score));
      expect(c.articleScore).toBeCloseTo(own / best, 12);
      expect(c.chunkScore).toBeLessThanOrEqual(c.articleScore);
    }
  });

  it.each([
    ['How can function problems typically be restated?', 'as decision problems'],
    ['Who was Margaret\'s brother?', 'Edgar'],
  ])('quotes the near-tied paragraph retrieval put second when it holds the answer: %s', async (question, answer) => {
    const { step, ranked, answer: reply } = await engine.askTraced(question);
    const cited = reply.citations[0];
    expect(reply.abstained).toBe(false);
    expect(cited?.quote).toContain(answer);
    // Retrieval ranked another paragraph first, by a small margin.
    expect(ranked[0]?.chunk.source).not.toBe(cited?.source);
    const first = step.scored[0]!;
    expect(first.source).toBe(cited?.source);
    expect(first.articleRank).toBeGreaterThan(0);
    expect(first.articleScore).toBeGreaterThan(0.9);
    // The ranks inform abstention instead: the best sentence's, as 1 / (1 + rank).
    expect(step.answerableFeatures[ANSWERABLE_FEATURES.indexOf('articleRankBest')]).toBe(1 / (1 + first.articleRank));
    expect(step.answerableFeatures[ANSWERABLE_FEATURES.indexOf('chunkRankBest')]).toBe(1 / (1 + first.chunkRank));
  });
});
