// Crash safety through real processes: kill -9 of an ingest at every publishing step (paused there by
// NEWSQUOTE_TEST_PAUSE_AT) and at spread-out moments, two ingests at once, and readers running while the
// index is republished. After every kill the index opens, answers, and holds exactly one complete
// corpus (the one before or the one being published: nothing lost, nothing mixed); the next ingest
// cleans what the killed one left.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../src/engine.js';
import { ingestCorpus } from '../src/ingest.js';
import { reloadingEngine } from '../src/reload.js';
import { openIndex } from '../src/store.js';
import { fakeEmbedder } from './support/fake-embedder.js';
import { ingestChild, killHard, makeCorpus, ROOT, run } from './support/processes.js';

let work: string;
let corpusA: string;
let corpusB: string;
let namesA: string[];
let namesB: string[];
const kills = { total: 0, lost: 0 };

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'crash-'));
  corpusA = path.join(work, 'corpus-a');
  corpusB = path.join(work, 'corpus-b');
  namesA = await makeCorpus(corpusA, 120, 'a');
  namesB = await makeCorpus(corpusB, 80, 'b');
});
afterAll(async () => {
  console.log(`crash tests: ${kills.total} kills, ${kills.lost} lost`);
  await rm(work, { recursive: true, force: true });
});

let n = 0;
const freshIndex = () => path.join(work, `index-${n++}`);

/** The published index is one whole corpus, A or B; returns which. Counts a kill that lost data. */
async function wholeCorpus(index: string): Promise<'A' | 'B'> {
  const opened = await openIndex(index).catch((err: Error) => {
    kills.lost++;
    throw err;
  });
  const sources = [...opened.articles.keys()].sort();
  const which = sources.join() === namesA.join() ? 'A' : sources.join() === namesB.join() ? 'B' : undefined;
  if (!which) kills.lost++;
  expect(which, `index holds ${sources.length} articles of neither corpus`).toBeDefined();
  // It answers: a question about one of its articles retrieves that article's passage.
  const engine = await openEngine(index, fakeEmbedder());
  const hits = await engine.search(which === 'A' ? 'report number 17 rebels' : 'report number 17 said', { limit: 3 });
  expect(hits.length).toBeGreaterThan(0);
  return which as 'A' | 'B';
}

/**
 * The next (in-process) ingest takes the dead writer's lock and leaves only CURRENT and its predecessor.
 * With `wait`: a writer killed between creating the lock and naming itself in it cannot be told from a live
 * one until the lock goes stale (10 s); on a loaded machine that window is wide enough to be hit.
 */
async function recoverAndCheck(index: string): Promise<void> {
  await ingestCorpus({ corpusDir: corpusA, indexDir: index, embedder: fakeEmbedder(), wait: true });
  expect(await wholeCorpus(index)).toBe('A');
  expect((await readdir(path.join(index, 'versions'))).length).toBeLessThanOrEqual(2);
  expect((await readdir(index)).filter((f) => /^CURRENT\.|^\.writer/.test(f))).toEqual([]);
}

describe('kill -9 of a real ingest', () => {
  it.each([
    ['locked', 'A'],
    ['writing', 'A'],
    ['written', 'A'],
    ['published', 'B'],
    ['cleaning', 'B'],
  ] as const)('paused at "%s": the index is still whole (%s) and the next ingest cleans up', async (step, expected) => {
    const index = freshIndex();
    // Two versions already, so publishing a third has an old one to clean (the "cleaning" step).
    await ingestCorpus({ corpusDir: corpusA, indexDir: index, embedder: fakeEmbedder() });
    await ingestCorpus({ corpusDir: corpusA, indexDir: index, embedder: fakeEmbedder('test:hashed-bow', 64) });
    const child = ingestChild(corpusB, index, [], { NEWSQUOTE_TEST_PAUSE_AT: step });
    await Promise.race([child.paused, child.exit.then(() => Promise.reject(new Error(`ingest exited before "${step}": ${child.stderr()}`)))]);
    await killHard(child);
    kills.total++;
    expect(await wholeCorpus(index)).toBe(expected);
    await recoverAndCheck(index);
  });

  it('at spread-out moments of a running ingest: never anything but a whole corpus', async () => {
    const index = freshIndex();
    await ingestCorpus({ corpusDir: corpusA, indexDir: index, embedder: fakeEmbedder() });
    // How long a whole run takes here, to spread the kills over it.
    const started = Date.now();
    const timing = ingestChild(corpusB, index);
    expect(await timing.exit).toBe(0);
    const span = Date.now() - started;
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const child = ingestChild(i % 2 ? corpusA : corpusB, index);
      await new Promise((r) => setTimeout(r, Math.round(((i + 0.5) / 8) * span)));
      await killHard(child);
      kills.total++;
      seen.add(await wholeCorpus(index));
    }
    await recoverAndCheck(index);
  });

  it('of the real `npm run ingest` (real model) between writing a version and publishing it', async () => {
    const index = freshIndex();
    const env = { MODEL_CACHE_DIR: path.join(ROOT, '.cache/models') };
    const first = run('src/bin/ingest.ts', ['--corpus', corpusA, '--index', index], env);
    expect(await first.exit, first.stderr()).toBe(0);
    const killed = run('src/bin/ingest.ts', ['--corpus', corpusB, '--index', index], { ...env, NEWSQUOTE_TEST_PAUSE_AT: 'written' });
    await Promise.race([killed.paused, killed.exit.then(() => Promise.reject(new Error(killed.stderr())))]);
    await killHard(killed);
    kills.total++;
    const opened = await openIndex(index);
    expect([...opened.articles.keys()].sort()).toEqual(namesA);
    expect(await readdir(path.join(index, 'versions'))).toHaveLength(2); // the published one and the orphan
    const next = run('src/bin/ingest.ts', ['--corpus', corpusB, '--index', index], env);
    expect(await next.exit, next.stderr()).toBe(0);
    expect([...(await openIndex(index)).articles.keys()].sort()).toEqual(namesB);
    expect(await readdir(path.join(index, 'versions'))).toHaveLength(2); // the orphan is gone: current + previous
  });
});

