// The index folder on disk: vectra holds the chunk vectors (with offsets as metadata), beside it
// articles.json (cleaned texts every offset points into), keyword.json (BM25) and manifest.json.
// The only module that imports vectra. Writes go to a sibling folder that is swapped in at the end,
// so a failed ingest never touches the index already there.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalIndex } from 'vectra';
import { z } from 'zod';
import { makeChunk } from './chunk.js';
import { appError } from './errors.js';
import { KeywordIndex } from './keyword.js';
import type { Article, Chunk } from './types.js';
import { VectorMatrix } from './vectors.js';

// 2: keyword.json indexes analysed terms (format 1 indexed raw words). 3: articles carry entities.
export const INDEX_FORMAT = 3;

const manifestSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  model: z.string(),
  dimensions: z.number().int().positive(),
  builtAt: z.string(),
  corpus: z.string(),
  files: z.record(z.string(), z.object({ hash: z.string(), chunks: z.number().int().nonnegative() })),
});
export type Manifest = z.infer<typeof manifestSchema>;

type ChunkMeta = { source: string; ordinal: number; start: number; end: number };

export interface IndexContents {
  manifest: Manifest;
  articles: Article[];
  chunks: Chunk[];
  /** Same order as `chunks`. */
  vectors: ArrayLike<number>[];
}

export interface OpenIndex {
  dir: string;
  manifest: Manifest;
  articles: Map<string, Article>;
  /** Chunks by id, and per article in ordinal order. */
  chunks: Map<string, Chunk>;
  chunksBySource: Map<string, Chunk[]>;
  keyword: KeywordIndex;
  /** The chunk vectors, one contiguous matrix (vectra's parsed items are not kept: no second copy). */
  vectors: VectorMatrix;
}

export async function readManifest(dir: string): Promise<Manifest | undefined> {
  const file = path.join(dir, 'manifest.json');
  if (!existsSync(file)) return undefined;
  const parsed = manifestSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw appError('INDEX_CORRUPT', dir, 'manifest.json does not match the expected format');
  return parsed.data;
}

async function loadItems(dir: string, dimensions: number) {
  const vectra = new LocalIndex<ChunkMeta>(dir);
  if (!(await vectra.isIndexCreated())) throw appError('INDEX_CORRUPT', dir, 'index.json is missing');
  const items = await vectra.listItems();
  return { items, vectors: VectorMatrix.fromRows(items.map((i) => i.id), items.map((i) => i.vector), dimensions) };
}

/** Only the vectors: what re-ingest reuses, without parsing the articles or the keyword index. */
export async function readVectors(dir: string, manifest: Manifest): Promise<VectorMatrix> {
  return (await loadItems(dir, manifest.dimensions)).vectors;
}

export async function openIndex(dir: string): Promise<OpenIndex> {
  const manifest = await readManifest(dir);
  if (!manifest) throw appError('INDEX_MISSING', dir);
  let articleList: Article[];
  let keyword: KeywordIndex;
  try {
    articleList = JSON.parse(await readFile(path.join(dir, 'articles.json'), 'utf8')) as Article[];
    keyword = KeywordIndex.fromJSON(await readFile(path.join(dir, 'keyword.json'), 'utf8'));
  } catch (err) {
    throw appError('INDEX_CORRUPT', dir, (err as Error).message);
  }
  const articles = new Map(articleList.map((a) => [a.source, a]));
  const { items, vectors } = await loadItems(dir, manifest.dimensions);
  const chunks = new Map<string, Chunk>();
  const chunksBySource = new Map<string, Chunk[]>();
  for (const item of items) {
    const article = articles.get(item.metadata.source);
    if (!article) throw appError('INDEX_CORRUPT', dir, `chunk ${item.id} has no article`);
    const chunk = makeChunk(article, item.metadata.ordinal, item.metadata.start, item.metadata.end);
    chunks.set(chunk.id, chunk);
    const list = chunksBySource.get(chunk.source) ?? [];
    list.push(chunk);
    chunksBySource.set(chunk.source, list);
  }
  for (const list of chunksBySource.values()) list.sort((a, b) => a.ordinal - b.ordinal);

  return {
    dir,
    manifest,
    articles,
    chunks,
    chunksBySource,
    keyword,
    vectors,
  };
}

/** Write a complete index into a fresh sibling folder, then swap it in place of `dir`. */
export async function writeIndex(dir: string, contents: IndexContents): Promise<void> {
  const target = path.resolve(dir);
  const tag = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const building = `${target}.building-${tag}`;
  try {
    await mkdir(building, { recursive: true });
    await writeVectors(building, contents);
    await writeFile(path.join(building, 'articles.json'), JSON.stringify(contents.articles));
    await writeFile(path.join(building, 'keyword.json'), KeywordIndex.build(contents.chunks).toJSON());
    // The manifest goes last: a folder without one is never taken for an index.
    await writeFile(path.join(building, 'manifest.json'), JSON.stringify(contents.manifest, null, 2));
    await swapIn(building, target, tag);
  } catch (err) {
    await rm(building, { recursive: true, force: true });
    throw err;
  }
}

/** Round to 6 decimals: float32 precision is all the vectors have, and it halves index.json. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

async function writeVectors(folder: string, contents: IndexContents): Promise<void> {
  const vectra = new LocalIndex<ChunkMeta>(folder);
  await vectra.createIndex({ version: 1 });
  // vectra's insertItem checks ids with a linear scan (quadratic over a large corpus), so the items go
  // straight into the index.json vectra just created, in its own format; openIndex reads them back
  // through vectra.
  const file = path.join(folder, vectra.indexName);
  const data = JSON.parse(await readFile(file, 'utf8')) as { items: unknown[] };
  data.items = contents.chunks.map((c, i) => {
    const source = contents.vectors[i];
    if (!source) throw new Error(`no vector for chunk ${c.id}`);
    const vector = Array.from(source, round);
    return {
      id: c.id,
      metadata: { source: c.source, ordinal: c.ordinal, start: c.start, end: c.end },
      vector,
      norm: Math.hypot(...vector),
    };
  });
  await writeFile(file, JSON.stringify(data));
}

async function swapIn(building: string, target: string, tag: string): Promise<void> {
  if (!existsSync(target)) {
    await rename(building, target);
    return;
  }
  // Keep placeholder files (index/.gitkeep) that live in the folder for git's sake.
  for (const name of await readdir(target)) {
    if (name.startsWith('.') && !existsSync(path.join(building, name))) await writeFile(path.join(building, name), '');
  }
  const previous = `${target}.previous-${tag}`;
  try {
    await rename(target, previous);
  } catch {
    // The index folder itself cannot be moved (e.g. a mount point): replace its contents instead.
    await replaceContents(building, target);
    return;
  }
  await rename(building, target);
  await rm(previous, { recursive: true, force: true });
}

async function replaceContents(from: string, to: string): Promise<void> {
  for (const name of await readdir(to)) if (name !== '.gitkeep') await rm(path.join(to, name), { recursive: true, force: true });
  for (const name of await readdir(from)) await rename(path.join(from, name), path.join(to, name));
  await rm(from, { recursive: true, force: true });
}
