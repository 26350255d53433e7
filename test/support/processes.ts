// Real child processes for the store's crash, concurrency and CLI tests, and a synthetic corpus maker.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');

export interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when the process prints "PAUSED <step>" (NEWSQUOTE_TEST_PAUSE_AT). */
  paused: Promise<void>;
  exit: Promise<number | null>;
}

/** Start `node --import tsx SCRIPT ...args` directly (no npm wrapper: the pid is the worker's). */
export function run(script: string, args: string[], env: Record<string, string> = {}, options: { input?: string; keepStdin?: boolean; uid?: number; gid?: number } = {}): Run {
  const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
  });
  let out = '';
  let err = '';
  let onPause: () => void = () => undefined;
  const paused = new Promise<void>((resolve) => (onPause = resolve));
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.includes('PAUSED ')) onPause();
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  else if (!options.keepStdin) child.stdin?.end();
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, paused, exit };
}

/** The ingest child (fake embedder at the seam, real everything else). */
export const ingestChild = (corpus: string, index: string, extra: string[] = [], env: Record<string, string> = {}) =>
  run('test/support/ingest-child.ts', [corpus, index, ...extra], env);

/** kill -9 and wait until the process is gone. */
export async function killHard(r: Run): Promise<void> {
  r.child.kill('SIGKILL');
  await r.exit;
}

const WORDS = 'rebels regime forces siege harbour council minister budget strike flood election court ruling export factory union talks border'.split(' ');

/** `count` deterministic articles of a few paragraphs each, named `${prefix}NNN.txt`. */
export async function makeCorpus(dir: string, count: number, prefix = 'a', paragraphs = 4): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const w = (k: number) => WORDS[(i * 7 + k * 3) % WORDS.length];
    const body = Array.from({ length: paragraphs }, (_, p) =>
      Array.from({ length: 5 }, (_, s) => `The ${w(p + s)} report number ${i} said the ${w(p * s + 1)} near ${prefix}-town ${p}-${s} was discussed on Monday.`).join(' '),
    ).join('\n\n');
    const name = `${prefix}${String(i).padStart(3, '0')}.txt`;
    await writeFile(path.join(dir, name), `Story ${prefix} ${i} about the ${w(0)}\n\n${body}\n`);
    names.push(name);
  }
  return names;
}

/** A checksum of everything under `dir` (names, sizes and bytes), to show a refused ingest touched nothing. */
export async function folderChecksum(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (rel: string): Promise<void> => {
    for (const e of (await readdir(path.join(dir, rel), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(rel, e.name);
      hash.update(`${p}\0`);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) hash.update(await readFile(path.join(dir, p)));
    }
  };
  await walk('');
  return hash.digest('hex');
}

/** A temp folder holding a copy of the seeds and a 12-article synthetic corpus ("other"), and fresh index paths in it. */
export async function workspace(prefix: string): Promise<{ work: string; seeds: string; other: string; fresh: () => string }> {
  const work = await mkdtemp(path.join(tmpdir(), prefix));
  const seeds = path.join(work, 'seeds');
  const other = path.join(work, 'other');
  await cp(path.join(ROOT, 'seeds'), seeds, { recursive: true });
  await makeCorpus(other, 12, 'o');
  let n = 0;
  return { work, seeds, other, fresh: () => path.join(work, `index-${n++}`) };
}

/** The folder of the version an index's CURRENT names. */
export const versionOf = async (index: string): Promise<string> =>
  path.join(index, 'versions', (await readFile(path.join(index, 'CURRENT'), 'utf8')).trim());
