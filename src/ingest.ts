// Ingest: corpus folder → parse → annotate → chunk → embed → a new index version published at the end.
// Unchanged files keep their vectors from the previous index (same model), so re-ingest embeds only
// what is new or changed; deleted files drop out. A failure anywhere leaves the old index as it was.
// The whole run holds the index's writer lock, so the vectors re-used and the version replaced are
// the same one.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { annotate } from './annotate.js';
import { chunkArticle } from './chunk.js';
import { appError } from './errors.js';
import type { Logger } from './log.js';
import { applyOverride } from './parse.js';
import { listCorpusFiles, loadOverrides, readArticleFile } from './read.js';
import type { Db } from './pg/db.js';
import { pgIndexTarget } from './pg/write.js';
import { INDEX_FORMAT, openWriter, type BuildManifest, type IndexWriter, type Manifest } from './store.js';
import type { Article, Chunk, Embedder } from './types.js';
import type { VectorMatrix } from './vectors.js';

export interface IngestSummary {
  files: number;
  articles: number;
  added: string[];
  changed: string[];
  unchanged: number;
  removed: string[];
  skipped: { file: string; reason: string }[];
  chunks: number;
  embedded: number;
  seconds: number;
  model: string;
}

export interface IngestOptions {
  corpusDir: string;
  indexDir: string;
  embedder: Embedder;
  log?: Logger;
  onProgress?: (done: number, total: number, phase: string) => void;
  /** Texts per embedding call. */
  batchSize?: number;
  /** Wait for another ingest into the same index to finish instead of failing at once. */
  wait?: boolean;
  /** Ingest into this Postgres database instead of `indexDir` (one transaction; unchanged files stay as they are). */
  db?: Db;
}

/** Where an ingest publishes: the index folder's writer, or Postgres (src/pg/write.ts). */
type IngestTarget = Pick<IndexWriter, 'release'> & {
  /** Postgres gives no vectors: rows of unchanged files stay in place, their vectors are not read back. */
  previous(): Promise<{ manifest: BuildManifest; vectors?: VectorMatrix } | undefined>;
  publish(contents: { manifest: BuildManifest; articles: Article[]; chunks: Chunk[]; vectors: (ArrayLike<number> | undefined)[] }): Promise<void>;
};

/** What the embedding sees: the article title gives a chunk its topic (a cheap, known gain). */
export function embeddingText(chunk: Chunk): string {
  return `${chunk.title}. ${chunk.text}`;
}

interface Previous {
  manifest: BuildManifest;
  vectors?: VectorMatrix;
}

async function loadPrevious(writer: IngestTarget, embedder: Embedder, log?: Logger): Promise<Previous | undefined> {
  try {
    const previous = await writer.previous();
    if (!previous) return undefined;
    const { manifest } = previous;
    if (manifest.model !== embedder.modelId || manifest.dimensions !== embedder.dimensions) {
      log?.info('embedding model changed: re-embedding every file', { was: manifest.model, now: embedder.modelId });
      return undefined;
    }
    return previous;
  } catch (err) {
    log?.warn('previous index unreadable: rebuilding from scratch', { error: (err as Error).message });
    return undefined;
  }
}

export async function ingestCorpus(options: IngestOptions): Promise<IngestSummary> {
  const { corpusDir, indexDir, log } = options;
  if (!existsSync(corpusDir) || !statSync(corpusDir).isDirectory()) throw appError('CORPUS_MISSING', corpusDir);
  const writer: IngestTarget = options.db
    ? pgIndexTarget(options.db)
    : await openWriter(indexDir, { corpusDir, ...(options.wait ? { wait: true } : {}), ...(log ? { log } : {}) });
  try {
    return await ingestLocked(options, writer);
  } finally {
    await writer.release();
  }
}

