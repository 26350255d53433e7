// Corpus files on disk → Articles. All file-system access of ingestion lives here; parsing is pure
// (parse.ts). A bad file never stops a run: it is skipped with a warning that names it.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Article } from './types.js';
import { appError } from './errors.js';
import { parseDate } from './dates.js';
import { applyOverride, parseArticle, type Format, type SourceOverride } from './parse.js';

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const OVERRIDES_FILE = 'sources.json';

/** Files that sit beside articles but are not articles: the override file and a dataset's own docs. */
const NOT_ARTICLES = /^(?:sources\.json|(?:readme|license|licence|copying|changelog)(?:\.[^.]+)?)$/i;
const FORMATS: Record<string, Format> = { txt: 'txt', md: 'md', markdown: 'md', html: 'html', htm: 'html' };

/** The parse format for a file name, or undefined when it is not an article file. */
export function formatOf(rel: string): Format | undefined {
  const ext = /\.([^./]+)$/.exec(rel)?.[1]?.toLowerCase();
  return ext ? FORMATS[ext] : undefined;
}

/** Names as bytes: a name that is not valid UTF-8 is reported as such rather than mis-decoded. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const errorText = (err: unknown): string => (err as Error).message;

/** Why a symbolic link is skipped (dangling, loop, folder), or undefined when it is a readable file. */
async function linkProblem(target: string): Promise<string | undefined> {
  try {
    const info = await stat(target);
    return info.isFile() ? undefined : info.isDirectory() ? 'symbolic link to a folder, not followed' : 'symbolic link to something that is not a file';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'dangling symbolic link (its target does not exist)';
    if (code === 'ELOOP') return 'symbolic link loop';
    return `symbolic link cannot be followed (${errorText(err)})`;
  }
}

/**
 * Article files under `dir`, recursively, as sorted relative paths with forward slashes. Folders that
 * cannot be read, broken or looping symbolic links and names that are not UTF-8 are skipped, each
 * reported through `onSkip` with the path and the real cause; only an unreadable `dir` itself is fatal.
 */
export async function listCorpusFiles(dir: string, onSkip?: (path: string, reason: string) => void): Promise<string[]> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw appError('CORPUS_MISSING', dir);
  }
  const out: string[] = [];
  const skip = (path: string, why: string) => onSkip?.(path, `${path}: skipped, ${why}`);
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(dir, rel), { withFileTypes: true, encoding: 'buffer' });
    } catch (err) {
      if (!rel) throw appError('CORPUS_MISSING', dir);
      return skip(`${rel}/`, `folder cannot be read (${errorText(err)})`);
    }
    for (const entry of entries) {
      let name: string;
      try {
        name = strictUtf8.decode(entry.name);
      } catch {
        skip(`${rel ? `${rel}/` : ''}${entry.name.toString('utf8')}`, `file name is not valid UTF-8 (bytes ${entry.name.toString('hex')})`);
        continue;
      }
      if (name.startsWith('.')) continue;
      const path = rel ? `${rel}/${name}` : name;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isSymbolicLink()) {
        const problem = await linkProblem(join(dir, path));
        if (problem) skip(path, problem);
        else if (formatOf(name) && !NOT_ARTICLES.test(name)) out.push(path);
      } else if (entry.isFile() && formatOf(name) && !NOT_ARTICLES.test(name)) out.push(path);
    }
  };
  await walk('');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export type Decoded = { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' } | { binary: true };

/**
 * Bytes → text. UTF-8 (BOM stripped) when valid, UTF-16 when it has a BOM, otherwise Windows-1252 (a
 * superset of Latin-1 for printable text, as older news exports use). NUL bytes or many control
 * characters mean the file is not text at all.
 */
export function decodeBytes(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  const sample = bytes.subarray(0, 65536);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return { binary: true };
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) control++;
  }
  if (control > sample.length * 0.02) return { binary: true };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

export interface ReadOptions {
  /** Files larger than this are skipped (default 5 MB). */
  maxBytes?: number;
  /** Metadata from sources.json for this file; wins over the text. */
  override?: SourceOverride;
}

export interface ReadResult {
  article?: Article;
  /** sha256 of the raw bytes, so a re-ingest can tell changed files. */
  hash: string;
  /** Why the file was skipped; set exactly when `article` is absent. */
  warning?: string;
  /** How the bytes were decoded ("windows-1252" when they were not valid UTF-8). */
  encoding?: Extract<Decoded, { encoding: string }>['encoding'];
}

