// The Postgres index schema and its migrations: numbered, each applied once in its own transaction and
// recorded in nq_migrations, so `npm run ingest -- --backend postgres` (or `migrate`) on an older
// database brings it up to date. The vector column gets its dimension at first ingest (it depends on
// the embedding model), see write.ts.
import { K1_COLUMNS, postingImpactSql } from './bm25-sql.js';
import type { Db } from './db.js';

export const MIGRATIONS: readonly string[] = [
  // 1: the index. Chunks carry their article's date and lower-cased outlet so filters stay on one table.
  // The keyword side is an inverted index of the same analysed terms the embedded backend uses
  // (postings per field with term frequency and field length), scored with the same BM25 in SQL.
  `CREATE EXTENSION IF NOT EXISTS vector;
   CREATE TABLE nq_meta (key text PRIMARY KEY, value jsonb NOT NULL);
   CREATE TABLE nq_files (file text PRIMARY KEY, hash text NOT NULL, chunks integer NOT NULL);
   CREATE TABLE nq_articles (
     source text PRIMARY KEY, title text NOT NULL, publisher text, date date, url text, text text NOT NULL,
     entities jsonb, chunks integer NOT NULL);
   CREATE TABLE nq_chunks (
     row_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     id text NOT NULL UNIQUE,
     source text NOT NULL REFERENCES nq_articles (source) ON DELETE CASCADE,
     ordinal integer NOT NULL, start_at integer NOT NULL, end_at integer NOT NULL, text text NOT NULL,
     date date, outlet text,
     title_len integer NOT NULL, text_len integer NOT NULL,
     embedding vector);
   CREATE INDEX nq_chunks_source ON nq_chunks (source, ordinal);
   CREATE INDEX nq_chunks_date ON nq_chunks (date);
   CREATE INDEX nq_chunks_outlet ON nq_chunks (outlet);
   CREATE TABLE nq_postings (
     term text NOT NULL, field smallint NOT NULL, row_id bigint NOT NULL, tf integer NOT NULL, len integer NOT NULL,
     PRIMARY KEY (term, field, row_id));
   CREATE INDEX nq_postings_row ON nq_postings (row_id);
   CREATE TABLE nq_terms (term text PRIMARY KEY, df integer NOT NULL, df_title integer NOT NULL, df_text integer NOT NULL);`,
  // 2: state bot shards share: per-user cooldowns (src/pg/shared.ts).
  `CREATE TABLE nq_cooldowns (user_id text PRIMARY KEY, until timestamptz NOT NULL);`,
  // 3: the feedback store for shards on any number of machines (src/pg/feedback.ts): each posted
  // answer (so a vote or a follow-up finds it after a restart, on another shard or machine) and one
  // vote per voter per answer; and a user's question in flight (busy_until), so "one question at a
  // time" holds for a user who reaches two shards (a guild's shard and shard 0 for DMs).
  `CREATE TABLE nq_answers (
     id text PRIMARY KEY, time timestamptz NOT NULL, question text NOT NULL, answer text NOT NULL,
     abstained boolean NOT NULL, sources jsonb NOT NULL, message_id text);
   CREATE INDEX nq_answers_message ON nq_answers (message_id);
   CREATE TABLE nq_votes (
     answer_id text NOT NULL REFERENCES nq_answers (id), voter text NOT NULL,
     vote text NOT NULL CHECK (vote IN ('up', 'down')), time timestamptz NOT NULL,
     PRIMARY KEY (answer_id, voter));
   ALTER TABLE nq_cooldowns ADD COLUMN busy_until timestamptz;`,
  // 4: one posting per (term, chunk) with both fields' term frequencies and lengths, and an index that
  // covers every column BM25 reads: a query is an index-only scan over each term's postings, with no
  // heap visits and no count(DISTINCT) (at 10x BBC this made BM25 about 3.5x faster; see BENCHMARKS.md).
  // Likewise the article listing a bot loads at start reads an index, not every article's text.
  `CREATE TABLE nq_postings_v4 (
     term text NOT NULL, row_id bigint NOT NULL,
     tf_title integer NOT NULL, tf_text integer NOT NULL, len_title integer NOT NULL, len_text integer NOT NULL);
   INSERT INTO nq_postings_v4
     SELECT p.term, p.row_id, coalesce(max(p.tf) FILTER (WHERE p.field = 0), 0), coalesce(max(p.tf) FILTER (WHERE p.field = 1), 0),
            min(c.title_len), min(c.text_len)
     FROM nq_postings p JOIN nq_chunks c ON c.row_id = p.row_id GROUP BY p.term, p.row_id;
   DROP TABLE nq_postings;
   ALTER TABLE nq_postings_v4 RENAME TO nq_postings;
   ALTER TABLE nq_postings ADD CONSTRAINT nq_postings_pkey PRIMARY KEY (term, row_id) INCLUDE (tf_title, tf_text, len_title, len_text);
   CREATE INDEX nq_postings_row ON nq_postings (row_id);
   CREATE INDEX nq_articles_listing ON nq_articles (source) INCLUDE (title, publisher, date, url, chunks);`,
  // 5: each posting's impact (its BM25 weight before idf) and an index ordering a term's postings by it,
  // covering every column BM25 reads, in place of the (term, row_id) key: a very common term's postings
  // are read best first and only up to each word's share of KEYWORD_LIMITS.postingsBudget (backend.ts), so a question's cost stops growing
  // with the corpus. Rows are unique by construction (one per term of a chunk), which the key only checked.
  `CREATE TABLE nq_postings_v5 (
     term text NOT NULL, row_id bigint NOT NULL,
     tf_title integer NOT NULL, tf_text integer NOT NULL, len_title integer NOT NULL, len_text integer NOT NULL, impact real NOT NULL);
   INSERT INTO nq_postings_v5
     SELECT p.term, p.row_id, p.tf_title, p.tf_text, p.len_title, p.len_text, ${postingImpactSql('p')}
     FROM nq_postings p CROSS JOIN (
       SELECT ${K1_COLUMNS(`(SELECT (value->>'title')::float8 FROM nq_meta WHERE key = 'stats')`, `(SELECT (value->>'text')::float8 FROM nq_meta WHERE key = 'stats')`)}) st;
   DROP TABLE nq_postings;
   ALTER TABLE nq_postings_v5 RENAME TO nq_postings;
   CREATE INDEX nq_postings_impact ON nq_postings (term, impact DESC, row_id) INCLUDE (tf_title, tf_text, len_title, len_text);
   CREATE INDEX nq_postings_row ON nq_postings (row_id);`,
];

