// Shapes passed between the bench parent (src/bin/bench.ts) and its stage children (stage.ts).
import type { RetrievalMode } from '../retrieve.js';

/** A generated question and the article it was made from (path relative to the original corpus). */
export interface BenchQuestion {
  question: string;
  source: string;
}

export interface IngestFigures {
  files: number;
  articles: number;
  chunks: number;
  skipped: number;
  /** Loading the embedding model (not part of the ingest wall time). */
  modelMs: number;
  /** ingestCorpus() wall time, and its phases: read+parse+chunk, embed, write (JSON + swap). */
  ingestMs: number;
  parseMs: number;
  embedMs: number;
  writeMs: number;
  /** CPU time (user + system, all threads) of the same phases: CPU ≪ wall means the machine was busy. */
  ingestCpuMs: number;
  embedCpuMs: number;
  writeCpuMs: number;
  /** Main-thread GC pauses (PerformanceObserver 'gc' entries) during the whole ingest and its phases. */
  gcMs: number;
  embedGcMs: number;
  writeGcMs: number;
  /** process.resourceUsage().maxRSS of the child at the end, in KB. */
  maxRssKB: number;
}

export interface ModeLatency {
  mode: RetrievalMode;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  /** Share of questions whose source article (any copy) is among the retrieved chunks (sanity check). */
  goldRetrieved: number;
  /** Share of questions answered with quotes rather than an abstention. */
  answered: number;
}

export interface QueryFigures {
  /** Child's own clock (ms since its performance.timeOrigin): node + tsx + module imports. */
  bootMs: number;
  modelMs: number;
  openMs: number;
  /** The part of openMs spent on integrity checks (checksums, counts, dimensions, offsets). */
  integrityMs?: number;
  firstAskMs: number;
  /** Child's own clock at the first answer. */
  coldMs: number;
  /** Parent's wall clock from spawn() to the child's first-answer line. */
  spawnToFirstMs: number;
  warmup: number;
  /** Wall time of the timed question loop (all modes) and the GC pauses inside it. */
  loopMs: number;
  loopGcMs: number;
  modes: ModeLatency[];
  maxRssKB: number;
  /** V8 heap in use at the end (MB), to tell JS heap from native memory. */
  heapUsedMB: number;
}

export interface ScaleFigures {
  scale: number;
  /** Which index backend (absent: vectra, as in reports before the Postgres backend). */
  backend?: 'vectra' | 'postgres';
  /** Postgres: peak RSS of the database server process (PGlite) over ingest and queries. */
  dbRssKB?: number;
  ingest?: IngestFigures;
  indexBytes?: number;
  query?: QueryFigures;
  error?: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  node: string;
  platform: string;
  date: string;
  /** os.loadavg() (1, 5, 15 min) when the bench started and when it ended. */
  loadStart: number[];
  loadEnd: number[];
}

export interface BenchReport {
  machine: Machine;
  command: string;
  model: string;
  questions: number;
  corpus: string;
  scales: ScaleFigures[];
}

/** Line prefix a stage child uses on stdout for machine-readable events. */
export const EVENT_PREFIX = '@@bench ';

export type StageEvent =
  | { event: 'first-answer' }
  | { event: 'pg-server'; url: string }
  | { event: 'ingest'; figures: IngestFigures }
  | { event: 'query'; figures: Omit<QueryFigures, 'spawnToFirstMs'> };