async function ingestLocked(options: IngestOptions, writer: IngestTarget): Promise<IngestSummary> {
  const started = performance.now();
  const { corpusDir, embedder, log, onProgress } = options;
  const listWarnings: { file: string; reason: string }[] = [];
  const files = await listCorpusFiles(corpusDir, (file, reason) => listWarnings.push({ file, reason }));
  for (const w of listWarnings) log?.warn(w.reason, { file: w.file });
  const overrides = await loadOverrides(corpusDir);
  for (const w of overrides.warnings) log?.warn(w);
  const previous = await loadPrevious(writer, embedder, log);

  const summary: IngestSummary = {
    files: files.length, articles: 0, added: [], changed: [], unchanged: 0, removed: [], skipped: [],
    chunks: 0, embedded: 0, seconds: 0, model: embedder.modelId,
  };
  summary.skipped.push(...listWarnings);
  const articles: Article[] = [];
  const chunks: Chunk[] = [];
  const vectors: (ArrayLike<number> | undefined)[] = [];
  /** Chunks whose stored row (Postgres) stays as it is: nothing to embed. */
  const kept = new Set<number>();
  const manifestFiles: Manifest['files'] = {};

  for (const [i, rel] of files.entries()) {
    onProgress?.(i, files.length, 'parse');
    const read = await readArticleFile(corpusDir, rel);
    if (read.warning) log?.warn(read.warning, { file: rel });
    if (!read.article) {
      summary.skipped.push({ file: rel, reason: read.warning ?? 'unreadable' });
      continue;
    }
    const override = overrides.entries[rel];
    const parsed = applyOverride(read.article, override);
    // Names and values are found once here, so answering pays nothing for them.
    const article = { ...parsed, entities: annotate(parsed.text) };
    // The override is part of what the vectors depend on (a title change re-embeds).
    const hash = createHash('sha256').update(read.hash).update(JSON.stringify(override ?? null)).digest('hex');
    const was = previous?.manifest.files[rel];
    const reuse = was?.hash === hash;
    if (!was) summary.added.push(rel);
    else if (!reuse) summary.changed.push(rel);
    else summary.unchanged++;

    const own = chunkArticle(article);
    articles.push(article);
    manifestFiles[rel] = { hash, chunks: own.length };
    for (const c of own) {
      if (reuse && !previous?.vectors) kept.add(chunks.length);
      chunks.push(c);
      vectors.push(reuse ? previous?.vectors?.get(c.id) : undefined);
    }
  }
  onProgress?.(files.length, files.length, 'parse');
  if (articles.length === 0) throw appError('CORPUS_EMPTY', corpusDir);
  if (previous) summary.removed = Object.keys(previous.manifest.files).filter((f) => !(f in manifestFiles));

  // Embed only the chunks with no reusable vector.
  const todo = chunks.map((_, i) => i).filter((i) => vectors[i] === undefined && !kept.has(i));
  const batch = options.batchSize ?? 256;
  for (let b = 0; b < todo.length; b += batch) {
    onProgress?.(b, todo.length, 'embed');
    const ids = todo.slice(b, b + batch);
    const out = await embedder.embed(ids.map((i) => embeddingText(chunks[i] as Chunk)));
    ids.forEach((i, j) => (vectors[i] = out[j]));
  }
  onProgress?.(todo.length, todo.length, 'embed');

  const manifest: BuildManifest = {
    format: INDEX_FORMAT,
    model: embedder.modelId,
    dimensions: embedder.dimensions,
    builtAt: new Date().toISOString(),
    corpus: corpusDir,
    files: manifestFiles,
  };
  await writer.publish({ manifest, articles, chunks, vectors });

  summary.articles = articles.length;
  summary.chunks = chunks.length;
  summary.embedded = todo.length;
  summary.seconds = Math.round((performance.now() - started) / 100) / 10;
  return summary;
}

export function formatSummary(s: IngestSummary, indexDir: string): string {
  const lines = [
    `Indexed ${s.articles} articles (${s.chunks} chunks) into ${indexDir} in ${s.seconds}s with ${s.model}.`,
    `  new: ${s.added.length}, changed: ${s.changed.length}, unchanged: ${s.unchanged}, removed: ${s.removed.length}, embedded: ${s.embedded} chunks`,
  ];
  // Each reason already names its file.
  if (s.skipped.length) lines.push(`  skipped ${s.skipped.length}:`, ...s.skipped.map((k) => `    ${k.reason}`));
  return lines.join('\n');
}
