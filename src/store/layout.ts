// The index folder's layout (the CURRENT-file pattern of LevelDB/RocksDB):
//   <index>/newsquote-index.json   marker: this folder is ours (written before anything else)
//   <index>/CURRENT                the id of the published version, replaced atomically
//   <index>/versions/<id>/         one complete, fsynced build per id
//   <index>/.writer.lock, .writer.json   the writer lock and who holds it (while an ingest runs)
// A build is invisible until CURRENT names it, so a kill at any instant leaves the previous version
// published. Only names matching these patterns are ever deleted, and only inside an owned folder.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { appError } from '../errors.js';

export const MARKER = 'newsquote-index.json';
export const CURRENT = 'CURRENT';
export const VERSIONS = 'versions';
/** Files of the format-1/2 layout, which kept one build directly in the index folder. */
export const LEGACY_FILES = ['manifest.json', 'index.json', 'articles.json', 'keyword.json'];
/** Entries an otherwise empty folder may hold and still count as empty (git placeholders). */
const PLACEHOLDERS = new Set(['.gitkeep', '.gitignore', '.keep']);
const VERSION_ID = /^v\d{8}T\d{9}Z-[0-9a-f]{8}$/;
/** write-file-atomic's temp files ("<name>.<uint32>"), left behind only by a kill mid-write. */
const ATOMIC_TEMP = /^(?:CURRENT|newsquote-index\.json|\.writer\.json)\.\d+$/;

/** A sortable, unique version id: UTC time to the millisecond plus randomness. */
export function newVersionId(now = new Date()): string {
  return `v${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
}

export const versionDir = (dir: string, id: string): string => path.join(dir, VERSIONS, id);

/** The published version id, or undefined when nothing is published. A damaged pointer is reported. */
export async function readCurrent(dir: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, CURRENT), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw appError('INDEX_CORRUPT', dir, `${CURRENT}: ${(err as Error).message}`);
  }
  const id = text.trim();
  if (!VERSION_ID.test(id)) throw appError('INDEX_CORRUPT', dir, `${CURRENT} does not name a version ("${id.slice(0, 40)}")`);
  return id;
}

/** Point CURRENT at `id`: fsynced temp file renamed over the old one, then the folder fsynced. */
export async function publishCurrent(dir: string, id: string): Promise<void> {
  await writeFileAtomic(path.join(dir, CURRENT), `${id}\n`, { fsync: true });
  await fsyncPath(dir);
}

/** fsync a file or folder by path (folders: so a rename or a new entry in it is durable). */
export async function fsyncPath(p: string): Promise<void> {
  const handle = await open(p, 'r');
  try {
    await handle.sync();
  } catch (err) {
    // Some file systems refuse fsync on a directory; the data files themselves were synced.
    if (!['EINVAL', 'EISDIR', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    await handle.close();
  }
}

export type FolderState = 'missing' | 'empty' | 'ours' | 'legacy';

const isInside = (child: string, parent: string): boolean => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** The real path of `p`, or of its nearest existing ancestor joined with the rest. */
async function realish(p: string): Promise<string> {
  const abs = path.resolve(p);
  try {
    return await realpath(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(await realish(parent), path.basename(abs));
  }
}

/**
 * May an ingest write into `dir`? Only when it is missing, empty, already one of our indexes, or the
 * old layout; never the corpus or a folder that contains it or lies inside it. Touches nothing.
 */
export async function checkTarget(dir: string, corpusDir: string): Promise<FolderState> {
  const target = await realish(dir);
  const corpus = await realish(corpusDir);
  if (isInside(target, corpus)) throw appError('INDEX_DIR_REFUSED', dir, target === corpus ? 'it is the corpus folder' : `it is inside the corpus folder ${corpusDir}`);
  if (isInside(corpus, target)) throw appError('INDEX_DIR_REFUSED', dir, `it contains the corpus folder ${corpusDir}`);
  let info;
  try {
    info = await lstat(target);
  } catch {
    return 'missing';
  }
  if (!info.isDirectory()) throw appError('INDEX_DIR_REFUSED', dir, 'it is a file, not a folder');
  let names: string[];
  try {
    names = await readdir(target);
  } catch (err) {
    throw appError('INDEX_DIR_REFUSED', dir, `it cannot be read (${(err as Error).message})`);
  }
  const legacy = await isLegacyIndex(target, names);
  // Ours; still 'legacy' while a migration has not yet published (its old files are removed then).
  if (names.includes(MARKER)) return legacy && !names.includes(CURRENT) ? 'legacy' : 'ours';
  const own = new Set([...PLACEHOLDERS, ...(legacy ? LEGACY_FILES : [])]);
  const foreign = names.filter((n) => !own.has(n));
  if (foreign.length) {
    const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ` and ${foreign.length - 3} more` : '');
    throw appError('INDEX_DIR_REFUSED', dir, `it holds files that are not a NewsQuote index (${shown})`);
  }
  return names.includes('manifest.json') ? 'legacy' : 'empty';
}

/**
 * Is this the old layout (one build directly in the folder)? Its manifest names a model and files, or,
 * if damaged, sits beside the vectors' index.json: a lone file that merely shares a name is not ours.
 */
async function isLegacyIndex(dir: string, names: string[]): Promise<boolean> {
  if (!names.includes('manifest.json')) return false;
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    return typeof manifest.model === 'string' && typeof manifest.files === 'object';
  } catch {
    return names.includes('index.json');
  }
}

/** Create the folder (if needed) and mark it as ours, durably, before any other write. */
export async function claimFolder(dir: string): Promise<void> {
  await mkdir(path.join(dir, VERSIONS), { recursive: true });
  if (!existsSync(path.join(dir, MARKER))) {
    const marker = { kind: 'newsquote-index', note: 'Written by `npm run ingest`. Everything in this folder belongs to the index.' };
    await writeFileAtomic(path.join(dir, MARKER), JSON.stringify(marker, null, 2) + '\n', { fsync: true });
    await fsyncPath(dir);
  }
}

/**
 * Remove what no reader needs: versions other than `keep` (the new CURRENT and the one it replaced, which
 * a reader that resolved the pointer a moment ago may still be opening), temp files of killed writers,
 * and (`legacy`: the folder was found in the old layout) the old layout's files. Runs under the writer lock.
 */
export async function removeStale(
  dir: string,
  keep: ReadonlySet<string>,
  options: { legacy?: boolean; onRemoved?: (name: string) => Promise<void> } = {},
): Promise<string[]> {
  const removed: string[] = [];
  const drop = async (rel: string) => {
    await rm(path.join(dir, rel), { recursive: true, force: true });
    removed.push(rel);
    await options.onRemoved?.(rel);
  };
  for (const id of await readdir(path.join(dir, VERSIONS)).catch(() => [] as string[])) {
    if (VERSION_ID.test(id) && !keep.has(id)) await drop(path.join(VERSIONS, id));
  }
  for (const name of await readdir(dir)) {
    if (ATOMIC_TEMP.test(name) || (options.legacy && LEGACY_FILES.includes(name))) await drop(name);
  }
  return removed;
}
