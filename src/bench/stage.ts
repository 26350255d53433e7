// One bench stage in its own process, so its peak RSS is its own. Spawned by src/bin/bench.ts as
//   node --import tsx src/bench/stage.ts ingest --corpus DIR --index DIR [--database-url URL]
//   node --import tsx src/bench/stage.ts query --index DIR --questions FILE.json [--warmup N] [--database-url URL]
// With --database-url the index is Postgres (ingest writes it, query reads it through the pg client).
// Results go to stdout as one `@@bench {json}` line each; anything human-readable goes to stderr.
import { readFile } from 'node:fs/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadEmbedder } from '../app.js';
import { loadConfig } from '../config.js';
import { DEFAULT_TUNING, openEngine, openEngineOn, type LoadedEngine } from '../engine.js';
import { createLogger } from '../log.js';
import { openPgBackend } from '../pg/backend.js';
import { connectPostgres, type Db } from '../pg/db.js';
import type { RetrievalMode } from '../retrieve.js';
import { originalSource } from './corpus.js';
import { mean, percentile, round } from './stats.js';
import { EVENT_PREFIX, type BenchQuestion, type ModeLatency, type StageEvent } from './types.js';

// Imports are hoisted, so this is the first thing the module body does: everything before it is
// node + tsx + importing the app's modules (engine, store, vectra, minisearch, pg…).
const bootMs = performance.now();

const MODES: RetrievalMode[] = ['hybrid', 'keyword', 'vector'];

function emit(event: StageEvent): void {
  process.stdout.write(`${EVENT_PREFIX}${JSON.stringify(event)}\n`);
}

const maxRssKB = (): number => process.resourceUsage().maxRSS;
/** Process CPU time (user + system, all threads) in ms. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Total main-thread GC pause time (ms) observed so far in this process. */
let gcTotal = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcTotal += e.duration;
}).observe({ entryTypes: ['gc'] });
/** GC entries are delivered asynchronously: let pending ones arrive before reading the total. */
const gcNow = async (): Promise<number> => {
  await new Promise((r) => setImmediate(r));
  return gcTotal;
};

async function ingestStage(corpus: string, index: string, db?: Db): Promise<void> {
  // Imported here, as the app does (src/app.ts): ingest loads the entity tagger, about 1 s and 85 MB
  // that a query process never needs and that the query stage's cold start must not count.
  const { ingestCorpus } = await import('../ingest.js');
  const config = loadConfig();
  const log = createLogger('warn');
  const t0 = performance.now();
  const embedder = await loadEmbedder(config, log);
  const modelMs = performance.now() - t0;
  const marks: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  const started = performance.now();
  const cpuStarted = cpuMs();
  const gc: Record<string, number> = {};
  const gcStarted = await gcNow();
  const summary = await ingestCorpus({
    corpusDir: corpus,
    indexDir: index,
    embedder,
    log,
    ...(db ? { db } : {}),
    onProgress: (done, total, phase) => {
      marks[`${phase}:start`] ??= performance.now();
      if (done >= total) {
        marks[`${phase}:end`] = performance.now();
        cpu[`${phase}:end`] = cpuMs();
        gc[`${phase}:end`] = gcTotal;
      }
    },
  });
  const ended = performance.now();
  const cpuEnded = cpuMs();
  const gcEnded = await gcNow();
  const gcParseEnd = gc['parse:end'] ?? gcStarted;
  const gcEmbedEnd = gc['embed:end'] ?? gcParseEnd;
  const cpuParseEnd = cpu['parse:end'] ?? cpuStarted;
  const cpuEmbedEnd = cpu['embed:end'] ?? cpuParseEnd;
  const parseEnd = marks['parse:end'] ?? started;
  const embedEnd = marks['embed:end'] ?? parseEnd;
  emit({
    event: 'ingest',
    figures: {
      files: summary.files,
      articles: summary.articles,
      chunks: summary.chunks,
      skipped: summary.skipped.length,
      modelMs: round(modelMs),
      ingestMs: round(ended - started),
      parseMs: round(parseEnd - started),
      embedMs: round(embedEnd - parseEnd),
      writeMs: round(ended - embedEnd),
      ingestCpuMs: round(cpuEnded - cpuStarted),
      embedCpuMs: round(cpuEmbedEnd - cpuParseEnd),
      writeCpuMs: round(cpuEnded - cpuEmbedEnd),
      gcMs: round(gcEnded - gcStarted),
      embedGcMs: round(gcEmbedEnd - gcParseEnd),
      writeGcMs: round(gcEnded - gcEmbedEnd),
      maxRssKB: maxRssKB(),
    },
  });
}

