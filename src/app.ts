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

async function indexState(dir: string): Promise<'ready' | 'missing' | 'unreadable'> {
  if (!existsSync(dir)) return 'missing';
  try {
    return (await readManifest(dir)) ? 'ready' : 'missing';
  } catch {
    return 'unreadable';
  }
}

/** Open the engine; with `buildIfMissing`, a missing or unreadable index is first built from the corpus. */
export async function loadEngine(
  config: Pick<Config, 'EMBEDDING_MODEL' | 'MODEL_CACHE_DIR' | 'INDEX_DIR' | 'CORPUS_DIR'>,
  log?: Logger,
  options: { buildIfMissing?: boolean } = {},
): Promise<LoadedEngine> {
  const embedder = await loadEmbedder(config, log);
  if (options.buildIfMissing) {
    const state = await indexState(config.INDEX_DIR);
    if (state !== 'ready') {
      process.stderr.write(
        `${state === 'missing' ? 'No index' : 'An unreadable or outdated index'} in ${config.INDEX_DIR}: building it from ${config.CORPUS_DIR}.\n`,
      );
      await ingestWithProgress(config.CORPUS_DIR, config.INDEX_DIR, embedder, log);
    }
  }
  return openEngine(config.INDEX_DIR, embedder);
}
