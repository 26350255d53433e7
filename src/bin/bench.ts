// npm run bench -- [--corpus DIR] [--scales 1,4,10] [--questions 500] [--warmup 20] [--out docs] [--json] [--cpu-prof DIR] [--backend vectra|postgres|both]
// Ingest and query benchmarks over the BBC corpus and N-fold copies of it. Each stage runs in a fresh
// child process (src/bench/stage.ts) so its peak RSS is its own. Prints the tables, writes
// BENCHMARKS.md and <out>/bench.svg.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { generateQuestions, scaleCorpus } from '../bench/corpus.js';
import { markdownReport, NOTES_MARKER, terminalReport } from '../bench/report.js';
import { dirSize } from '../bench/stats.js';
import { benchSvg } from '../bench/svg.js';
import { EVENT_PREFIX, type BenchReport, type IngestFigures, type QueryFigures, type ScaleFigures, type StageEvent } from '../bench/types.js';
import { parseBackends, type BackendName } from './backends.js';
import { main } from './cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STAGE = path.join(ROOT, 'src/bench/stage.ts');
const PG_SERVER = path.join(ROOT, 'src/bench/pg-server.ts');
const DEFAULTS = { corpus: '../shared/corpora/bbc', scales: '1,4,10', questions: '500', warmup: '20', out: 'docs' };

const USAGE = `Usage: npm run bench -- [--corpus DIR] [--scales 1,4,10] [--questions N] [--warmup N] [--out DIR] [--json] [--cpu-prof DIR]
  --corpus DIR     corpus to scale (default ${DEFAULTS.corpus}, relative to the project root)
  --scales LIST    corpus multiples to measure (default ${DEFAULTS.scales})
  --questions N    generated questions per mode (default ${DEFAULTS.questions})
  --warmup N       unmeasured questions per mode before timing (default ${DEFAULTS.warmup})
  --out DIR        folder for bench.svg (default ${DEFAULTS.out}); BENCHMARKS.md goes to the project root
  --json           print the raw figures as JSON on stdout (the tables go to stderr)
  --cpu-prof DIR   write a V8 CPU profile of every stage child into DIR
  --backend NAME   vectra (default), postgres, or both side by side. Postgres is PGlite (PostgreSQL +
                   pgvector in WebAssembly, one thread) served on 127.0.0.1 from its own process; the
                   bot stages reach it through the pg client like a real server`;

interface ChildRun {
  events: StageEvent[];
  /** ms from spawn() to the child's first-answer line, if it printed one. */
  firstAnswerMs?: number;
}

/** Peak resident memory of a live process (Linux /proc), in KB. */
function peakRssKB(pid: number | undefined): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Start the bench's Postgres (PGlite served on 127.0.0.1) with its data in `dir`; resolves with its URL. */
function startPgServer(dir: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', PG_SERVER, dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let buffered = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      const line = buffered.split('\n').find((l) => l.startsWith(EVENT_PREFIX));
      if (line) resolve({ url: (JSON.parse(line.slice(EVENT_PREFIX.length)) as { url: string }).url, child });
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`pg server exited with code ${code}`)));
  });
}

/** Run one stage in a fresh `node --import tsx` child; its stderr is passed through. */
function runStage(args: string[], nodeFlags: string[]): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', STAGE, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: ChildRun = { events: [] };
    const tail: string[] = [];
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (!line.startsWith(EVENT_PREFIX)) {
          process.stderr.write(`  ${line}\n`);
          continue;
        }
        const event = JSON.parse(line.slice(EVENT_PREFIX.length)) as StageEvent;
        if (event.event === 'first-answer') run.firstAnswerMs = performance.now() - started;
        run.events.push(event);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      process.stderr.write(text.replace(/^(?=.)/gm, '  '));
      tail.push(...text.split('\n').filter(Boolean));
      tail.splice(0, Math.max(0, tail.length - 5));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(run);
      else reject(new Error(`stage ${args[0]} exited with ${signal ?? `code ${code}`}: ${tail.join(' | ').slice(-400)}`));
    });
  });
}

function pickEvent<K extends StageEvent['event']>(run: ChildRun, kind: K): Extract<StageEvent, { event: K }> {
  const event = run.events.find((e) => e.event === kind);
  if (!event) throw new Error(`stage printed no ${kind} result`);
  return event as Extract<StageEvent, { event: K }>;
}

function canonicalCommand(values: Record<string, string | boolean | undefined>): string {
  const parts = ['npm run bench --'];
  for (const key of ['corpus', 'scales', 'questions', 'warmup', 'out', 'backend'] as const) {
    const v = values[key];
    if (key === 'backend') {
      if (typeof v === 'string') parts.push(`--backend ${v}`);
    } else if (key === 'scales' || key === 'questions' || (typeof v === 'string' && v !== DEFAULTS[key])) parts.push(`--${key} ${String(v ?? DEFAULTS[key])}`);
  }
  return parts.join(' ');
}

