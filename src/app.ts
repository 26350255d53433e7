// Wiring shared by the entry points: config → embedder → index → engine. Nothing here is imported
// by lower layers; the bins and the Discord runner call it. The index is the INDEX_DIR folder, or
// Postgres + pgvector when DATABASE_URL is set (src/pg/).
import type { Config } from './config.js';
import { createEmbedder } from './embed.js';
import { openEngine, openEngineOn, type LoadedEngine } from './engine.js';
import { AppError, appError } from './errors.js';
import type { Logger } from './log.js';
import { openPgBackend } from './pg/backend.js';
import { connectPostgres, type Db } from './pg/db.js';
import { migrate } from './pg/schema.js';
import { readPgManifest } from './pg/write.js';
import { progressBar } from './progress.js';
import { reloadingEngine, type ReloadingEngine } from './reload.js';
import { isRebuildable } from './store.js';
import { memoryBackend, type IndexBackend } from './index-backend.js';
import { openIndex } from './store.js';
import type { Embedder } from './types.js';

export async function loadEmbedder(config: Pick<Config, 'EMBEDDING_MODEL' | 'MODEL_CACHE_DIR'>, log?: Logger): Promise<Embedder> {
  return createEmbedder({
    model: config.EMBEDDING_MODEL,
    cacheDir: config.MODEL_CACHE_DIR,
    onProgress: progressBar('Building the offline embedding model (first run only)'),
    ...(log ? { log } : {}),
  });
}

/** Where the index lives: the INDEX_DIR folder, or Postgres when DATABASE_URL is set. */
export type IndexLocation = Pick<Config, 'INDEX_DIR'> & Partial<Pick<Config, 'DATABASE_URL'>>;

/** A connection failure as one clear line; the URL (it holds the password) is never repeated. */
function databaseError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const e = err as { message?: string; code?: string };
  const detail = e.code ? `${e.code}: ${e.message ?? ''}` : (e.message ?? String(err));
  if (/extension "vector"|vector\.control/.test(detail)) return appError('DATABASE_NO_PGVECTOR', detail);
  return appError('DATABASE_UNREACHABLE', detail);
}

/** A migrated Postgres connection for DATABASE_URL. */
export async function connectIndexDb(url: string): Promise<Db> {
  const db = connectPostgres(url);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw databaseError(err);
  }
  return db;
}

/** Open the index behind the backend interface the engine reads. */
export async function openIndexBackend(where: IndexLocation): Promise<IndexBackend> {
  if (!where.DATABASE_URL) return memoryBackend(await openIndex(where.INDEX_DIR));
  const db = await connectIndexDb(where.DATABASE_URL);
  return openPgBackend(db).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
}

/** Ingest with a progress bar on stderr and the summary printed to stderr. */
export async function ingestWithProgress(corpusDir: string, where: IndexLocation | string, embedder: Embedder, log?: Logger, options: { wait?: boolean } = {}) {
  const target: IndexLocation = typeof where === 'string' ? { INDEX_DIR: where } : where;
  // Loaded only when an index is built: the entity tagger it brings costs about 0.85 s of start-up that a
  // bot opening an existing index need not pay.
  const { formatSummary, ingestCorpus } = await import('./ingest.js');
  const db = target.DATABASE_URL ? await connectIndexDb(target.DATABASE_URL) : undefined;
  try {
    const summary = await ingestCorpus({
      corpusDir,
      indexDir: target.INDEX_DIR,
      embedder,
      ...(db ? { db } : {}),
      ...(log ? { log } : {}),
      ...(options.wait ? { wait: true } : {}),
      onProgress: progressBar('Ingesting'),
    });
    process.stderr.write(formatSummary(summary, db ? 'Postgres' : target.INDEX_DIR) + '\n');
    return summary;
  } finally {
    await db?.close();
  }
}

type EngineConfig = Pick<Config, 'EMBEDDING_MODEL' | 'MODEL_CACHE_DIR' | 'INDEX_DIR' | 'CORPUS_DIR'> & Partial<Pick<Config, 'DATABASE_URL'>>;

/** (Re)build a missing, damaged or outdated index folder from CORPUS_DIR, saying why in one line. */
async function rebuildFolderIndex(config: EngineConfig, embedder: Embedder, cause: Error, log?: Logger): Promise<void> {
  // A first start has no index yet: that is no fault, so the "run npm run ingest" advice is not shown.
  const why = cause instanceof AppError && cause.code === 'INDEX_MISSING' ? `No index in ${config.INDEX_DIR} yet.` : cause.message;
  process.stderr.write(`${why}\nBuilding the index from ${config.CORPUS_DIR}.\n`);
  // Waits for an ingest already running into the same index rather than failing on its lock.
  await ingestWithProgress(config.CORPUS_DIR, config.INDEX_DIR, embedder, log, { wait: true });
}

/** Build the Postgres index from CORPUS_DIR when the database holds none; true when it was built. */
export async function ensureIndex(config: EngineConfig, embedder: Embedder, log?: Logger): Promise<boolean> {
  if (!config.DATABASE_URL) {
    try {
      await openIndex(config.INDEX_DIR);
      return false;
    } catch (err) {
      if (!isRebuildable(err)) throw err;
      await rebuildFolderIndex(config, embedder, err as Error, log);
      return true;
    }
  }
  const db = connectPostgres(config.DATABASE_URL);
  // An unreachable server is not "missing": opening then fails with its own clear error.
  const ready = await readPgManifest(db).then((m) => !!m, () => true).finally(() => db.close());
  if (ready) return false;
  process.stderr.write(`No index in Postgres: building it from ${config.CORPUS_DIR}.\n`);
  await ingestWithProgress(config.CORPUS_DIR, config, embedder, log);
  return true;
}

/**
 * Open the engine; with `buildIfMissing`, a missing, damaged or old-layout index is first (re)built from
 * the corpus, saying why in one line (a damaged index no longer stops `npm start`).
 */
export async function loadEngine(config: EngineConfig, log?: Logger, options: { buildIfMissing?: boolean } = {}): Promise<LoadedEngine> {
  if (config.DATABASE_URL) {
    // Without building, the database opens first: a bad DATABASE_URL fails before the model loads.
    let backend = options.buildIfMissing ? undefined : await openIndexBackend(config);
    const embedder = await loadEmbedder(config, log).catch(async (err: unknown) => {
      await backend?.close();
      throw err;
    });
    if (options.buildIfMissing) await ensureIndex(config, embedder, log);
    backend ??= await openIndexBackend(config);
    try {
      return openEngineOn(backend, embedder, undefined, undefined, 'Postgres');
    } catch (err) {
      await backend.close();
      throw err;
    }
  }
  const embedder = await loadEmbedder(config, log);
  try {
    return await openEngine(config.INDEX_DIR, embedder);
  } catch (err) {
    if (!options.buildIfMissing || !isRebuildable(err)) throw err;
    await rebuildFolderIndex(config, embedder, err as Error, log);
    return openEngine(config.INDEX_DIR, embedder);
  }
}

/**
 * loadEngine, then follow the index: a re-ingest while this runs is picked up between questions. Terminal
 * front ends pass `maxQuestionLength` (MAX_QUESTION_LENGTH, as Discord checks its own input); the bot does
 * not, since a follow-up joins two questions. (Postgres needs no reload: every query reads the latest commit.)
 */
export async function loadLiveEngine(
  config: EngineConfig,
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
