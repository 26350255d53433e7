// The production Postgres client (`pg`) over the real wire protocol: PGlite served on 127.0.0.1 by
// pglite-socket, and the project's own commands run as real processes with DATABASE_URL. A killed
// ingest leaves the previous index whole.
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askJson } from '../src/bin/format.js';
import { createEmbedder, LOCAL_MODEL_ID } from '../src/embed.js';
import { openEngine } from '../src/engine.js';
import { ingestCorpus } from '../src/ingest.js';
import { pgliteDb, servePglite } from '../src/pg/pglite.js';
import { runBin } from './support/run-bin.js';

let served: { url: string; stop: () => Promise<void> };
let db: Awaited<ReturnType<typeof pgliteDb>>;
let client: pg.Client;

beforeAll(async () => {
  db = await pgliteDb();
  served = await servePglite(db.pglite);
  client = new pg.Client(served.url);
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await served?.stop();
  await db?.close();
});

const QUESTION = 'How many fighters were evacuated from Yarmouk and Hajar al-Aswad?';

describe('Postgres over the wire (pg client, pglite-socket)', () => {
  it('ingests, answers and reports stats from real processes with DATABASE_URL', async () => {
    const ingest = await runBin('ingest', ['--corpus', 'seeds'], { DATABASE_URL: served.url }).done;
    expect(ingest.stderr).toMatch(/Indexed 5 articles \(\d+ chunks\) into Postgres/);
    expect(ingest.code).toBe(0);
    const { rows } = await client.query('SELECT count(*)::int AS n FROM nq_articles');
    expect(rows[0].n).toBe(5);

    const viaPg = await runBin('ask', ['--json', QUESTION], { DATABASE_URL: served.url }).done;
    expect(viaPg.code).toBe(0);
    const answer = JSON.parse(viaPg.stdout.trim()) as { abstained: boolean; citations: { source: string; quote: string }[] };
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0]?.source).toBe('002_dd5445a2a5432432.txt');
    // Word for word the answer the embedded index gives.
    const dir = await mkdtemp(path.join(tmpdir(), 'wire-vectra-'));
    try {
      const embedder = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: '.cache/models' });
      await ingestCorpus({ corpusDir: 'seeds', indexDir: dir, embedder });
      expect(viaPg.stdout.trim()).toBe(askJson(await (await openEngine(dir, embedder)).ask(QUESTION)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const stats = await runBin('stats', [], { DATABASE_URL: served.url, FEEDBACK_FILE: 'no-such-feedback.jsonl' }).done;
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(/5 articles/);
  });

  it('moves a feedback file into Postgres with `npm run feedback -- --import`, and reports from there', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wire-feedback-'));
    try {
      const file = path.join(dir, 'feedback.jsonl');
      const vote = (voter: string, v: string) => JSON.stringify({ time: '2024-05-01T10:00:00.000Z', question: 'Who?', answer: 'x', sources: [], vote: v, answerId: 'f1', voter });
      await writeFile(file, [JSON.stringify({ kind: 'answer', id: 'f1', time: '2024-05-01T09:59:00.000Z', question: 'Who?', answer: 'x', abstained: false, sources: [] }), vote('v1', 'down'), vote('v2', 'up'), ''].join('\n'));
      const refused = await runBin('feedback', ['--import'], { FEEDBACK_FILE: file }).done;
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/DATABASE_URL is missing \(--import copies FEEDBACK_FILE into Postgres\)/);
      const run = await runBin('feedback', ['--import'], { FEEDBACK_FILE: file, DATABASE_URL: served.url }).done;
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Copied 1 answers and 2 votes from ${file} into Postgres.`);
      expect(run.stdout).toContain('Feedback in Postgres (DATABASE_URL): 2 votes — 👍 1, 👎 1');
      expect((await client.query(`SELECT question FROM nq_answers WHERE id = 'f1'`)).rows).toEqual([{ question: 'Who?' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says clearly when the database cannot be reached, without printing the password', async () => {
    const run = await runBin('ask', ['--json', QUESTION], { DATABASE_URL: 'postgres://bot:s3cret-pw@127.0.0.1:9/news' }).done;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Could not use the Postgres database in DATABASE_URL \(ECONNREFUSED/);
    expect(run.stderr).not.toContain('s3cret-pw');
  });

  it('leaves the previous index whole when the ingest process is killed mid-transaction', async () => {
    const before = (await client.query('SELECT id, text FROM nq_chunks ORDER BY id')).rows;
    expect(before.length).toBeGreaterThan(0);
    // 150 BBC business stories, copied to a temporary folder: a write that lasts long enough to be caught.
    const corpus = await mkdtemp(path.join(tmpdir(), 'wire-corpus-'));
    const bbc = '../shared/corpora/bbc/business';
    for (const f of (await readdir(bbc)).sort().slice(0, 150)) await cp(path.join(bbc, f), path.join(corpus, f));
    const run = runBin('ingest', ['--corpus', corpus], { DATABASE_URL: served.url });
    // pglite-socket runs one transaction at a time: a probe that stalls means the ingest's write
    // transaction is open. Kill the process then.
    let killed = false;
    const exited = run.done.then(() => true);
    while (!killed && !(await Promise.race([exited, new Promise<false>((r) => setTimeout(() => r(false), 50))]))) {
      const probe = client.query('SELECT 1');
      const stalled = await Promise.race([probe.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 400))]);
      if (stalled) {
        run.child.kill('SIGKILL');
        killed = true;
      }
      await probe;
    }
    const result = await run.done;
    await rm(corpus, { recursive: true, force: true });
    expect(killed).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect((await client.query('SELECT id, text FROM nq_chunks ORDER BY id')).rows).toEqual(before);
    expect((await client.query('SELECT count(*)::int AS n FROM nq_articles')).rows[0].n).toBe(5);
  });
});
