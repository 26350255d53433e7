// Ingest into Postgres: one transaction per ingest, so a killed ingest leaves the previous index whole
// and readers (other connections) see either the old index or the new one, never half. Incremental:
// only articles whose file is new or changed are written, removed files drop out, and the term
// statistics BM25 needs are adjusted by the difference.
import pgvector from 'pgvector';
import { appError } from '../errors.js';
import { fieldTerms, postingImpact } from '../keyword.js';
import type { BuildManifest } from '../store.js';
import { words } from '../terms.js';
import type { Article, Chunk } from '../types.js';
import type { Db } from './db.js';
import { migrate, tidyIndex } from './schema.js';

/** Like the embedded index's contents, but chunks of unchanged files may come without a vector: their row stays as it is. */
export interface PgIndexContents {
  manifest: BuildManifest;
  articles: Article[];
  chunks: Chunk[];
  vectors: (ArrayLike<number> | undefined)[];
}

type StoredManifest = Omit<BuildManifest, 'files'>;

/** Rows per INSERT: every column travels as one array parameter. */
const BATCH = 2000;

/** The published index's manifest without its per-file list (one row per corpus file), which only ingest needs. */
export async function readPgManifestHead(db: Db): Promise<StoredManifest | undefined> {
  const exists = await db.query(`SELECT 1 FROM pg_tables WHERE tablename = 'nq_meta'`);
  if (!exists.length) return undefined;
  const [row] = await db.query<{ value: StoredManifest }>(`SELECT value FROM nq_meta WHERE key = 'manifest'`);
  return row?.value;
}

