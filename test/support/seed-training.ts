// The seed articles ingested and every seeds-dev question run through the real answer step, as `npm run train`
// runs it (features do not depend on the weights, and no question is abstained on): training questions for tests.
import { neutralWeights } from '../../src/answer/scorer.js';
import { trainingCandidate, type TrainingQuestion } from '../../src/answer/train.js';
import { DEFAULT_TUNING, openEngine } from '../../src/engine.js';
import { readQuestions } from '../../src/evaluate.js';
import { ingestCorpus } from '../../src/ingest.js';
import type { Embedder } from '../../src/types.js';

export async function seedTrainingQuestions(indexDir: string, embedder: Embedder): Promise<TrainingQuestion[]> {
  await ingestCorpus({ corpusDir: 'seeds', indexDir, embedder });
  const engine = await openEngine(indexDir, embedder, { ...DEFAULT_TUNING, threshold: 0 }, neutralWeights());
  const questions: TrainingQuestion[] = [];
  for (const q of await readQuestions('test/seeds-dev.jsonl')) {
    const { step } = await engine.askTraced(q.question);
    questions.push({ set: 'seeds', q, candidates: step.scored.map((c, i) => trainingCandidate(q, step.qf, c, step.features[i] ?? [])) });
  }
  return questions;
}
