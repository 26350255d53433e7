// The --backend flag of ingest, eval and bench, and the throwaway indexes eval and bench build: a
// temporary folder for vectra, an in-process PGlite database (real Postgres + pgvector, no server) for
// Postgres, so both can be measured side by side in one run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openEngine, openEngineOn, type EngineTuning, type LoadedEngine } from '../engine.js';
import { appError } from '../errors.js';
import { ingestCorpus, type IngestSummary } from '../ingest.js';
import type { Logger } from '../log.js';
import { openPgBackend } from '../pg/backend.js';
import type { Embedder } from '../types.js';

export type BackendName = 'vectra' | 'postgres';
export const BACKENDS: readonly BackendName[] = ['vectra', 'postgres'];

/** `vectra`, `postgres`, `both` or a comma list; undefined gives `fallback`. */
export function parseBackends(value: string | undefined, fallback: readonly BackendName[]): BackendName[] {
  if (value === undefined) return [...fallback];
  if (value === 'both') return [...BACKENDS];
  const names = value.split(',').map((s) => s.trim());
  for (const n of names) if (!BACKENDS.includes(n as BackendName)) throw appError('BACKEND_INVALID', value);
  return [...new Set(names as BackendName[])];
}

export interface ScratchIndex {
  backend: BackendName;
  summary: IngestSummary;
  open(tuning?: EngineTuning): Promise<LoadedEngine>;
  close(): Promise<void>;
}

/** Ingest `corpusDir` into a throwaway index of the given backend. */
export async function scratchIndex(backend: BackendName, corpusDir: string, embedder: Embedder, log?: Logger): Promise<ScratchIndex> {
  if (backend === 'vectra') {
    const dir = await mkdtemp(path.join(tmpdir(), 'scratch-index-'));
    try {
      const summary = await ingestCorpus({ corpusDir, indexDir: dir, embedder, ...(log ? { log } : {}) });
      return { backend, summary, open: (tuning) => openEngine(dir, embedder, tuning), close: () => rm(dir, { recursive: true, force: true }) };
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }
  // PGlite is a development dependency: loaded only when a Postgres scratch index is asked for.
  const { pgliteDb } = await import('../pg/pglite.js');
  const db = await pgliteDb();
  try {
    const summary = await ingestCorpus({ corpusDir, indexDir: 'postgres', embedder, db, ...(log ? { log } : {}) });
    return { backend, summary, open: async (tuning) => openEngineOn(await openPgBackend(db), embedder, tuning), close: () => db.close() };
  } catch (err) {
    await db.close();
    throw err;
  }
}
