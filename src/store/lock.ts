// One writer per index: proper-lockfile's lock (an mkdir'd folder whose mtime the holder refreshes), with
// a holder file beside it so a second ingest can say who is writing. A killed writer stops refreshing,
// so its lock goes stale after STALE_MS; on the same host a holder whose process is gone is known dead
// at once and its lock is taken without waiting (proper-lockfile has no hook for that check).
import { readFile, rm, rmdir, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import { appError } from '../errors.js';

const LOCK = '.writer.lock';
const HOLDER = '.writer.json';
/** A lock not refreshed for this long belongs to a dead writer (proper-lockfile refreshes every STALE_MS/2). */
export const STALE_MS = 10_000;

export interface WriterLock {
  /** Throws if the lock was lost (e.g. taken as stale while this process was frozen). */
  check(): void;
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

async function readHolder(dir: string): Promise<Holder | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, HOLDER), 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

/**
 * Is the lock a dead writer's? Its holder ran on this host and is gone, and the holder file was written
 * after the lock folder was made (else the lock is a newer writer's that has not yet written its own).
 */
async function heldByDeadWriter(dir: string, holder: Holder | undefined): Promise<boolean> {
  if (!holder || holder.host !== hostname() || holder.pid === process.pid || isAlive(holder.pid)) return false;
  const [lock, file] = await Promise.all([stat(path.join(dir, LOCK)).catch(() => undefined), stat(path.join(dir, HOLDER)).catch(() => undefined)]);
  return !!lock && !!file && lock.birthtimeMs > 0 && lock.birthtimeMs <= file.mtimeMs;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who this process is, for the holder file. */
const holderInfo = (): Holder => ({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() });

const describe = (h: Holder | undefined): string =>
  h ? `process ${h.pid} on ${h.host}, started ${h.startedAt}` : 'a process that has not yet said who it is';

/**
 * Take the writer lock on `dir` (which must exist). Held by a live writer: INDEX_LOCKED naming it, or with
 * `wait`, poll until it is free (`onWait` is told once whom it waits for).
 */
export async function lockWriter(dir: string, options: { wait?: boolean; onWait?: (holder: string) => void } = {}): Promise<WriterLock> {
  let lost: Error | undefined;
  const lockOptions = {
    realpath: false,
    lockfilePath: path.join(dir, LOCK),
    stale: STALE_MS,
    onCompromised: (err: Error) => void (lost = err),
    retries: 0,
  };
  let release: (() => Promise<void>) | undefined;
  let takeovers = 0;
  let waiting = false;
  while (!release) {
    try {
      release = await lockfile.lock(dir, lockOptions);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      const holder = await readHolder(dir);
      // Same host, process gone: the lock is a dead writer's. Take it now rather than after STALE_MS.
      if (takeovers < 3 && (await heldByDeadWriter(dir, holder))) {
        takeovers++;
        await rmdir(lockOptions.lockfilePath).catch(() => undefined);
        continue;
      }
      if (!options.wait) throw appError('INDEX_LOCKED', dir, describe(holder));
      if (!waiting) options.onWait?.(describe(holder));
      waiting = true;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  await writeFileAtomic(path.join(dir, HOLDER), JSON.stringify(holderInfo()) + '\n');
  return {
    check() {
      if (lost) throw appError('INDEX_LOCK_LOST', dir);
    },
    async release() {
      await rm(path.join(dir, HOLDER), { force: true });
      await release?.().catch(() => undefined);
    },
  };
}
