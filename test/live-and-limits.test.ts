// A running engine follows re-ingests (in-process and a real `npm run ask` reading standard input), and
// every front end applies the same input limits: `ask --json` answers every line, over-long questions
// and sentences are bounded, and an unwritable model cache fails fast.
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder, LOCAL_MODEL_ID } from '../src/embed.js';
import { openEngine } from '../src/engine.js';
import { ingestCorpus } from '../src/ingest.js';
import { createLogger } from '../src/log.js';
import { reloadingEngine } from '../src/reload.js';
import { fakeEmbedder } from './support/fake-embedder.js';
import { ROOT, run, versionOf, workspace } from './support/processes.js';

let work: string;
let seeds: string;
let other: string;
let fresh: () => string;
const ingest = (corpusDir: string, indexDir: string) => ingestCorpus({ corpusDir, indexDir, embedder: fakeEmbedder() });

beforeAll(async () => void ({ work, seeds, other, fresh } = await workspace('live-limits-')));
afterAll(() => rm(work, { recursive: true, force: true }));

describe('live reload', () => {
  it('a running engine switches to a re-ingested index between questions, logging one line', async () => {
    const corpus = path.join(work, 'live');
    await cp(seeds, corpus, { recursive: true });
    const index = fresh();
    await ingest(corpus, index);
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    const embedder = fakeEmbedder();
    const live = reloadingEngine(await openEngine(index, embedder), { open: (d) => openEngine(d, embedder), log });
    const gone = (await readdir(corpus)).filter((f) => f.endsWith('.txt') || f.endsWith('.md'))[0] as string;
    expect(await live.passages(gone)).toBeDefined();
    const before = live.current.backend.version;

    await rm(path.join(corpus, gone));
    const inFlight = live.ask('Who controls the town?');
    await ingest(corpus, index);
    await expect(inFlight).resolves.toMatchObject({ question: 'Who controls the town?' });
    await live.search('town');
    expect(live.current.backend.version).not.toBe(before);
    expect(await live.passages(gone)).toBeUndefined();
    expect(live.articles().map((a) => a.source)).not.toContain(gone);
    expect(lines.filter((l) => l.includes('index reloaded'))).toHaveLength(1);
  });

  it('a running `npm run ask` reading standard input answers from a re-ingested index without a restart', async () => {
    const corpus = path.join(work, 'live-ask');
    await cp(seeds, corpus, { recursive: true });
    const index = fresh();
    const cache = path.join(ROOT, '.cache/models');
    const embedder = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: cache });
    await ingestCorpus({ corpusDir: corpus, indexDir: index, embedder });
    const ask = run('src/bin/ask.ts', ['--index', index, '--json'], { MODEL_CACHE_DIR: cache, LOG_LEVEL: 'info' }, { keepStdin: true });
    const answers = async (count: number) => {
      while ((ask.stdout().match(/\n/g)?.length ?? 0) < count) await new Promise((r) => setTimeout(r, 50));
      return ask.stdout().trim().split('\n').map((l) => JSON.parse(l) as { citations: { source: string }[] });
    };
    const question = 'Who controls Al-Qadam?\n';
    ask.child.stdin?.write(question);
    const cited = (await answers(1))[0]?.citations[0]?.source as string;
    expect(cited).toBeTruthy();
    await rm(path.join(corpus, cited));
    await ingestCorpus({ corpusDir: corpus, indexDir: index, embedder });
    ask.child.stdin?.end(question);
    const second = (await answers(2))[1];
    expect(await ask.exit).toBe(0);
    expect(second?.citations.map((c) => c.source)).not.toContain(cited);
    expect(ask.stderr()).toMatch(/index reloaded: now serving version v\d+/);
  });

  it('keeps serving the current version when the new one is damaged', async () => {
    const index = fresh();
    await ingest(seeds, index);
    const lines: string[] = [];
    const embedder = fakeEmbedder();
    const live = reloadingEngine(await openEngine(index, embedder), { open: (d) => openEngine(d, embedder), log: createLogger('info', (l) => lines.push(l)) });
    const before = live.current.backend.version;
    await ingest(other, index);
    const keyword = path.join(await versionOf(index), 'keyword.json');
    const bytes = await readFile(keyword);
    await writeFile(keyword, bytes.subarray(0, bytes.length - 10));
    await expect(live.ask('rebels')).resolves.toBeDefined();
    expect(live.current.backend.version).toBe(before);
    expect(lines.join()).toMatch(/could not be opened; still serving/);
  });
});

