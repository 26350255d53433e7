// npm run train [-- --out FILE] [--folds N] [--l2 X] [--cache FILE] [--splits N]
// Rebuilds the answer scorer's weights from the dev sets: each corpus is ingested into a temporary index,
// every question goes through the real answer step, and a logistic regression is fitted on the candidate
// sentences. Prints cross-validated figures (folds grouped by article), then writes the weights file.
// --splits N (default 1) also cross-validates on N fold assignments (the official one and N−1 others, each
// choosing its own thresholds) and prints each figure's mean and min–max: one split is noisy. The weights
// written do not depend on it.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { neutralWeights, WEIGHTS_FILE, WEIGHTS_VERSION, type Weights } from '../answer/scorer.js';
import { splitFigures, summarise, type Spread } from '../answer/splits.js';
import { profileShares } from '../answer/threshold.js';
import { DEFAULT_TRAIN, fit, rescore, setFigures, trainingCandidate, type SetFigures, type TrainingQuestion } from '../answer/train.js';
import { loadEmbedder } from '../app.js';
import { loadConfig } from '../config.js';
import { DEFAULT_TUNING, openEngine } from '../engine.js';
import { appError } from '../errors.js';
import { readQuestions } from '../evaluate.js';
import { ingestCorpus } from '../ingest.js';
import { createLogger } from '../log.js';
import { main } from './cli.js';

const SHARED = path.resolve('..', 'shared');
/** The dev sets: name, questions, corpus. */
const SETS: [string, string, string][] = [
  ['bbc', path.join(SHARED, 'eval', 'bbc-dev.jsonl'), path.join(SHARED, 'corpora', 'bbc')],
  ['squad', path.join(SHARED, 'eval', 'squad-dev', 'questions.jsonl'), path.join(SHARED, 'eval', 'squad-dev', 'corpus')],
  ['seeds', 'test/seeds-dev.jsonl', 'seeds'],
];

const row = (f: SetFigures) =>
  `  ${f.set.padEnd(6)} ${String(f.answerable).padStart(4)}/${String(f.unanswerable).padEnd(4)} top1 ${f.top1.toFixed(3)}  contain ${f.containment.toFixed(3)}  short ${f.shortMatch.toFixed(3)}  falseAbst ${f.falseAbstention.toFixed(3)}  abst(unans) ${f.abstentionOnUnanswerable.toFixed(3)}  AUC ${f.auc.toFixed(3)}`;

const spreadOf = (s: Spread) => `${s.mean.toFixed(3)} (${s.min.toFixed(3)}–${s.max.toFixed(3)})`;

await main(async () => {
  const { values } = parseArgs({ options: { out: { type: 'string' }, folds: { type: 'string' }, l2: { type: 'string' }, cache: { type: 'string' }, splits: { type: 'string', default: '1' } } });
  const splits = Number(values.splits);
  if (!Number.isInteger(splits) || splits < 1) throw appError('SPLITS_INVALID', values.splits ?? '');
  const options = { ...DEFAULT_TRAIN, ...(values.folds ? { folds: Number(values.folds) } : {}), ...(values.l2 ? { l2: Number(values.l2) } : {}) };
  const out = values.out ?? fileURLToPath(WEIGHTS_FILE);
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const embedder = await loadEmbedder(config, log);
  // Features do not depend on the weights: any will do to run the answer step.
  const current = neutralWeights();
  // --cache FILE keeps the candidates' features between runs (for trying fitting options quickly).
  const cached = values.cache && existsSync(values.cache) ? (JSON.parse(await readFile(values.cache, 'utf8')) as TrainingQuestion[]) : undefined;
  const questions: TrainingQuestion[] = cached ?? [];
  for (const [set, file, corpus] of cached ? [] : SETS) {
    const dir = await mkdtemp(path.join(tmpdir(), 'train-index-'));
    try {
      await ingestCorpus({ corpusDir: corpus, indexDir: dir, embedder });
      const engine = await openEngine(dir, embedder, { ...DEFAULT_TUNING, threshold: 0 }, current);
      for (const q of await readQuestions(file)) {
        const { step } = await engine.askTraced(q.question);
        questions.push({ set, q, candidates: step.scored.map((c, i) => trainingCandidate(q, step.qf, c, step.features[i] ?? [])) });
      }
      process.stderr.write(`${set}: ${questions.filter((t) => t.set === set).length} questions\n`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (values.cache && !cached) await writeFile(values.cache, JSON.stringify(questions));
  const sets = SETS.map(([s]) => s);
  const official = splitFigures(questions, sets, options);
  const { threshold, figures: cv } = official;
  const shares = sets.map((s) => `${s} ${(profileShares(questions.filter((t) => t.set === s)).articles * 100).toFixed(1)} %`).join(', ');
  console.log(`Questions whose candidates are long articles (the rest: short passages): ${shares}`);
  console.log(`Cross-validated (${options.folds} folds grouped by article; thresholds: articles ${threshold.articles}, passages ${threshold.passages}, each the lowest of those abstaining most on unanswerable questions with false abstention ≤ ${options.maxFalseAbstention} and answers lost ≤ ${options.maxAnswersLost} on every set with ${options.minThresholdQuestions}+ answerable questions of the profile):`);
  cv.forEach((f) => console.log(row(f)));
  if (splits > 1) {
    const all = [official, ...Array.from({ length: splits - 1 }, (_, i) => splitFigures(questions, sets, options, i + 1))];
    const summary = summarise(all);
    console.log(`Cross-validated over ${splits} fold assignments (the official one and ${splits - 1} others, grouped by article, each choosing its own thresholds), mean (min–max); thresholds: articles ${spreadOf(summary.threshold.articles)}, passages ${spreadOf(summary.threshold.passages)}:`);
    for (const { set, figures: f } of summary.sets)
      console.log(`  ${set.padEnd(6)} top1 ${spreadOf(f.top1)}  contain ${spreadOf(f.containment)}  short ${spreadOf(f.shortMatch)}  falseAbst ${spreadOf(f.falseAbstention)}  abst(unans) ${spreadOf(f.abstentionOnUnanswerable)}  AUC ${spreadOf(f.auc)}`);
  }
  const model = fit(questions, options);
  const inSample = rescore(questions, model);
  console.log('In-sample (the weights written, scored on the questions they were fitted to):');
  sets.forEach((s) => console.log(row(setFigures(s, inSample.filter((q) => q.set === s), threshold))));
  const weights: Weights = { version: WEIGHTS_VERSION, trainedAt: new Date().toISOString(), ...model, threshold, cv: Object.fromEntries(cv.map((f) => [f.set, f])) };
  await writeFile(out, JSON.stringify(weights, null, 1) + '\n');
  console.log(`wrote ${out}`);
});
