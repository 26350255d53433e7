// Reading one published version, with the integrity checks made on every open: checksums and sizes
// against the manifest, counts that agree across files, every vector at the manifest's dimension, every
// chunk's offsets inside its article. All are linear scans over data the open parses anyway.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { makeChunk } from '../chunk.js';
import { appError, AppError } from '../errors.js';
import { KeywordIndex } from '../keyword.js';
import type { Article, Chunk } from '../types.js';
import { VectorMatrix } from '../vectors.js';
import { readCurrent, versionDir } from './layout.js';
import { VersionReader, type ChunkMeta, type Manifest } from './version.js';

export interface OpenIndex {
  dir: string;
  /** The published version this was read from (see indexVersion). */
  version: string;
  manifest: Manifest;
  articles: Map<string, Article>;
  /** Chunks by id, and per article in ordinal order. */
  chunks: Map<string, Chunk>;
  chunksBySource: Map<string, Chunk[]>;
  keyword: KeywordIndex;
  /** The chunk vectors, one contiguous matrix (the parsed items are not kept: no second copy). */
  vectors: VectorMatrix;
  /** Time the integrity checks took within the open (checksums and cross-file checks), for the bench. */
  integrityMs: number;
}

type VectraItem = { id: string; metadata: ChunkMeta; vector: number[] };

/** The published version id; INDEX_MISSING when there is none, INDEX_OUTDATED for the old layout. */
export async function resolveVersion(dir: string): Promise<string> {
  const id = await readCurrent(dir);
  if (id) return id;
  if (existsSync(path.join(dir, 'manifest.json'))) throw appError('INDEX_OUTDATED', dir, 'the old layout, with its files directly in the folder');
  throw appError('INDEX_MISSING', dir);
}

/** The vectors of a version, checked: one per chunk the manifest counts, each of its dimension. */
async function readItems(r: VersionReader, manifest: Manifest): Promise<VectraItem[]> {
  const data = r.json<{ items?: VectraItem[] }>('index.json', await r.text(manifest, 'index.json'));
  const items = data.items;
  const started = performance.now();
  if (!Array.isArray(items)) r.fail('index.json', 'has no "items" list');
  if (items.length !== manifest.counts.chunks) r.fail('index.json', `holds ${items.length} vectors where the manifest counts ${manifest.counts.chunks} chunks`);
  for (const item of items) {
    if (!Array.isArray(item.vector) || item.vector.length !== manifest.dimensions) {
      r.fail('index.json', `vector of ${item.id} has ${item.vector?.length ?? 0} dimensions, not ${manifest.dimensions}`);
    }
  }
  r.checkMs += performance.now() - started;
  return items;
}

function matrix(items: VectraItem[], dimensions: number): VectorMatrix {
  return VectorMatrix.fromRows(items.map((i) => i.id), items.map((i) => i.vector), dimensions);
}

/** ENOENT inside a version that CURRENT names: a file of the index is missing. */
async function guard<T>(r: VersionReader, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof AppError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') r.fail(path.basename(e.path ?? '') || '.', 'missing');
    r.fail(path.basename(e.path ?? '') || '.', e.message);
  }
}

export async function readVersionVectors(dir: string, id: string): Promise<{ manifest: Manifest; vectors: VectorMatrix }> {
  const r: VersionReader = new VersionReader(dir, versionDir(dir, id));
  return guard(r, async () => {
    const manifest = await r.manifest();
    return { manifest, vectors: matrix(await readItems(r, manifest), manifest.dimensions) };
  });
}

export async function readVersion(dir: string, id: string): Promise<OpenIndex> {
  const r: VersionReader = new VersionReader(dir, versionDir(dir, id));
  return guard(r, async () => {
    const manifest = await r.manifest();
    const [items, articleText, keywordText] = await Promise.all([
      readItems(r, manifest),
      r.text(manifest, 'articles.json'),
      r.text(manifest, 'keyword.json'),
    ]);
    const articleList = r.json<Article[]>('articles.json', articleText);
    if (!Array.isArray(articleList) || articleList.length !== manifest.counts.articles) {
      r.fail('articles.json', `holds ${Array.isArray(articleList) ? articleList.length : 'no'} articles where the manifest counts ${manifest.counts.articles}`);
    }
    const articles = new Map(articleList.map((a) => [a.source, a]));
    if (articles.size !== articleList.length) r.fail('articles.json', 'names an article twice');
    let keyword: KeywordIndex;
    try {
      keyword = KeywordIndex.fromJSON(keywordText);
    } catch (err) {
      r.fail('keyword.json', `cannot be loaded (${(err as Error).message})`);
    }
    if (keyword.documentCount !== manifest.counts.chunks) r.fail('keyword.json', `indexes ${keyword.documentCount} chunks where the manifest counts ${manifest.counts.chunks}`);

    const chunks = new Map<string, Chunk>();
    const chunksBySource = new Map<string, Chunk[]>();
    // Building the chunks is part of any open; the checks inside and after the loop are counted whole.
    const checked = performance.now();
    for (const item of items) {
      const { source, ordinal, start, end } = item.metadata ?? ({} as ChunkMeta);
      const article = articles.get(source);
      if (!article) r.fail('index.json', `chunk ${item.id} names article "${source}", which articles.json lacks`);
      if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= article.text.length)) {
        r.fail('index.json', `chunk ${item.id} has offsets ${start}-${end} outside its article (${article.text.length} characters)`);
      }
      const chunk = makeChunk(article, ordinal, start, end);
      if (chunk.id !== item.id || chunks.has(chunk.id)) r.fail('index.json', `chunk ${item.id} is duplicated or misnamed`);
      chunks.set(chunk.id, chunk);
      const list = chunksBySource.get(source) ?? [];
      list.push(chunk);
      chunksBySource.set(source, list);
    }
    for (const [source, entry] of Object.entries(manifest.files)) {
      const have = chunksBySource.get(source)?.length ?? 0;
      if (!articles.has(source)) r.fail('articles.json', `lacks "${source}", which the manifest lists`);
      if (have !== entry.chunks) r.fail('index.json', `holds ${have} chunks of "${source}" where the manifest counts ${entry.chunks}`);
    }
    r.checkMs += performance.now() - checked;
    for (const list of chunksBySource.values()) list.sort((a, b) => a.ordinal - b.ordinal);
    return { dir, version: id, manifest, articles, chunks, chunksBySource, keyword, vectors: matrix(items, manifest.dimensions), integrityMs: r.checkMs };
  });
}

/**
 * Resolve CURRENT once and read that version. A writer may retire the version between the two steps
 * (it keeps only the newest two); then the pointer has moved and the read starts again from it.
 */
export async function readPublished<T>(dir: string, read: (dir: string, id: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const id = await resolveVersion(dir);
    try {
      return await read(dir, id);
    } catch (err) {
      const moved = attempt < 5 && (await readCurrent(dir).catch(() => undefined)) !== id;
      if (!moved) throw err;
    }
  }
}