describe('one writer', () => {
  it('two ingests at once: one publishes, the other names the holder and exits 1', async () => {
    const index = freshIndex();
    await ingestCorpus({ corpusDir: corpusA, indexDir: index, embedder: fakeEmbedder() });
    for (let round = 0; round < 2; round++) {
      const first = ingestChild(corpusB, index, [], { NEWSQUOTE_TEST_PAUSE_AT: 'written' });
      await first.paused;
      const second = ingestChild(corpusA, index);
      expect(await second.exit).toBe(1);
      expect(second.stderr()).toMatch(new RegExp(`Another ingest is writing the index in .* \\(process ${first.child.pid} on `));
      await killHard(first);
      kills.total++;
      expect(await wholeCorpus(index)).toBe('A');
    }
    // Started together without a pause: exactly one wins, and the index is that one's whole corpus.
    const a = ingestChild(corpusA, index);
    const b = ingestChild(corpusB, index);
    const codes = await Promise.all([a.exit, b.exit]);
    expect(codes.filter((c) => c === 0).length).toBeGreaterThanOrEqual(1);
    const winner = await wholeCorpus(index);
    if (codes.includes(1)) expect(winner).toBe(codes[0] === 0 ? 'A' : 'B');
  });

  it('--wait waits for the holder instead of failing: both publish, one after the other', async () => {
    const index = freshIndex();
    await ingestCorpus({ corpusDir: corpusA, indexDir: index, embedder: fakeEmbedder() });
    const first = ingestChild(corpusA, index, ['--wait']);
    const second = ingestChild(corpusB, index, ['--wait']);
    expect(await Promise.all([first.exit, second.exit])).toEqual([0, 0]);
    expect([first.stdout(), second.stdout()]).toEqual(['DONE 120\n', 'DONE 80\n']);
    await wholeCorpus(index);
  });
});

describe('readers while the index is republished', () => {
  it('never fail, and always see one whole corpus', async () => {
    const index = freshIndex();
    await ingestCorpus({ corpusDir: corpusA, indexDir: index, embedder: fakeEmbedder() });
    const embedder = fakeEmbedder();
    const live = reloadingEngine(await openEngine(index, embedder), { open: (d) => openEngine(d, embedder) });
    const writer = run('test/support/ingest-child.ts', [corpusB, index, '--republish', '8', corpusA]);
    let reads = 0;
    let questions = 0;
    const versions = new Set<string>();
    const failures: string[] = [];
    let done = false;
    void writer.exit.then(() => (done = true));
    while (!done) {
      try {
        const opened = await openIndex(index);
        const sources = [...opened.articles.keys()].sort().join();
        if (sources !== namesA.join() && sources !== namesB.join()) failures.push(`mixed index of ${opened.articles.size} articles`);
        reads++;
        // A running engine asks between republishes, switching versions as they appear.
        if ((await live.search('report number 5 said', { limit: 1 })).length !== 1) failures.push('no hit');
        versions.add(live.current.backend.version ?? '');
        questions++;
      } catch (err) {
        failures.push((err as Error).message);
      }
    }
    expect(await writer.exit).toBe(0);
    expect(writer.stdout().match(/DONE/g)?.length).toBe(8);
    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(5);
    expect(versions.size).toBeGreaterThan(1);
    console.log(`readers during 8 republishes: ${reads} opens and ${questions} questions over ${versions.size} versions, ${failures.length} failures`);
  });
});
