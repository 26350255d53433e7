// The Postgres + pgvector backend against real Postgres: PGlite (PostgreSQL in WebAssembly with the real
// pgvector extension) in-process. Both backends are built from the same corpus with the real offline
// model, and every answer through the engine must match; filters run in SQL; re-ingest is incremental
// and transactional.
import { cp, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder, LOCAL_MODEL_ID } from '../src/embed.js';
import { openEngine, openEngineOn, type LoadedEngine } from '../src/engine.js';
import { readQuestions, runQuestions } from '../src/evaluate.js';
import { ingestCorpus } from '../src/ingest.js';
import { openPgBackend } from '../src/pg/backend.js';
import type { Db } from '../src/pg/db.js';
import { pgliteDb } from '../src/pg/pglite.js';
import { migrate } from '../src/pg/schema.js';
import { readPgManifest, writePgIndex } from '../src/pg/write.js';
import type { Embedder } from '../src/types.js';
import { fakeEmbedder } from './support/fake-embedder.js';

let embedder: Embedder;
let db: Db;
let vectra: LoadedEngine;
let postgres: LoadedEngine;
const dirs: string[] = [];
const tempDir = async (prefix: string) => {
  const d = await mkdtemp(path.join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  embedder = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: '.cache/models' });
  const indexDir = await tempDir('pg-vectra-');
  await ingestCorpus({ corpusDir: 'seeds', indexDir, embedder });
  vectra = await openEngine(indexDir, embedder);
  db = await pgliteDb();
  await ingestCorpus({ corpusDir: 'seeds', indexDir: 'unused', embedder, db });
  postgres = openEngineOn(await openPgBackend(db), embedder);
});
afterAll(async () => {
  await db?.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('Postgres backend (PGlite)', () => {
  it('migrates once: a second run applies nothing', async () => {
    expect(await migrate(db)).toEqual([]);
    const versions = await db.query<{ version: number }>('SELECT version FROM nq_migrations ORDER BY version');
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('holds the same articles, chunks and stats as the embedded index', () => {
    expect(postgres.articles()).toEqual(vectra.articles());
    expect(postgres.stats()).toEqual({ ...vectra.stats(), builtAt: postgres.stats().builtAt });
    expect(postgres.outlets()).toEqual(vectra.outlets());
  });

  it('returns the same keyword hits (BM25 in SQL) and vector hits (HNSW) as the embedded index', async () => {
    for (const q of ['How many soldiers were killed in Qadam?', 'Druze women kidnapped Sweida', 'evacuation of fighters from Yarmouk camp']) {
      const [qv] = await embedder.embed([q]);
      const [kv, kp] = await Promise.all([vectra.backend.keywordHits(q, 20), postgres.backend.keywordHits(q, 20)]);
      expect(kp.map((h) => h.id)).toEqual(kv.map((h) => h.id));
      kp.forEach((h, i) => expect(h.score).toBeCloseTo(kv[i]?.score ?? NaN, 4));
      const [vv, vp] = await Promise.all([vectra.backend.vectorHits(qv as Float32Array, 10), postgres.backend.vectorHits(qv as Float32Array, 10)]);
      expect(vp.map((h) => h.id)).toEqual(vv.map((h) => h.id));
      vp.forEach((h, i) => expect(h.score).toBeCloseTo(vv[i]?.score ?? NaN, 4));
    }
  });

  it("reads a bounded share of a common word's postings, those that weigh most first, and scores the best chunks exactly", async () => {
    // The seeds' most common word, and the postings of it that weigh most (impact: BM25 before idf).
    const [common] = await db.query<{ term: string; df: number }>('SELECT term, df FROM nq_terms ORDER BY df DESC, term LIMIT 1');
    expect(common?.df).toBeGreaterThan(6);
    const byImpact = await db.query<{ id: string }>(
      'SELECT c.id FROM nq_postings p JOIN nq_chunks c ON c.row_id = p.row_id WHERE p.term = $1 ORDER BY p.impact DESC, p.row_id LIMIT 3', [common?.term]);
    const capped = await openPgBackend(db, { keyword: { postingsBudget: 3, minPerTerm: 3 } });
    const hits = await capped.keywordHits(common?.term ?? '', 50);
    expect(hits.map((h) => h.id).sort()).toEqual(byImpact.map((r) => r.id).sort());
    // Whatever the first pass read, a hit's score is its full BM25 score (the second pass reads all its postings).
    const full = new Map((await postgres.backend.keywordHits(common?.term ?? '', 50)).map((h) => [h.id, h.score]));
    expect(full.size).toBe(common?.df);
    for (const h of hits) expect(h.score).toBeCloseTo(full.get(h.id) ?? NaN, 6);
    const question = 'How many soldiers were killed in Qadam and Yarmouk camp?';
    const exact = new Map((await vectra.backend.keywordHits(question, 200)).map((h) => [h.id, h.score]));
    const rough = await capped.keywordHits(question, 20);
    expect(rough.length).toBeGreaterThan(3);
    for (const h of rough) expect(h.score).toBeCloseTo(exact.get(h.id) ?? NaN, 4);
    // Only the best `rescored` chunks of the first pass are scored exactly.
    expect(await (await openPgBackend(db, { keyword: { postingsBudget: 3, minPerTerm: 3, rescored: 2 } })).keywordHits(common?.term ?? '', 2)).toHaveLength(2);
  });

  it('gives every seed-dev question the same answer as the embedded index', async () => {
    const questions = await readQuestions('test/seeds-dev.jsonl');
    const [a, b] = [await runQuestions(vectra, questions), await runQuestions(postgres, questions)];
    expect(b.map((r) => r.trace.answer.answer)).toEqual(a.map((r) => r.trace.answer.answer));
  });

  it('filters by source, dates and outlet in SQL, like the embedded index', async () => {
    const q = 'Syrian army offensive against Islamic State south of Damascus';
    const [qv] = await embedder.embed([q]);
    for (const scope of [{ source: '001_03146239e8682a65.txt' }, { sources: ['002_dd5445a2a5432432.txt', '004_34e4c95bf64eb021.txt', 'not-there.txt'] }, { from: '2018-04-20' }, { to: '2018-04-30', outlet: 'the new arab' }, { outlet: 'Middle East Eye' }]) {
      const [kv, kp] = await Promise.all([vectra.backend.keywordHits(q, 50, scope), postgres.backend.keywordHits(q, 50, scope)]);
      expect(kp.map((h) => h.id)).toEqual(kv.map((h) => h.id));
      const [vv, vp] = await Promise.all([vectra.backend.vectorHits(qv as Float32Array, 50, scope), postgres.backend.vectorHits(qv as Float32Array, 50, scope)]);
      expect(new Set(vp.map((h) => h.id))).toEqual(new Set(vv.map((h) => h.id)));
      expect(vp.length).toBeGreaterThan(0);
    }
    await expect(postgres.ask(q, { source: 'nope.txt' })).rejects.toThrow(/No article named "nope.txt"/);
  });

  it('serves passages and whole articles from SQL', async () => {
    const source = '002_dd5445a2a5432432.txt';
    expect(await postgres.passages(source)).toEqual(await vectra.passages(source));
    expect(await postgres.backend.readArticles([source])).toEqual(await vectra.backend.readArticles([source]));
    expect(await postgres.passages('missing.txt')).toBeUndefined();
  });
});

describe('Postgres ingest', () => {
  it('re-ingests incrementally: only new and changed files are embedded, removed ones drop out', async () => {
    const corpus = await tempDir('pg-corpus-');
    await cp('seeds', corpus, { recursive: true });
    const own = await pgliteDb();
    try {
      const counting = fakeEmbedder();
      await ingestCorpus({ corpusDir: corpus, indexDir: 'unused', embedder: counting, db: own });
      const first = counting.texts;
      expect(first).toBeGreaterThan(0);
      const again = await ingestCorpus({ corpusDir: corpus, indexDir: 'unused', embedder: counting, db: own });
      expect(again.embedded).toBe(0);
      expect(counting.texts).toBe(first);

      await writeFile(path.join(corpus, 'new_story.txt'), 'Quarry flooding\n\nThe old quarry near Millbrook flooded after three days of rain, officials said.');
      await unlink(path.join(corpus, '003_f964ef8d3eddc13b.txt'));
      const third = await ingestCorpus({ corpusDir: corpus, indexDir: 'unused', embedder: counting, db: own });
      expect(third.added).toEqual(['new_story.txt']);
      expect(third.removed).toEqual(['003_f964ef8d3eddc13b.txt']);
      expect(third.embedded).toBe(1);

      const backend = await openPgBackend(own);
      expect(backend.articles.has('003_f964ef8d3eddc13b.txt')).toBe(false);
      expect((await backend.keywordHits('quarry Millbrook flooded', 5))[0]?.id).toBe('new_story.txt#0');
      // Term statistics, adjusted by difference, equal a count over the postings as they now are.
      const counted = await own.query(
        `SELECT term, count(*)::int AS df, (count(*) FILTER (WHERE tf_title > 0))::int AS df_title, (count(*) FILTER (WHERE tf_text > 0))::int AS df_text
         FROM nq_postings GROUP BY term ORDER BY term`,
      );
      expect(await own.query('SELECT term, df, df_title, df_text FROM nq_terms ORDER BY term')).toEqual(counted);
      expect(counted.length).toBeGreaterThan(100);
    } finally {
      await own.close();
    }
  });

  it('migrates an index with per-field postings (schemas 1-3) to one posting per term and chunk ordered by impact, answering the same', async () => {
    const own = await pgliteDb();
    try {
      await ingestCorpus({ corpusDir: 'seeds', indexDir: 'unused', embedder, db: own });
      const questions = ['How many soldiers were killed in Qadam?', 'Druze women kidnapped Sweida', 'evacuation of fighters from Yarmouk camp'];
      const hits = async () => Promise.all(questions.map(async (q) => (await openPgBackend(own)).keywordHits(q, 20)));
      const postings = () => own.query('SELECT term, row_id, tf_title, tf_text, len_title, len_text FROM nq_postings ORDER BY term, row_id');
      const impacts = async () => (await own.query<{ impact: number }>('SELECT impact FROM nq_postings ORDER BY term, row_id')).map((r) => r.impact);
      const expectedImpacts = await impacts();
      const [expectedHits, expectedPostings] = [await hits(), await postings()];
      // Schema 2 as it was: one row per field that holds the term, keyed by (term, field, row).
      await own.transaction(async (tx) => {
        await tx.query(`CREATE TABLE v2 AS
          SELECT term, 0::int2 AS field, row_id, tf_title AS tf, len_title AS len FROM nq_postings WHERE tf_title > 0
          UNION ALL SELECT term, 1::int2, row_id, tf_text, len_text FROM nq_postings WHERE tf_text > 0`);
        await tx.query('DROP TABLE nq_postings');
        await tx.query('ALTER TABLE v2 RENAME TO nq_postings');
        await tx.query('ALTER TABLE nq_postings ADD PRIMARY KEY (term, field, row_id)');
        await tx.query('CREATE INDEX nq_postings_row ON nq_postings (row_id)');
        await tx.query('DROP INDEX nq_articles_listing');
        await tx.query('DELETE FROM nq_migrations WHERE version >= 4');
      });
      expect(await migrate(own)).toEqual([4, 5]);
      expect(await postings()).toEqual(expectedPostings);
      // Impacts computed by the migration in SQL are the ones ingest computes in JS (keyword.ts), to float4's precision.
      const migrated = await impacts();
      expect(migrated).toHaveLength(expectedImpacts.length);
      migrated.forEach((v, i) => expect(v).toBeCloseTo(expectedImpacts[i] as number, 5));
      expect(new Set(migrated).size).toBeGreaterThan(10);
      expect(await hits()).toEqual(expectedHits);
      expect(expectedHits.flat().length).toBeGreaterThan(20);
      // Listing and postings can be read from their covering indexes alone (on a table this small the
      // planner would rather scan it, so scans are switched off for the check).
      const plan = (sql: string, params: unknown[] = []) =>
        own.transaction(async (tx) => {
          await tx.query('SET LOCAL enable_seqscan = off');
          await tx.query('SET LOCAL enable_bitmapscan = off');
          return (await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).map((r) => r['QUERY PLAN']).join('\n');
        });
      expect(await plan(`SELECT source, title, publisher, date, url, chunks FROM nq_articles ORDER BY source`)).toMatch(/Index Only Scan using nq_articles_listing/);
      expect(await plan(`SELECT row_id, tf_title, tf_text, len_title, len_text FROM nq_postings WHERE term = $1 ORDER BY impact DESC, row_id LIMIT 100`, ['armi'])).toMatch(/Index Only Scan using nq_postings_impact/);
    } finally {
      await own.close();
    }
  });

  it('leaves the previous index whole when a write fails half-way', async () => {
    // The seed index of the first block: the failed write below must change nothing in it.
    const before = await db.query('SELECT id, text FROM nq_chunks ORDER BY id');
    const manifest = await readPgManifest(db);
    const broken = {
      manifest: { ...(manifest as NonNullable<typeof manifest>), files: { 'a.txt': { hash: 'x', chunks: 2 } } },
      articles: [{ source: 'a.txt', title: 'A', text: 'One. Two.' }],
      chunks: [
        { id: 'a.txt#0', source: 'a.txt', title: 'A', ordinal: 0, start: 0, end: 4, text: 'One.' },
        { id: 'a.txt#1', source: 'a.txt', title: 'A', ordinal: 1, start: 5, end: 9, text: 'Two.' },
      ],
      // The second chunk has no vector: the write fails after the seeds were already deleted.
      vectors: [new Float32Array(100).fill(0.1), undefined],
    };
    await expect(writePgIndex(db, broken)).rejects.toThrow(/no vector for new chunk a.txt#1/);
    expect(await db.query('SELECT id, text FROM nq_chunks ORDER BY id')).toEqual(before);
    expect(await readPgManifest(db)).toEqual(manifest);
    expect((await postgres.ask('How many fighters were evacuated from Yarmouk and Hajar al-Aswad?')).abstained).toBe(false);
  });
});
