// Wiring shared by the entry points: config → embedder → index → engine. Nothing here is imported
// by lower layers; the bins and the Discord runner call it.
import { existsSync } from 'node:fs';
import type { Config } from './config.js';
import { createEmbedder } from './embed.js';
import { openEngine, type LoadedEngine } from './engine.js';
import { formatSummary, ingestCorpus } from './ingest.js';
import type { Logger } from './log.js';
import { progressBar } from './progress.js';
import { readManifest } from './store.js';
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
export async function ingestWithProgress(corpusDir: string, indexDir: string, embedder: Embedder, log?: Logger) {
  const summary = await ingestCorpus({
    corpusDir,
    indexDir,
    embedder,
    ...(log ? { log } : {}),
    onProgress: progressBar('Ingesting'),
  });
  process.stderr.write(formatSummary(summary, indexDir) + '\n');
  return summary;
}

/** Open the engine; when the index is missing, build it from the configured corpus first. */
export async function loadEngine(
  config: Pick<Config, 'EMBEDDING_MODEL' | 'MODEL_CACHE_DIR' | 'INDEX_DIR' | 'CORPUS_DIR'>,
  log?: Logger,
  options: { buildIfMissing?: boolean } = {},
): Promise<LoadedEngine> {
  const embedder = await loadEmbedder(config, log);
  if (options.buildIfMissing && !(existsSync(config.INDEX_DIR) && (await readManifest(config.INDEX_DIR)))) {
    process.stderr.write(`No index in ${config.INDEX_DIR} yet: building it from ${config.CORPUS_DIR}.\n`);
    await ingestWithProgress(config.CORPUS_DIR, config.INDEX_DIR, embedder, log);
  }
  return openEngine(config.INDEX_DIR, embedder);
}