export async function readPgManifest(db: Db): Promise<BuildManifest | undefined> {
  const head = await readPgManifestHead(db);
  if (!head) return undefined;
  const files: BuildManifest['files'] = {};
  for (const f of await db.query<{ file: string; hash: string; chunks: number }>('SELECT file, hash, chunks FROM nq_files')) files[f.file] = { hash: f.hash, chunks: f.chunks };
  return { ...head, files };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Postgres as an ingest target (the folder's counterpart is store.ts's writer). */
export function pgIndexTarget(db: Db) {
  return {
    previous: async () => {
      const manifest = await readPgManifest(db);
      return manifest ? { manifest } : undefined;
    },
    publish: (contents: PgIndexContents) => writePgIndex(db, contents),
    release: async () => undefined,
  };
}

export async function writePgIndex(db: Db, contents: PgIndexContents): Promise<void> {
  await migrate(db);
  await db.transaction(async (tx) => {
    // One writer at a time; readers are never blocked (MVCC).
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('newsquote-ingest'))`);
    const { manifest } = contents;
    const [old] = await tx.query<{ value: StoredManifest }>(`SELECT value FROM nq_meta WHERE key = 'manifest'`);
    if (!old || old.value.model !== manifest.model || old.value.dimensions !== manifest.dimensions) await resetForModel(tx, manifest.dimensions);
    const before = new Map((await tx.query<{ file: string; hash: string }>('SELECT file, hash FROM nq_files')).map((r) => [r.file, r.hash]));
    const stale = [...before].filter(([file, hash]) => manifest.files[file]?.hash !== hash).map(([file]) => file);
    const fresh = new Set(Object.keys(manifest.files).filter((file) => before.get(file) !== manifest.files[file]?.hash));

    await removeSources(tx, stale);
    const chunks: Chunk[] = [];
    const vectors: ArrayLike<number>[] = [];
    contents.chunks.forEach((c, i) => {
      if (!fresh.has(c.source)) return;
      const v = contents.vectors[i];
      if (!v) throw appError('INDEX_CORRUPT', 'postgres', `no vector for new chunk ${c.id}`);
      chunks.push(c);
      vectors.push(v);
    });
    await insertArticles(tx, contents.articles.filter((a) => fresh.has(a.source)), chunks);
    await insertChunks(tx, chunks, vectors, await averageLengths(tx, chunks));
    const files = [...fresh].map((f) => [f, manifest.files[f]?.hash ?? '', manifest.files[f]?.chunks ?? 0] as const);
    await tx.query(
      `INSERT INTO nq_files (file, hash, chunks) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])`,
      [files.map((f) => f[0]), files.map((f) => f[1]), files.map((f) => f[2])],
    );
    await tx.query(
      `INSERT INTO nq_meta (key, value) SELECT 'stats', jsonb_build_object('count', count(*), 'title', coalesce(avg(title_len), 0), 'text', coalesce(avg(text_len), 0)) FROM nq_chunks
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
    const { files: _files, ...stored } = manifest;
    await tx.query(`INSERT INTO nq_meta (key, value) VALUES ('manifest', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [JSON.stringify(stored)]);
  });
  await tidyIndex(db);
}

/** A new embedding model: every row goes, and the vector column takes the model's dimension. */
async function resetForModel(tx: Db, dimensions: number): Promise<void> {
  await tx.query('TRUNCATE nq_postings, nq_terms, nq_chunks, nq_articles, nq_files');
  await tx.query('DROP INDEX IF EXISTS nq_chunks_embedding');
  await tx.query(`ALTER TABLE nq_chunks ALTER COLUMN embedding TYPE vector(${Number(dimensions)})`);
  // Inner product on unit vectors is the cosine, and the cheapest operator.
  await tx.query('CREATE INDEX nq_chunks_embedding ON nq_chunks USING hnsw (embedding vector_ip_ops)');
}

async function removeSources(tx: Db, sources: string[]): Promise<void> {
  if (!sources.length) return;
  await tx.query(
    `WITH gone AS (
       SELECT p.term, count(*) AS df, count(*) FILTER (WHERE p.tf_title > 0) AS df_title, count(*) FILTER (WHERE p.tf_text > 0) AS df_text
       FROM nq_postings p JOIN nq_chunks c ON c.row_id = p.row_id WHERE c.source = ANY($1) GROUP BY p.term)
     UPDATE nq_terms t SET df = t.df - gone.df, df_title = t.df_title - gone.df_title, df_text = t.df_text - gone.df_text
     FROM gone WHERE t.term = gone.term`,
    [sources],
  );
  await tx.query('DELETE FROM nq_terms WHERE df <= 0');
  await tx.query('DELETE FROM nq_postings WHERE row_id IN (SELECT row_id FROM nq_chunks WHERE source = ANY($1))', [sources]);
  await tx.query('DELETE FROM nq_articles WHERE source = ANY($1)', [sources]);
  await tx.query('DELETE FROM nq_files WHERE file = ANY($1)', [sources]);
}

async function insertArticles(tx: Db, articles: Article[], chunks: Chunk[]): Promise<void> {
  const counts = new Map<string, number>();
  for (const c of chunks) counts.set(c.source, (counts.get(c.source) ?? 0) + 1);
  for (let i = 0; i < articles.length; i += BATCH) {
    const part = articles.slice(i, i + BATCH);
    await tx.query(
      `INSERT INTO nq_articles (source, title, publisher, date, url, text, entities, chunks)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::jsonb[], $8::int[])`,
      [
        part.map((a) => a.source), part.map((a) => a.title), part.map((a) => a.publisher ?? null), part.map((a) => a.date ?? null),
        part.map((a) => a.url ?? null), part.map((a) => a.text), part.map((a) => (a.entities ? JSON.stringify(a.entities) : null)),
        part.map((a) => counts.get(a.source) ?? 0),
      ],
    );
  }
}

const fieldsOf = (c: Chunk) => [fieldTerms(words(c.title)), fieldTerms(words(c.text))] as const;

/**
 * The index's average field lengths once these chunks are in (the rows kept plus the new ones): what
 * the new postings' impacts are computed with. Postings written by earlier ingests keep the averages of
 * their time; impacts only order a term's postings, so that drift moves which of a very common term's
 * postings are read first, never a score.
 * The chunks are tokenised here and again, batch by batch, in insertChunks: keeping every chunk's term counts
 * from this pass would hold them all in memory at once (546,100 maps at 50× BBC) to save part of the 51 s of write CPU that impacts and this pass added there.
 */
async function averageLengths(tx: Db, chunks: readonly Chunk[]): Promise<{ title: number; text: number }> {
  const [kept] = await tx.query<{ n: string; title: string | null; text: string | null }>('SELECT count(*) AS n, sum(title_len) AS title, sum(text_len) AS text FROM nq_chunks');
  let title = Number(kept?.title ?? 0), text = Number(kept?.text ?? 0);
  for (const c of chunks) {
    const [t, x] = fieldsOf(c);
    title += t.length, text += x.length;
  }
  const n = Number(kept?.n ?? 0) + chunks.length;
  return n ? { title: title / n, text: text / n } : { title: 1, text: 1 };
}

async function insertChunks(tx: Db, chunks: Chunk[], vectors: ArrayLike<number>[], average: { title: number; text: number }): Promise<void> {
  const df = new Map<string, [number, number, number]>();
  for (let i = 0; i < chunks.length; i += BATCH) {
    const part = chunks.slice(i, i + BATCH);
    const fields = part.map(fieldsOf);
    const rows = await tx.query<{ row_id: string; id: string }>(
      `INSERT INTO nq_chunks (id, source, ordinal, start_at, end_at, text, date, outlet, title_len, text_len, embedding)
       SELECT id, source, ordinal, start_at, end_at, text, date, outlet, title_len, text_len, embedding::vector
       FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::text[], $7::date[], $8::text[], $9::int[], $10::int[], $11::text[])
         AS u(id, source, ordinal, start_at, end_at, text, date, outlet, title_len, text_len, embedding)
       RETURNING row_id, id`,
      [
        part.map((c) => c.id), part.map((c) => c.source), part.map((c) => c.ordinal), part.map((c) => c.start), part.map((c) => c.end),
        part.map((c) => c.text), part.map((c) => c.date ?? null), part.map((c) => c.publisher?.toLowerCase() ?? null),
        fields.map(([t]) => t.length), fields.map(([, x]) => x.length),
        part.map((_, j) => pgvector.toSql(Array.from(vectors[i + j] as ArrayLike<number>, round))),
      ],
    );
    const rowOf = new Map(rows.map((r) => [r.id, r.row_id]));
    const term: string[] = [], row: string[] = [], tfTitle: number[] = [], tfText: number[] = [], lenTitle: number[] = [], lenText: number[] = [], impact: number[] = [];
    part.forEach((c, j) => {
      const [title, text] = fields[j] as (typeof fields)[number];
      for (const t of new Set([...title.tf.keys(), ...text.tf.keys()])) {
        const inTitle = title.tf.get(t) ?? 0, inText = text.tf.get(t) ?? 0;
        term.push(t), row.push(rowOf.get(c.id) as string), tfTitle.push(inTitle), tfText.push(inText), lenTitle.push(title.length), lenText.push(text.length);
        impact.push(postingImpact({ tfTitle: inTitle, lenTitle: title.length, tfText: inText, lenText: text.length }, average));
        const d = df.get(t) ?? [0, 0, 0];
        d[0]++, (d[1] += inTitle > 0 ? 1 : 0), (d[2] += inText > 0 ? 1 : 0);
        df.set(t, d);
      }
    });
    await tx.query(
      `INSERT INTO nq_postings (term, row_id, tf_title, tf_text, len_title, len_text, impact)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::int[], $5::int[], $6::int[], $7::real[])`,
      [term, row, tfTitle, tfText, lenTitle, lenText, impact],
    );
  }
  const entries = [...df];
  for (let i = 0; i < entries.length; i += 10 * BATCH) {
    const part = entries.slice(i, i + 10 * BATCH);
    await tx.query(
      `INSERT INTO nq_terms (term, df, df_title, df_text) SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[])
       ON CONFLICT (term) DO UPDATE SET df = nq_terms.df + excluded.df, df_title = nq_terms.df_title + excluded.df_title, df_text = nq_terms.df_text + excluded.df_text`,
      [part.map((e) => e[0]), part.map((e) => e[1][0]), part.map((e) => e[1][1]), part.map((e) => e[1][2])],
    );
  }
}
