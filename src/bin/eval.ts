// npm run eval -- --questions FILE.jsonl --corpus DIR [--k N] [--json] [--worst N]
// Ingests the corpus into a temporary index, asks every question through the engine's ask path in
// hybrid, BM25-only and vector-only modes, and prints the figures side by side.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadEmbedder } from '../app.js';
import { loadConfig } from '../config.js';
import { DEFAULT_TUNING, openEngine } from '../engine.js';
import { figures, perKind, readQuestions, runQuestions, worstMisses, type EvalFigures, type QuestionResult } from '../evaluate.js';
import { ingestCorpus } from '../ingest.js';
import { createLogger } from '../log.js';
import { main } from './cli.js';

const USAGE = `Usage: npm run eval -- --questions FILE.jsonl --corpus DIR [--k N] [--json] [--worst N]
  --k N      chunks retrieved per question (default ${DEFAULT_TUNING.k})
  --json     print the figures as one JSON object on stdout (the table goes to stderr)
  --worst N  how many worst misses to list (default 10)`;

const THRESHOLDS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5];

function table(rows: EvalFigures[]): string {
  const cols: [string, (f: EvalFigures) => number][] = [
    ['hit@1', (f) => f.hit1], ['hit@3', (f) => f.hit3], ['hit@5', (f) => f.hit5], ['MRR', (f) => f.mrr],
    ['contain', (f) => f.containment], ['short', (f) => f.shortMatch], ['falseAbst', (f) => f.falseAbstention], ['abst(unans)', (f) => f.abstentionOnUnanswerable],
  ];
  const head = ['mode'.padEnd(8), ...cols.map(([n]) => n.padStart(11))].join(' ');
  const lines = rows.map((f) => [f.mode.padEnd(8), ...cols.map(([, get]) => get(f).toFixed(3).padStart(11))].join(' '));
  return [head, ...lines].join('\n');
}

await main(async () => {
  const { values } = parseArgs({
    options: {
      questions: { type: 'string' }, corpus: { type: 'string' }, k: { type: 'string' },
      json: { type: 'boolean' }, worst: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.questions || !values.corpus) return void console.error(USAGE);
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const questions = await readQuestions(values.questions);
  const embedder = await loadEmbedder(config, log);
  const dir = await mkdtemp(path.join(tmpdir(), 'eval-index-'));
  try {
    const summary = await ingestCorpus({ corpusDir: values.corpus, indexDir: dir, embedder, log });
    const tuning = { ...DEFAULT_TUNING, ...(values.k ? { k: Number(values.k) } : {}) };
    const hybrid = await openEngine(dir, embedder, tuning);
    const rows: EvalFigures[] = [];
    let hybridResults: QuestionResult[] = [];
    for (const mode of ['hybrid', 'keyword', 'vector'] as const) {
      const results = await runQuestions(hybrid.withTuning({ ...tuning, mode }), questions);
      if (mode === 'hybrid') hybridResults = results;
      rows.push(figures(mode, results, THRESHOLDS));
    }
    const h = rows[0] as EvalFigures;
    const report = [
      `${questions.length} questions (${h.answerable} answerable, ${h.unanswerable} unanswerable) over ${summary.articles} articles, ${summary.chunks} chunks; model ${embedder.modelId}`,
      table(rows),
      '',
      'Per kind (hybrid): answerable kinds show containment and false abstention; unanswerable kinds, abstention.',
      ...perKind(hybridResults).map((k) =>
        k.answerable
          ? `  ${k.kind.padEnd(14)} n=${String(k.n).padStart(3)}  contain ${k.containment.toFixed(3)}  falseAbst ${k.abstention.toFixed(3)}`
          : `  ${k.kind.padEnd(14)} n=${String(k.n).padStart(3)}  abstained ${k.abstention.toFixed(3)}  (unanswerable)`,
      ),
      '',
      `Abstention threshold trade-off (hybrid; P(the articles answer the question); default ${hybrid.tuning.threshold ?? hybrid.weights.threshold}):`,
      '  threshold  falseAbst  abst(unans)',
      ...h.tradeoff.map((t) => `  ${t.threshold.toFixed(2).padStart(9)}  ${t.falseAbstention.toFixed(3).padStart(9)}  ${t.abstentionOnUnanswerable.toFixed(3).padStart(11)}`),
      '',
      'Worst misses (hybrid):',
      ...worstMisses(hybridResults, Number(values.worst ?? 10)).map(
        (r) => `  [${r.q.id}] ${r.q.question}\n      gold ${r.q.sources.join(', ')} → rank ${r.rank || '-'}, ${r.trace.answer.abstained ? 'abstained' : `quoted “${(r.trace.answer.citations[0]?.quote ?? '').slice(0, 120)}”`}`,
      ),
    ].join('\n');
    if (values.json) {
      process.stderr.write(report + '\n');
      console.log(JSON.stringify({ questions: questions.length, model: embedder.modelId, figures: rows, kinds: perKind(hybridResults) }));
    } else console.log(report);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
