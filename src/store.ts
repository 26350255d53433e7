// The index on disk, behind one seam: the rest of the code imports only this module, so another backend
// can sit behind the same functions. Layout and crash safety: src/store/layout.ts; the files of a
// version and their checks: src/store/version.ts and src/store/read.ts; the writer lock: src/store/lock.ts.
// Writers publish a complete, fsynced version by replacing one pointer file; readers resolve the pointer
// once and read that version, so neither a kill nor a concurrent reader ever sees half an index.
import { rm } from 'node:fs/promises';
import { appError } from './errors.js';
import type { Logger } from './log.js';
import { checkTarget, claimFolder, newVersionId, publishCurrent, readCurrent, removeStale, versionDir, type FolderState } from './store/layout.js';
import { lockWriter } from './store/lock.js';
import { pauseAt } from './store/pause.js';
import { readPublished, readVersion, readVersionVectors, type OpenIndex } from './store/read.js';
import { VersionReader, writeVersion, type IndexContents, type Manifest } from './store/version.js';
import type { VectorMatrix } from './vectors.js';

export { INDEX_FORMAT, type BuildManifest, type IndexContents, type Manifest } from './store/version.js';
export type { OpenIndex } from './store/read.js';

/** The published manifest, or undefined when nothing is published (nor for an old-layout folder). */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  if (!(await readCurrent(dir))) return undefined;
  return readPublished(dir, (d, id) => new VersionReader(d, versionDir(d, id)).manifest());
}

/** The id of the published version (cheap: one small file), for readers that reload when it changes. */
export async function indexVersion(dir: string): Promise<string | undefined> {
  return readCurrent(dir);
}

/** Open the published index, checking its integrity; one line naming the file on any damage. */
export async function openIndex(dir: string): Promise<OpenIndex> {
  return readPublished(dir, readVersion);
}

/** Refuse (INDEX_DIR_REFUSED) an index folder an ingest must not write into, touching nothing: run it before slow set-up. */
export async function checkIndexDir(dir: string, corpusDir: string): Promise<void> {
  await checkTarget(dir, corpusDir);
}

export interface IndexWriter {
  /** What the folder was before this ingest: missing, empty, ours, or the old layout (rebuilt). */
  readonly state: FolderState;
  /** The published manifest and vectors, for re-use; undefined when there is nothing to re-use. */
  previous(): Promise<{ manifest: Manifest; vectors: VectorMatrix } | undefined>;
  /** Write a new version and publish it; removes older versions but the one it replaces. */
  publish(contents: IndexContents): Promise<void>;
  release(): Promise<void>;
}

/**
 * Become the index's one writer: refuse a folder that is not ours (touching nothing), mark it as ours,
 * take the writer lock (INDEX_LOCKED naming the holder, or wait with `wait`).
 */
export async function openWriter(dir: string, options: { corpusDir: string; wait?: boolean; log?: Logger }): Promise<IndexWriter> {
  const state = await checkTarget(dir, options.corpusDir);
  await claimFolder(dir).catch((err: Error) => {
    throw appError('INDEX_DIR_REFUSED', dir, `it cannot be written (${err.message})`);
  });
  const lock = await lockWriter(dir, {
    ...(options.wait ? { wait: true } : {}),
    onWait: (holder) => options.log?.info(`waiting for the ingest already writing ${dir} (${holder})`),
  });
  await pauseAt('locked');
  if (state === 'legacy') options.log?.info(`the index in ${dir} has the old layout: rebuilding it in the new one (its old files are removed after)`);
  return {
    state,
    async previous() {
      if (state === 'legacy' || !(await readCurrent(dir))) return undefined;
      return readPublished(dir, readVersionVectors);
    },
    async publish(contents) {
      lock.check();
      const id = newVersionId();
      const folder = versionDir(dir, id);
      try {
        await writeVersion(folder, contents);
      } catch (err) {
        await rm(folder, { recursive: true, force: true });
        throw err;
      }
      await pauseAt('written');
      lock.check();
      const replaced = await readCurrent(dir).catch(() => undefined);
      await publishCurrent(dir, id);
      await pauseAt('published');
      let first = true;
      const removed = await removeStale(dir, new Set([id, ...(replaced ? [replaced] : [])]), {
        legacy: state === 'legacy',
        onRemoved: async () => {
          if (first) await pauseAt('cleaning');
          first = false;
        },
      });
      if (removed.length) options.log?.debug('removed old index files', { removed });
    },
    release: () => lock.release(),
  };
}

/** Write a complete index into `dir` as one writer (ownership check, lock, publish, release). */
export async function writeIndex(dir: string, contents: IndexContents, options: { wait?: boolean; log?: Logger } = {}): Promise<void> {
  const writer = await openWriter(dir, { corpusDir: contents.manifest.corpus, ...options });
  try {
    await writer.publish(contents);
  } finally {
    await writer.release();
  }
}

/** For front ends that rebuild a missing or damaged index (npm start): is this error one a rebuild fixes? */
export function isRebuildable(err: unknown): boolean {
  const code = (err as { code?: string } | undefined)?.code;
  return code === 'INDEX_MISSING' || code === 'INDEX_CORRUPT' || code === 'INDEX_OUTDATED';
}