async function queryStage(index: string, questionsFile: string, warmup: number, db?: Db): Promise<void> {
  const config = loadConfig();
  const log = createLogger('warn');
  const questions = JSON.parse(await readFile(questionsFile, 'utf8')) as BenchQuestion[];
  if (questions.length === 0) throw new Error('no questions');
  const t0 = performance.now();
  const embedder = await loadEmbedder(config, log);
  const t1 = performance.now();
  const tuning = { ...DEFAULT_TUNING, mode: 'hybrid' as const };
  const hybrid = db ? openEngineOn(await openPgBackend(db), embedder, tuning) : await openEngine(index, embedder, tuning);
  const t2 = performance.now();
  await hybrid.ask((questions[0] as BenchQuestion).question);
  const t3 = performance.now();
  emit({ event: 'first-answer' });

  const engines = new Map<RetrievalMode, LoadedEngine>(MODES.map((mode) => [mode, hybrid.withTuning({ ...DEFAULT_TUNING, mode })]));
  for (let i = 0; i < warmup; i++) {
    for (const mode of MODES) await engines.get(mode)?.ask(questions[i % questions.length]?.question ?? '');
  }
  const times = new Map<RetrievalMode, number[]>(MODES.map((m) => [m, []]));
  const gold = new Map<RetrievalMode, number>(MODES.map((m) => [m, 0]));
  const answered = new Map<RetrievalMode, number>(MODES.map((m) => [m, 0]));
  const loopStart = performance.now();
  const loopGcStart = await gcNow();
  for (const [i, q] of questions.entries()) {
    // Rotate the order so no mode always runs right after another (caches, GC debt).
    for (let j = 0; j < MODES.length; j++) {
      const mode = MODES[(i + j) % MODES.length] as RetrievalMode;
      const engine = engines.get(mode) as LoadedEngine;
      const start = performance.now();
      const trace = await engine.askTraced(q.question);
      times.get(mode)?.push(performance.now() - start);
      if (trace.ranked.some((r) => originalSource(r.chunk.source) === q.source)) gold.set(mode, (gold.get(mode) ?? 0) + 1);
      if (!trace.answer.abstained) answered.set(mode, (answered.get(mode) ?? 0) + 1);
    }
  }
  const loopMs = performance.now() - loopStart;
  const loopGcMs = (await gcNow()) - loopGcStart;
  const modes: ModeLatency[] = MODES.map((mode) => {
    const t = times.get(mode) ?? [];
    return {
      mode,
      n: t.length,
      p50: round(percentile(t, 50), 2),
      p95: round(percentile(t, 95), 2),
      p99: round(percentile(t, 99), 2),
      mean: round(mean(t), 2),
      max: round(Math.max(...t), 2),
      goldRetrieved: round((gold.get(mode) ?? 0) / questions.length, 3),
      answered: round((answered.get(mode) ?? 0) / questions.length, 3),
    };
  });
  emit({
    event: 'query',
    figures: {
      bootMs: round(bootMs),
      modelMs: round(t1 - t0),
      openMs: round(t2 - t1),
      integrityMs: round(hybrid.backend.integrityMs ?? 0),
      firstAskMs: round(t3 - t2),
      coldMs: round(t3),
      warmup,
      loopMs: round(loopMs),
      loopGcMs: round(loopGcMs),
      modes,
      maxRssKB: maxRssKB(),
      heapUsedMB: round(process.memoryUsage().heapUsed / 1048576),
    },
  });
}

let db: Db | undefined;
try {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { corpus: { type: 'string' }, index: { type: 'string' }, questions: { type: 'string' }, warmup: { type: 'string' }, 'database-url': { type: 'string' } },
  });
  const [stage] = positionals;
  db = values['database-url'] ? connectPostgres(values['database-url']) : undefined;
  if (stage === 'ingest' && values.corpus && values.index) await ingestStage(values.corpus, values.index, db);
  else if (stage === 'query' && values.index && values.questions) await queryStage(values.index, values.questions, Number(values.warmup ?? 20), db);
  else throw new Error('usage: stage.ts ingest --corpus DIR --index DIR | query --index DIR --questions FILE [--warmup N]');
} catch (err) {
  process.stderr.write(`bench stage failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
} finally {
  // The pool would otherwise keep the process alive until its idle timeout.
  await db?.close();
}