/** Read and parse one corpus file. Never throws for a bad file; it reports a warning instead. */
export async function readArticleFile(dir: string, rel: string, options: ReadOptions = {}): Promise<ReadResult> {
  const path = join(dir, rel);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    return { hash: '', warning: `${rel}: skipped, cannot be read (${errorText(err)})` };
  }
  let bytes: Buffer;
  try {
    if (size > maxBytes) {
      return { hash: await hashFile(path), warning: `${rel}: skipped, ${size} bytes is over the ${maxBytes}-byte limit` };
    }
    bytes = await readFile(path);
  } catch (err) {
    return { hash: '', warning: `${rel}: skipped, cannot be read (${errorText(err)})` };
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  const decoded = decodeBytes(bytes);
  if ('binary' in decoded) return { hash, warning: `${rel}: skipped, looks binary (NUL or control bytes), not text` };
  if (!decoded.text.trim()) return { hash, warning: `${rel}: skipped, empty file` };
  const format = formatOf(rel) ?? 'txt';
  const article = applyOverride(parseArticle(decoded.text, rel, format), options.override);
  if (!article.text.trim()) return { hash, warning: `${rel}: skipped, no article text left after removing page furniture` };
  return { article, hash, encoding: decoded.encoding };
}

const isoOrWritten = z
  .string()
  .trim()
  .refine((s) => parseDate(s) !== undefined, 'is not a date (use YYYY-MM-DD)')
  .transform((s) => parseDate(s) as string);
// Strict: a misspelt field ("pubisher") is reported rather than silently ignored.
const overrideSchema = z.strictObject({
  publisher: z.string().trim().min(1).optional(),
  date: isoOrWritten.optional(),
  url: z.url().optional(),
  title: z.string().trim().min(1).optional(),
});

/** Normalise an override key like "./sport\\001.txt" to the listing's form "sport/001.txt". */
const normalizeKey = (k: string): string => k.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/\/{2,}/g, '/');

/**
 * Read `sources.json` in the corpus folder: { "<relative path>": { publisher?, date?, url?, title? } }.
 * Missing file → no overrides. A malformed file or entry is reported and skipped, never fatal.
 */
export async function loadOverrides(dir: string): Promise<{ entries: Record<string, SourceOverride>; warnings: string[] }> {
  // No prototype: a key such as "__proto__" or "constructor" must be just another file name.
  const entries: Record<string, SourceOverride> = Object.create(null) as Record<string, SourceOverride>;
  const warnings: string[] = [];
  const file = join(dir, OVERRIDES_FILE);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warnings.push(`${file}: cannot be read (${(err as Error).message}); no overrides used`);
    return { entries, warnings };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch (err) {
    warnings.push(`${file}: not valid JSON (${(err as Error).message}); no overrides used`);
    return { entries, warnings };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    warnings.push(`${file}: must be a JSON object mapping file paths to { publisher, date, url, title }; no overrides used`);
    return { entries, warnings };
  }
  for (const [k, v] of Object.entries(json)) {
    const parsed = overrideSchema.safeParse(v);
    if (parsed.success) {
      const entry: SourceOverride = {};
      for (const [field, value] of Object.entries(parsed.data)) if (value !== undefined) entry[field as keyof SourceOverride] = value;
      entries[normalizeKey(k)] = entry;
      continue;
    }
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `field "${issue.path.join('.')}" ` : '';
    warnings.push(`${file}: entry "${k}" skipped: ${where}${issue?.message ?? 'is invalid'}`);
  }
  return { entries, warnings };
}

export interface CorpusFile {
  source: string;
  hash: string;
  article?: Article;
  warning?: string;
}

/** Everything in a corpus folder: each file's result (in listing order) plus the overrides' warnings. */
export async function readCorpus(dir: string, options: { maxBytes?: number } = {}): Promise<{ files: CorpusFile[]; warnings: string[] }> {
  const [list, { entries, warnings }] = await Promise.all([listCorpusFiles(dir), loadOverrides(dir)]);
  const listed = new Set(list);
  for (const k of Object.keys(entries)) if (!listed.has(k)) warnings.push(`${join(dir, OVERRIDES_FILE)}: entry "${k}" names no article file`);
  const files: CorpusFile[] = [];
  const batch = 32; // bounded parallel reads: fast on big corpora without exhausting file handles
  for (let i = 0; i < list.length; i += batch) {
    const slice = list.slice(i, i + batch);
    const results = await Promise.all(slice.map((rel) => readArticleFile(dir, rel, { ...options, override: entries[rel] })));
    results.forEach((r, j) => {
      const file: CorpusFile = { source: slice[j] ?? '', hash: r.hash };
      if (r.article) file.article = r.article;
      if (r.warning) file.warning = r.warning;
      files.push(file);
    });
  }
  return { files, warnings };
}