await main(async () => {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' }, scales: { type: 'string' }, questions: { type: 'string' }, warmup: { type: 'string' },
      out: { type: 'string' }, json: { type: 'boolean' }, 'cpu-prof': { type: 'string' }, backend: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.error(USAGE);
  const backends = parseBackends(values.backend, ['vectra']);
  const corpus = path.resolve(ROOT, values.corpus ?? DEFAULTS.corpus);
  const scales = (values.scales ?? DEFAULTS.scales).split(',').map((s) => Number(s.trim()));
  const count = Number(values.questions ?? DEFAULTS.questions);
  const warmup = Number(values.warmup ?? DEFAULTS.warmup);
  const outDir = path.resolve(ROOT, values.out ?? DEFAULTS.out);
  if (scales.some((n) => !Number.isInteger(n) || n < 1) || !(count > 0) || !(warmup >= 0)) return void console.error(USAGE);
  if (!existsSync(corpus)) throw new Error(`corpus not found: ${corpus}`);
  const nodeFlags = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values['cpu-prof'])] : [];
  const say = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

  /** Ingest then query one scale with one backend, each stage in a fresh process. */
  const benchScale = async (scale: number, backend: BackendName, corpusDir: string, questionsFile: string): Promise<ScaleFigures> => {
    const result: ScaleFigures = { scale, ...(backends.length > 1 || backend !== 'vectra' ? { backend } : {}) };
    const label = `${scale}× ${backend}`;
    const indexDir = path.join(tmp, `index-${scale}-${backend}`);
    const server = backend === 'postgres' ? await startPgServer(indexDir) : undefined;
    const dbFlag = server ? ['--database-url', server.url] : [];
    try {
      say(`${label}: ingest (fresh process)`);
      const ingest: IngestFigures = pickEvent(await runStage(['ingest', '--corpus', corpusDir, '--index', indexDir, ...dbFlag], nodeFlags), 'ingest').figures;
      result.ingest = ingest;
      result.indexBytes = await dirSize(indexDir);
      say(`${label}: ${ingest.articles} articles, ${ingest.chunks} chunks in ${(ingest.ingestMs / 1000).toFixed(1)} s; querying (fresh process)`);
      const run = await runStage(['query', '--index', indexDir, '--questions', questionsFile, '--warmup', String(warmup), ...dbFlag], nodeFlags);
      const query: QueryFigures = { ...pickEvent(run, 'query').figures, spawnToFirstMs: Math.round(run.firstAnswerMs ?? Number.NaN) };
      result.query = query;
      say(`${label}: cold start ${(query.spawnToFirstMs / 1000).toFixed(2)} s; p95 ${query.modes.map((m) => `${m.mode} ${m.p95} ms`).join(', ')}`);
    } catch (err) {
      result.error = (err as Error).message;
      say(`${label}: FAILED: ${result.error}`);
    } finally {
      if (server) {
        const peak = peakRssKB(server.child.pid);
        if (peak !== undefined) result.dbRssKB = peak;
        server.child.removeAllListeners('close');
        const closed = new Promise((r) => server.child.once('close', r));
        server.child.kill('SIGTERM');
        await closed;
      }
      await rm(indexDir, { recursive: true, force: true });
    }
    return result;
  };

  const loadStart = os.loadavg();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'newsquote-bench-'));
  const results: ScaleFigures[] = [];
  let questionCount = 0;
  try {
    const questions = await generateQuestions(corpus, count);
    questionCount = questions.length;
    const questionsFile = path.join(tmp, 'questions.json');
    await writeFile(questionsFile, JSON.stringify(questions));
    say(`${questions.length} questions generated from ${corpus}; e.g. “${questions[0]?.question}”`);
    for (const scale of scales) {
      const scaledDir = path.join(tmp, `corpus-${scale}`);
      let corpusDir = corpus;
      try {
        if (scale > 1) {
          say(`${scale}×: writing ${scale} copies of the corpus to ${scaledDir}`);
          await scaleCorpus(corpus, scale, scaledDir);
          corpusDir = scaledDir;
        }
        for (const backend of backends) results.push(await benchScale(scale, backend, corpusDir, questionsFile));
      } finally {
        await rm(scaledDir, { recursive: true, force: true });
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const report: BenchReport = {
    machine: {
      cpu, cores: os.cpus().length, memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`, date: new Date().toISOString().slice(0, 10),
      loadStart: loadStart.map((l) => Math.round(l * 100) / 100), loadEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
    },
    command: canonicalCommand(values),
    model: loadConfig().EMBEDDING_MODEL,
    questions: questionCount,
    corpus: path.relative(ROOT, corpus) || '.',
    scales: results,
  };

  await mkdir(outDir, { recursive: true });
  const svgPath = path.join(outDir, 'bench.svg');
  await writeFile(svgPath, benchSvg(results));
  const mdPath = path.join(ROOT, 'BENCHMARKS.md');
  const previous = existsSync(mdPath) ? await readFile(mdPath, 'utf8') : '';
  const notes = previous.includes(NOTES_MARKER) ? (previous.split(NOTES_MARKER)[1] ?? '') : '';
  await writeFile(mdPath, markdownReport(report, path.relative(ROOT, svgPath).split(path.sep).join('/'), notes));

  const text = terminalReport(report);
  if (values.json) {
    process.stderr.write(text + '\n');
    console.log(JSON.stringify(report, null, 2));
  } else console.log(text);
  say(`wrote ${path.relative(ROOT, mdPath)} and ${path.relative(ROOT, svgPath)}`);
  if (results.some((r) => r.error)) process.exitCode = 1;
});