describe('input limits', () => {
  it('`ask --json` gives exactly one JSON line per input line: whitespace-only fuzz, empty and over-long lines', async () => {
    const index = fresh();
    const cache = path.join(ROOT, '.cache/models');
    await ingestCorpus({ corpusDir: seeds, indexDir: index, embedder: await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: cache }) });
    const blanks = [' ', '\t', '\u00a0', '\u3000', '\ufeff', '\u2003', '\u2028', '\u205f', '\u000b', '\u000c'];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const fuzz = Array.from({ length: 24 }, () => Array.from({ length: 1 + Math.floor(rand() * 6) }, () => blanks[Math.floor(rand() * blanks.length)]).join(''));
    const lines = ['Who controls Al-Qadam?', '', ...fuzz, 'x'.repeat(5000), 'What happened at the harbour?'];
    const r = run('src/bin/ask.ts', ['--index', index, '--json'], { MODEL_CACHE_DIR: cache }, { input: lines.join('\n') + '\n' });
    expect(await r.exit, r.stderr()).toBe(0);
    const out = r.stdout().trim().split('\n').map((l) => JSON.parse(l) as { error?: string; question: string });
    expect(out).toHaveLength(lines.length);
    expect(out.slice(1, -2).map((o) => o.error)).toEqual(Array(lines.length - 3).fill('QUESTION_EMPTY'));
    expect(out.at(-2)?.error).toBe('QUESTION_TOO_LONG');
    expect(out.at(-2)?.question.length).toBeLessThan(300);
    expect([out[0]?.error, out.at(-1)?.error]).toEqual([undefined, undefined]);
  });

  it('a 2 MB file with no sentence break gives chunks and quotes no longer than the chunk size', async () => {
    const corpus = path.join(work, 'blob');
    await mkdir(corpus);
    // Prose with no sentence end at all (commas only), as a scraped page without punctuation can be.
    const towns = ['Aldmouth', 'Brackwater', 'Corley', 'Dunmere', 'Eastholm', 'Fenwick', 'Garth'];
    let text = 'Blob\n\nThe harbour council voted on Monday to close the ferry route to Aldmouth after the storm damaged the pier, ';
    for (let i = 0; text.length < 2 * 1024 * 1024; i++) text += `and the ${i}th report said crews in ${towns[i % 7]} repaired ${i % 13} boats while the market stayed shut, `;
    await writeFile(path.join(corpus, 'blob.txt'), text);
    const index = fresh();
    await ingest(corpus, index);
    const engine = await openEngine(index, fakeEmbedder());
    const longest = Math.max(...((await engine.passages('blob.txt')) ?? []).map((c) => c.text.length));
    expect(longest).toBeLessThanOrEqual(1000);
    const answer = await engine.ask('Why did the harbour council close the ferry route to Aldmouth?');
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const c of answer.citations) expect(c.quote.length).toBeLessThanOrEqual(1000);
  });

  it('the terminal chat applies the same length limit, and the live engine refuses before embedding', async () => {
    const index = fresh();
    const cache = path.join(ROOT, '.cache/models');
    await ingestCorpus({ corpusDir: seeds, indexDir: index, embedder: await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: cache }) });
    const chat = run('src/bin/chat.ts', [], { MODEL_CACHE_DIR: cache, INDEX_DIR: index, CORPUS_DIR: seeds, MAX_QUESTION_LENGTH: '100' }, { input: `${'why '.repeat(1000)}\n/quit\n` });
    expect(await chat.exit, chat.stderr()).toBe(0);
    expect(chat.stdout()).toContain('That question is too long; please keep it under 100 characters.');

    // Same id and size as the real model, counting what it embeds.
    const embedder = fakeEmbedder(LOCAL_MODEL_ID, 100);
    const live = reloadingEngine(await openEngine(index, embedder), { open: (d) => openEngine(d, embedder), maxQuestionLength: 100 });
    await expect(live.ask('x'.repeat(101))).rejects.toMatchObject({ code: 'QUESTION_TOO_LONG' });
    expect(embedder.texts).toBe(0);
    await expect(live.search(' '.repeat(500) + 'harbour')).resolves.toBeDefined(); // the limit is on the trimmed text
    expect(embedder.texts).toBeGreaterThan(0);
  });

  it('a MODEL_CACHE_DIR that cannot be written fails before the model build, naming it', async () => {
    const blocker = path.join(work, 'not-a-folder');
    await writeFile(blocker, '');
    await expect(createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: path.join(blocker, 'models') })).rejects.toMatchObject({
      code: 'MODEL_CACHE_UNWRITABLE',
      message: expect.stringMatching(/MODEL_CACHE_DIR .*not-a-folder\/models cannot be written \(ENOTDIR/),
    });
  });
});