/** Apply the migrations this database lacks; returns the versions applied. */
export async function migrate(db: Db): Promise<number[]> {
  const applied = await db.transaction(async (tx) => {
    // One migrator at a time: two processes starting together must not both create the tables.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('newsquote-migrate'))`);
    await tx.query('CREATE TABLE IF NOT EXISTS nq_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM nq_migrations')).map((r) => r.version));
    const applied: number[] = [];
    for (const [i, sql] of MIGRATIONS.entries()) {
      const version = i + 1;
      if (done.has(version)) continue;
      for (const statement of sql.split(';').map((s) => s.trim()).filter(Boolean)) await tx.query(statement);
      await tx.query('INSERT INTO nq_migrations (version) VALUES ($1)', [version]);
      applied.push(version);
    }
    return applied;
  });
  // A rewritten table needs its visibility map set for index-only scans (outside any transaction).
  if (applied.includes(4) || applied.includes(5)) await tidyIndex(db);
  return applied;
}

/**
 * After the index changes: VACUUM marks the pages of postings and articles all-visible, so BM25 and the
 * article listing are index-only scans that never visit the heap (a server's autovacuum would get there
 * later; PGlite has none), and ANALYZE refreshes the planner statistics the BM25 and kNN plans depend on.
 */
export async function tidyIndex(db: Db): Promise<void> {
  await db.query('VACUUM (ANALYZE) nq_postings, nq_articles');
  await db.query('ANALYZE nq_chunks, nq_terms');
}
