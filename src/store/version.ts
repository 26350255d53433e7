// One version folder: the files it holds, how each is written, and the checks made when it is read.
// To add a file to the index, add one entry to VERSION_FILES (its name and how to render it from
// IndexContents) and read it in readVersion; the manifest's checksums cover it automatically.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { appError } from '../errors.js';
import { KeywordIndex } from '../keyword.js';
import type { Article, Chunk } from '../types.js';
import { fsyncPath } from './layout.js';
import { pauseAt } from './pause.js';

// 2: keyword.json indexes analysed terms (format 1 indexed raw words). 3: articles carry entities.
// 4: versioned folders under a CURRENT pointer; the manifest carries counts and per-file checksums.
export const INDEX_FORMAT = 4;
export const MANIFEST = 'manifest.json';

const checksumSchema = z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
export const manifestSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  model: z.string(),
  dimensions: z.number().int().positive(),
  builtAt: z.string(),
  corpus: z.string(),
  files: z.record(z.string(), z.object({ hash: z.string(), chunks: z.number().int().nonnegative() })),
  counts: z.object({ articles: z.number().int().nonnegative(), chunks: z.number().int().nonnegative() }),
  checksums: z.record(z.string(), checksumSchema),
});
export type Manifest = z.infer<typeof manifestSchema>;
/** What ingest supplies; the writer adds the counts and checksums. */
export type BuildManifest = Omit<Manifest, 'counts' | 'checksums'>;

export interface IndexContents {
  manifest: BuildManifest;
  articles: Article[];
  chunks: Chunk[];
  /** Same order as `chunks`. */
  vectors: ArrayLike<number>[];
}

export type ChunkMeta = { source: string; ordinal: number; start: number; end: number };

/** Round to 6 decimals: float32 precision is all the vectors have, and it halves index.json. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * index.json in vectra's LocalIndex format (the header its createIndex writes, then the items), so vectra
 * can open a version folder. Written directly: vectra's insertItem checks ids with a quadratic scan, and
 * importing vectra costs 1.5 s of start-up in every process that opens or writes an index.
 */
function vectraJson(contents: IndexContents): string {
  const items = contents.chunks.map((c, i) => {
    const source = contents.vectors[i];
    if (!source || source.length !== contents.manifest.dimensions) throw new Error(`no ${contents.manifest.dimensions}-dimension vector for chunk ${c.id}`);
    const vector = Array.from(source, round);
    return { id: c.id, metadata: { source: c.source, ordinal: c.ordinal, start: c.start, end: c.end }, vector, norm: Math.hypot(...vector) };
  });
  return JSON.stringify({ version: 1, metadata_config: {}, items });
}

/** The files of a version besides the manifest, in the order they are written. */
export const VERSION_FILES: ReadonlyArray<{ name: string; render(c: IndexContents): string }> = [
  { name: 'index.json', render: vectraJson },
  { name: 'articles.json', render: (c) => JSON.stringify(c.articles) },
  { name: 'keyword.json', render: (c) => KeywordIndex.build(c.chunks).toJSON() },
];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function writeSynced(file: string, data: string): Promise<{ bytes: number; sha256: string }> {
  const bytes = Buffer.from(data, 'utf8');
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { bytes: bytes.length, sha256: sha256(bytes) };
}

/**
 * A file's text, or INDEX_TOO_LARGE when it would pass V8's longest string (2^29 characters). index.json
 * is 11.8 MB at 1× the BBC corpus, so about 45× passes it: measured, 50× (546,050 chunks) fails here.
 */
export function renderFile(file: (typeof VERSION_FILES)[number], contents: IndexContents, dir: string): string {
  try {
    return file.render(contents);
  } catch (err) {
    if (err instanceof RangeError && /invalid string length/i.test(err.message)) throw appError('INDEX_TOO_LARGE', dir, contents.chunks.length);
    throw err;
  }
}

/** Write every file of a version into `folder` (new), fsynced; the manifest, with the checksums, last. */
export async function writeVersion(folder: string, contents: IndexContents): Promise<Manifest> {
  await mkdir(folder, { recursive: true });
  const checksums: Manifest['checksums'] = {};
  for (const file of VERSION_FILES) {
    checksums[file.name] = await writeSynced(path.join(folder, file.name), renderFile(file, contents, path.dirname(path.dirname(folder))));
    await pauseAt('writing');
  }
  const manifest: Manifest = { ...contents.manifest, counts: { articles: contents.articles.length, chunks: contents.chunks.length }, checksums };
  await writeSynced(path.join(folder, MANIFEST), JSON.stringify(manifest, null, 2));
  await fsyncPath(folder);
  await fsyncPath(path.dirname(folder));
  return manifest;
}

/** Reads name the file and say what is wrong with it, in one line. */
export class VersionReader {
  /** Time spent on checks (checksums, counts), as opposed to reading and parsing. */
  checkMs = 0;

  constructor(
    readonly indexDir: string,
    readonly folder: string,
  ) {}

  fail(file: string, what: string): never {
    throw appError('INDEX_CORRUPT', this.indexDir, `${path.relative(this.indexDir, path.join(this.folder, file))}: ${what}`);
  }

  async manifest(): Promise<Manifest> {
    const raw = await readFile(path.join(this.folder, MANIFEST), 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      this.fail(MANIFEST, raw.length ? 'not valid JSON (truncated or damaged)' : 'empty file');
    }
    const format = (json as { format?: unknown } | null)?.format;
    if (typeof format === 'number' && format !== INDEX_FORMAT) {
      throw appError('INDEX_OUTDATED', this.indexDir, `index format ${format}; this version reads format ${INDEX_FORMAT}`);
    }
    const parsed = manifestSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.fail(MANIFEST, `field "${issue?.path.join('.') ?? ''}" ${issue?.message ?? 'is invalid'}`);
    }
    const m = parsed.data;
    const listed = Object.keys(m.files).length;
    if (listed !== m.counts.articles) this.fail(MANIFEST, `lists ${listed} files but counts ${m.counts.articles} articles`);
    const chunks = Object.values(m.files).reduce((n, f) => n + f.chunks, 0);
    if (chunks !== m.counts.chunks) this.fail(MANIFEST, `its files add up to ${chunks} chunks but it counts ${m.counts.chunks}`);
    return m;
  }

  /** A file's text after checking its size and checksum against the manifest (one pass over the bytes). */
  async text(manifest: Manifest, name: string): Promise<string> {
    const expected = manifest.checksums[name];
    if (!expected) this.fail(MANIFEST, `has no checksum for ${name}`);
    const bytes = await readFile(path.join(this.folder, name));
    const started = performance.now();
    const sum = sha256(bytes);
    this.checkMs += performance.now() - started;
    if (bytes.length !== expected.bytes) this.fail(name, `${bytes.length} bytes where the manifest says ${expected.bytes} (truncated or replaced)`);
    if (sum !== expected.sha256) this.fail(name, 'contents differ from the manifest checksum (damaged, or copied from another index)');
    return bytes.toString('utf8');
  }

  json<T>(name: string, text: string): T {
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      this.fail(name, `not valid JSON (${(err as Error).message})`);
    }
  }
}
