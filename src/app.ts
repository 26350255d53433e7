// Wiring shared by the entry points: config → embedder → index → engine. Nothing here is imported
// by lower layers; the bins and the Discord runner call it.
import type { Config } from './config.js';
import { createEmbedder } from './embed.js';
import { openEngine, type LoadedEngine } from './engine.js';
import type { Logger } from './log.js';
import { progressBar } from './progress.js';
import { reloadingEngine, type ReloadingEngine } from './reload.js';
import { isRebuildable } from './store.js';
import type { Embedder } from './types.js';

export async function loadEmbedder(config: Pick<Config, 'EMBEDDING_MODEL' | 'MODEL_CACHE_DIR'>, log?: Logger): Promise<Embedder> {
  return createEmbedder({
    model: config.EMBEDDING_MODEL,
    cacheDir: config.MODEL_CACHE_DIR,
    onProgress: progressBar('Building the offline embedding model (first run only)'),
    ...(log ? { log } : {}),
  });
}

/** Ingest with a progress bar on stderr and the summary printed to stderr. */
export async function ingestWithProgress(corpusDir: string, indexDir: string, embedder: Embedder, log?: Logger, options: { wait?: boolean } = {}) {
  // Loaded only when an index is built: the entity tagger it brings costs about 0.85 s of start-up that a
  // bot opening an existing index need not pay.
  const { formatSummary, ingestCorpus } = await import('./ingest.js');
  const summary = await ingestCorpus({
    corpusDir,
    indexDir,
    embedder,
    ...(log ? { log } : {}),
    ...(options.wait ? { wait: true } : {}),
    onProgress: progressBar('Ingesting'),
  });
  process.stderr.write(formatSummary(summary, indexDir) + '\n');
  return summary;
}

/**
 * Open the engine; with `buildIfMissing`, a missing, damaged or old-layout index is first (re)built from
 * the corpus, saying why in one line (a damaged index no longer stops `npm start`).
 */
export async function loadEngine(
  config: Pick<Config, 'EMBEDDING_MODEL' | 'MODEL_CACHE_DIR' | 'INDEX_DIR' | 'CORPUS_DIR'>,
  log?: Logger,
  options: { buildIfMissing?: boolean } = {},
): Promise<LoadedEngine> {
  const embedder = await loadEmbedder(config, log);
  try {
    return await openEngine(config.INDEX_DIR, embedder);
  } catch (err) {
    if (!options.buildIfMissing || !isRebuildable(err)) throw err;
    process.stderr.write(`${(err as Error).message}\nBuilding the index from ${config.CORPUS_DIR}.\n`);
    // Waits for an ingest already running into the same index rather than failing on its lock.
    await ingestWithProgress(config.CORPUS_DIR, config.INDEX_DIR, embedder, log, { wait: true });
    return openEngine(config.INDEX_DIR, embedder);
  }
}

/**
 * loadEngine, then follow the index: a re-ingest while this runs is picked up between questions. Terminal
 * front ends pass `maxQuestionLength` (MAX_QUESTION_LENGTH, as Discord checks its own input); the bot does
 * not, since a follow-up joins two questions.
 */
export async function loadLiveEngine(
  config: Pick<Config, 'EMBEDDING_MODEL' | 'MODEL_CACHE_DIR' | 'INDEX_DIR' | 'CORPUS_DIR'>,
  log?: Logger,
  options: { buildIfMissing?: boolean; pollMs?: number; maxQuestionLength?: number } = {},
): Promise<ReloadingEngine> {
  const first = await loadEngine(config, log, options);
  return reloadingEngine(first, {
    open: (dir) => openEngine(dir, first.embedder, first.tuning),
    ...(log ? { log } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(options.maxQuestionLength ? { maxQuestionLength: options.maxQuestionLength } : {}),
  });
}
