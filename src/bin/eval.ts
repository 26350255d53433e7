// npm run eval -- --questions FILE.jsonl --corpus DIR [--k N] [--json] [--worst N] [--backend vectra|postgres|both]
// Ingests the corpus into a temporary index (per backend), asks every question through the engine's ask
// path in hybrid, BM25-only and vector-only modes, and prints the figures side by side.
import { parseArgs } from 'node:util';
import { loadEmbedder } from '../app.js';
import { loadConfig } from '../config.js';
import { DEFAULT_TUNING, type LoadedEngine } from '../engine.js';
import { figures, perKind, readQuestions, runQuestions, worstMisses, type EvalFigures, type QuestionResult } from '../evaluate.js';
import { createLogger } from '../log.js';
import { parseBackends, scratchIndex, type ScratchIndex } from './backends.js';
import { main } from './cli.js';

const USAGE = `Usage: npm run eval -- --questions FILE.jsonl --corpus DIR [--k N] [--json] [--worst N]
  --k N      chunks retrieved per question (default ${DEFAULT_TUNING.k})
  --json     print the figures as one JSON object on stdout (the table goes to stderr)
  --worst N  how many worst misses to list (default 10)
  --backend  vectra (default), postgres (in-process PGlite + pgvector) or both: with both, every
             figure is printed per backend with the largest difference between them`;

const THRESHOLDS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5];

function table(rows: EvalFigures[]): string {
  const cols: [string, (f: EvalFigures) => number][] = [
    ['hit@1', (f) => f.hit1], ['hit@3', (f) => f.hit3], ['hit@5', (f) => f.hit5], ['MRR', (f) => f.mrr],
    ['contain', (f) => f.containment], ['short', (f) => f.shortMatch], ['falseAbst', (f) => f.falseAbstention], ['abst(unans)', (f) => f.abstentionOnUnanswerable],
  ];
  const head = ['mode'.padEnd(16), ...cols.map(([n]) => n.padStart(11))].join(' ');
  const lines = rows.map((f) => [f.mode.padEnd(16), ...cols.map(([, get]) => get(f).toFixed(3).padStart(11))].join(' '));
  return [head, ...lines].join('\n');
}

/** Largest difference between two backends' figures over every measure and mode. */
function largestGap(a: EvalFigures[], b: EvalFigures[]): number {
  const keys = ['hit1', 'hit3', 'hit5', 'mrr', 'containment', 'shortMatch', 'falseAbstention', 'abstentionOnUnanswerable'] as const;
  return Math.max(...a.flatMap((f, i) => keys.map((k) => Math.abs(f[k] - (b[i]?.[k] ?? NaN)))));
}

await main(async () => {
  const { values } = parseArgs({
    options: {
      questions: { type: 'string' }, corpus: { type: 'string' }, k: { type: 'string' },
      json: { type: 'boolean' }, worst: { type: 'string' }, backend: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.questions || !values.corpus) return void console.error(USAGE);
  const backends = parseBackends(values.backend, ['vectra']);
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const questions = await readQuestions(values.questions);
  const embedder = await loadEmbedder(config, log);
  const tuning = { ...DEFAULT_TUNING, ...(values.k ? { k: Number(values.k) } : {}) };
  const perBackend: EvalFigures[][] = [];
  let summary: ScratchIndex['summary'] | undefined;
  let first: LoadedEngine | undefined;
  let hybridResults: QuestionResult[] = [];
  for (const backend of backends) {
    const index = await scratchIndex(backend, values.corpus, embedder, log);
    try {
      summary = index.summary;
      const engine = await index.open(tuning);
      first ??= engine;
      const rows: EvalFigures[] = [];
      for (const mode of ['hybrid', 'keyword', 'vector'] as const) {
        const results = await runQuestions(engine.withTuning({ ...tuning, mode }), questions);
        if (mode === 'hybrid' && perBackend.length === 0) hybridResults = results;
        rows.push(figures(backends.length > 1 ? `${mode}/${backend}` : mode, results, THRESHOLDS));
      }
      perBackend.push(rows);
    } finally {
      await index.close();
    }
  }
  const rows = perBackend.flat();
  const h = rows[0] as EvalFigures;
  const report = [
    `${questions.length} questions (${h.answerable} answerable, ${h.unanswerable} unanswerable) over ${summary?.articles} articles, ${summary?.chunks} chunks; model ${embedder.modelId}`,
    table(rows),
    ...(perBackend.length === 2 ? [`Largest difference between vectra and postgres over every figure: ${largestGap(perBackend[0] ?? [], perBackend[1] ?? []).toFixed(3)}`] : []),
    '',
    `Per kind (${h.mode}): answerable kinds show containment and false abstention; unanswerable kinds, abstention.`,
    ...perKind(hybridResults).map((k) =>
      k.answerable
        ? `  ${k.kind.padEnd(14)} n=${String(k.n).padStart(3)}  contain ${k.containment.toFixed(3)}  falseAbst ${k.abstention.toFixed(3)}`
        : `  ${k.kind.padEnd(14)} n=${String(k.n).padStart(3)}  abstained ${k.abstention.toFixed(3)}  (unanswerable)`,
    ),
    '',
    `Abstention threshold trade-off (${h.mode}; P(the articles answer the question), one threshold for every profile; default ${first?.tuning.threshold ?? `articles ${first?.weights.threshold.articles}, passages ${first?.weights.threshold.passages}`}):`,
    '  threshold  falseAbst  abst(unans)',
    ...h.tradeoff.map((t) => `  ${t.threshold.toFixed(2).padStart(9)}  ${t.falseAbstention.toFixed(3).padStart(9)}  ${t.abstentionOnUnanswerable.toFixed(3).padStart(11)}`),
    '',
    `Worst misses (${h.mode}):`,
    ...worstMisses(hybridResults, Number(values.worst ?? 10)).map(
      (r) => `  [${r.q.id}] ${r.q.question}\n      gold ${r.q.sources.join(', ')} → rank ${r.rank || '-'}, ${r.trace.answer.abstained ? 'abstained' : `quoted “${(r.trace.answer.citations[0]?.quote ?? '').slice(0, 120)}”`}`,
    ),
  ].join('\n');
  if (values.json) {
    process.stderr.write(report + '\n');
    console.log(JSON.stringify({ questions: questions.length, model: embedder.modelId, figures: rows, kinds: perKind(hybridResults) }));
  } else console.log(report);
});
