// Wiring shared by the entry points: config → embedder → index → engine. Nothing here is imported
// by lower layers; the bins and the Discord runner call it.
import { existsSync } from 'node:fs';
import type { Config } from './config.js';
import { AppError, appError } from './errors.js';
import { createEmbedder } from './embed.js';
import { openEngineOn, type LoadedEngine } from './engine.js';
import { memoryBackend, type IndexBackend } from './index-backend.js';
import { formatSummary, ingestCorpus } from './ingest.js';
import type { Logger } from './log.js';
import { progressBar } from './progress.js';
import { openPgBackend } from './pg/backend.js';
import { connectPostgres, type Db } from './pg/db.js';
import { migrate } from './pg/schema.js';
import { readPgManifest } from './pg/write.js';
import { openIndex, readManifest } from './store.js';
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
export type IndexLocation = Pick<Config, 'INDEX_DIR' | 'DATABASE_URL'>;

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
export async function ingestWithProgress(corpusDir: string, where: IndexLocation | string, embedder: Embedder, log?: Logger) {
  const target = typeof where === 'string' ? { INDEX_DIR: where } : where;
  const db = target.DATABASE_URL ? await connectIndexDb(target.DATABASE_URL) : undefined;
  try {
    const summary = await ingestCorpus({
      corpusDir,
      indexDir: target.INDEX_DIR,
      embedder,
      ...(db ? { db } : {}),
      ...(log ? { log } : {}),
      onProgress: progressBar('Ingesting'),
    });
    process.stderr.write(formatSummary(summary, db ? 'Postgres' : target.INDEX_DIR) + '\n');
    return summary;
  } finally {
    await db?.close();
  }
}

async function indexState(where: IndexLocation): Promise<'ready' | 'missing' | 'unreadable'> {
  if (where.DATABASE_URL) {
    const db = connectPostgres(where.DATABASE_URL);
    // An unreachable server is not "missing": opening then fails with its own clear error.
    return readPgManifest(db).then((m) => (m ? 'ready' : 'missing'), () => 'ready' as const).finally(() => db.close());
  }
  const dir = where.INDEX_DIR;
  if (!existsSync(dir)) return 'missing';
  try {
    return (await readManifest(dir)) ? 'ready' : 'missing';
  } catch {
    return 'unreadable';
  }
}

type EngineConfig = Pick<Config, 'EMBEDDING_MODEL' | 'MODEL_CACHE_DIR' | 'INDEX_DIR' | 'CORPUS_DIR'> & Partial<Pick<Config, 'DATABASE_URL'>>;

/** Build the index from CORPUS_DIR when it is missing or unreadable; true when it was built. */
export async function ensureIndex(config: EngineConfig, embedder: Embedder, log?: Logger): Promise<boolean> {
  const state = await indexState(config);
  if (state === 'ready') return false;
  const where = config.DATABASE_URL ? 'Postgres' : config.INDEX_DIR;
  process.stderr.write(`${state === 'missing' ? 'No index' : 'An unreadable or outdated index'} in ${where}: building it from ${config.CORPUS_DIR}.\n`);
  await ingestWithProgress(config.CORPUS_DIR, config, embedder, log);
  return true;
}

/** Open the engine; with `buildIfMissing`, a missing or unreadable index is first built from the corpus. */
export async function loadEngine(config: EngineConfig, log?: Logger, options: { buildIfMissing?: boolean } = {}): Promise<LoadedEngine> {
  // Without building, the index opens first: a bad DATABASE_URL fails before the model loads.
  let backend = options.buildIfMissing ? undefined : await openIndexBackend(config);
  const embedder = await loadEmbedder(config, log).catch(async (err: unknown) => {
    await backend?.close();
    throw err;
  });
  if (options.buildIfMissing) await ensureIndex(config, embedder, log);
  backend ??= await openIndexBackend(config);
  try {
    return openEngineOn(backend, embedder, undefined, undefined, config.DATABASE_URL ? 'Postgres' : config.INDEX_DIR);
  } catch (err) {
    await backend.close();
    throw err;
  }
}
