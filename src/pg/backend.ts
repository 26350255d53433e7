// The Postgres + pgvector index behind the engine's backend interface. Every retrieval step is one
// query: BM25 over the postings (same analysis and scoring as the embedded keyword index), kNN over the
// HNSW index, candidate chunks with their cosine, term frequencies for idf. Only article metadata is
// held in the process (listings and autocomplete read it synchronously); no chunk text, no vectors.
import pgvector from 'pgvector';
import { appError } from '../errors.js';
import { articleInfo, type ChunkScope, type IndexBackend, type ScoredCandidate } from '../index-backend.js';
import { BM25 } from '../keyword.js';
import { terms } from '../terms.js';
import type { ArticleInfo, Chunk, Entity } from '../types.js';
import type { Db } from './db.js';
import { fieldScoreSql, K1_COLUMNS } from './bm25-sql.js';
import { readPgManifestHead } from './write.js';

/** The scope as SQL conditions on nq_chunks aliased `c`, numbering parameters after `offset`. */
export function scopeSql(scope: ChunkScope | undefined, offset: number): { where: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conds.push(sql.replace('?', `$${offset + params.length}`));
  };
  if (scope?.source) add('c.source = ?', scope.source);
  if (scope?.sources) add('c.source = ANY(?)', scope.sources);
  if (scope?.from) add('c.date >= ?::date', scope.from);
  if (scope?.to) add('c.date <= ?::date', scope.to);
  if (scope?.outlet) add('c.outlet = ?', scope.outlet.toLowerCase());
  return { where: conds.length ? conds.join(' AND ') : 'true', params };
}

const CHUNK_COLUMNS = `c.id, c.source, c.ordinal, c.start_at, c.end_at, c.text, a.title, a.publisher, to_char(c.date, 'YYYY-MM-DD') AS date`;
type ChunkRow = { id: string; source: string; ordinal: number; start_at: number; end_at: number; text: string; title: string; publisher: string | null; date: string | null };

function toChunk(r: ChunkRow): Chunk {
  return {
    id: r.id, source: r.source, title: r.title,
    ...(r.publisher !== null ? { publisher: r.publisher } : {}),
    ...(r.date !== null ? { date: r.date } : {}),
    ordinal: r.ordinal, start: r.start_at, end: r.end_at, text: r.text,
  };
}

/**
 * BM25 over Postgres reads a bounded number of postings per question, then scores the best candidates
 * exactly (impact-ordered postings with re-ranking, as search engines bound a query's work):
 * - First pass: each of the question's words contributes at most `postingsBudget / words` of its
 *   postings (never fewer than `minPerTerm`), those that weigh most first (keyword.ts's postingImpact),
 *   and chunks are ranked by those postings' impacts times idf. A word in more chunks than its share
 *   (at 50× BBC "year" is in 151,000 of 546,100 chunks) then costs no more than a rarer one.
 * - Second pass: the first pass's best `rescored` chunks get their exact score from all their postings
 *   of the question's words: the embedded index's BM25, to the last digit.
 * A question whose words have no more than `postingsBudget` postings in all (at 1× BBC, nearly every one)
 * is scored exactly in one pass instead. Measured on 100 generated questions at 50× BBC against the exact
 * query, and the bench figures: see BENCHMARKS.md.
 */
export const KEYWORD_LIMITS = { postingsBudget: 80_000, minPerTerm: 2_000, rescored: 1_000 };

// MiniSearch's BM25 per field (title boosted), summed over the query terms (repeats count again) and
// multiplied by how many distinct query terms matched: the embedded keyword index's exact scoring.
// Each term's field weights (idf × boost × count in the question) are computed once; a posting holds
// both fields of one term in one chunk, so count(*) is the number of matched terms. Ties are broken by
// row so the same question always gets the same hits.
const WEIGHTS_CTE = `
  st AS MATERIALIZED (
    SELECT (value->>'count')::float8 AS cnt, (value->>'title')::float8 AS avg_title, (value->>'text')::float8 AS avg_text
    FROM nq_meta WHERE key = 'stats'),
  w AS MATERIALIZED (
    SELECT q.term,
           q.n * ${BM25.titleBoost}::float8 * ln(1 + (st.cnt - t.df_title + 0.5::float8) / (t.df_title + 0.5::float8)) AS w_title,
           q.n * ln(1 + (st.cnt - t.df_text + 0.5::float8) / (t.df_text + 0.5::float8)) AS w_text,
           ${K1_COLUMNS('st.avg_title', 'st.avg_text')}
    FROM (SELECT term, count(*)::float8 AS n FROM unnest($1::text[]) AS term GROUP BY term) q
      JOIN nq_terms t ON t.term = q.term CROSS JOIN st)`;
const SCORE = `count(*) * sum(${fieldScoreSql('p.tf_title', 'p.len_title', 'w.w_title', 'w.k1_title')}
                              + ${fieldScoreSql('p.tf_text', 'p.len_text', 'w.w_text', 'w.k1_text')})`;
const HITS_TO_IDS = 'SELECT c.id, h.score FROM hits h JOIN nq_chunks c ON c.row_id = h.row_id ORDER BY h.score DESC, c.id';

/** The chunks in `rough`, scored exactly from all their postings of the question's words: the best $2. */
const EXACT_HITS = `
  hits AS (
    -- OFFSET 0 keeps the lateral a per-chunk lookup (the row index), not one scan of every posting.
    SELECT p.row_id, ${SCORE} AS score
    FROM rough r CROSS JOIN LATERAL (SELECT * FROM nq_postings p WHERE p.row_id = r.row_id OFFSET 0) p JOIN w ON w.term = p.term
    GROUP BY p.row_id
    ORDER BY score DESC, p.row_id
    LIMIT $2)`;

/** The whole corpus: $3 postings per term at most (first pass), the best $4 chunks scored exactly. */
const KEYWORD_SQL = `
  WITH ${WEIGHTS_CTE},
  rough AS MATERIALIZED (
    SELECT p.row_id FROM w CROSS JOIN LATERAL (
      SELECT p.row_id, p.impact FROM nq_postings p WHERE p.term = w.term ORDER BY p.impact DESC, p.row_id LIMIT $3) p
    GROUP BY p.row_id
    ORDER BY count(*) * sum(w.w_text * p.impact) DESC, p.row_id
    LIMIT $4),
  ${EXACT_HITS}
  ${HITS_TO_IDS}`;

/** Within some articles (a follow-up on the cited ones, or one article): all their chunks scored exactly. */
const ARTICLES_KEYWORD_SQL = (where: string) => `
  WITH ${WEIGHTS_CTE},
  rough AS MATERIALIZED (SELECT c.row_id FROM nq_chunks c WHERE ${where}),
  ${EXACT_HITS}
  ${HITS_TO_IDS}`;

/**
 * Every posting of the question's words (within dates or an outlet, when given), scored exactly in one pass:
 * for a question whose words have no more postings in all than the budget, and for those scopes.
 */
const ALL_POSTINGS_KEYWORD_SQL = (where?: string) => `
  WITH ${WEIGHTS_CTE},
  hits AS (
    SELECT p.row_id, ${SCORE} AS score
    FROM w JOIN nq_postings p ON p.term = w.term ${where ? 'JOIN nq_chunks c ON c.row_id = p.row_id' : ''}
    WHERE ${where ?? 'true'}
    GROUP BY p.row_id
    ORDER BY score DESC, p.row_id
    LIMIT $2)
  ${HITS_TO_IDS}`;

export async function openPgBackend(db: Db, options: { keyword?: Partial<typeof KEYWORD_LIMITS> } = {}): Promise<IndexBackend> {
  const limits = { ...KEYWORD_LIMITS, ...options.keyword };
  const manifest = await readPgManifestHead(db);
  if (!manifest) throw appError('INDEX_MISSING', 'Postgres (DATABASE_URL)');
  const articles = new Map<string, ArticleInfo>();
  const rows = await db.query<{ source: string; title: string; publisher: string | null; date: string | null; url: string | null; chunks: number }>(
    `SELECT source, title, publisher, to_char(date, 'YYYY-MM-DD') AS date, url, chunks FROM nq_articles ORDER BY source`,
  );
  let chunkCount = 0;
  for (const r of rows) {
    articles.set(r.source, articleInfo({ source: r.source, title: r.title, ...(r.publisher ? { publisher: r.publisher } : {}), ...(r.date ? { date: r.date } : {}), ...(r.url ? { url: r.url } : {}) }, r.chunks));
    chunkCount += r.chunks;
  }
  const vector = (v: Float32Array) => pgvector.toSql(Array.from(v));

  return {
    kind: 'postgres',
    manifest,
    articles,
    chunkCount,
    async keywordHits(question, limit, scope) {
      const qTerms = terms(question);
      if (!qTerms.length) return [];
      const { where, params } = scopeSql(scope, 2);
      const perTerm = Math.max(limits.minPerTerm, Math.floor(limits.postingsBudget / new Set(qTerms).size));
      let hits: { id: string; score: number }[];
      if (params.length) {
        hits = await db.query(scope?.source || scope?.sources ? ARTICLES_KEYWORD_SQL(where) : ALL_POSTINGS_KEYWORD_SQL(where), [qTerms, limit, ...params]);
      } else {
        const [row] = await db.query<{ total: string }>('SELECT coalesce(sum(df), 0) AS total FROM nq_terms WHERE term = ANY($1)', [[...new Set(qTerms)]]);
        hits = Number(row?.total ?? 0) <= limits.postingsBudget
          ? await db.query(ALL_POSTINGS_KEYWORD_SQL(), [qTerms, limit])
          : await db.query(KEYWORD_SQL, [qTerms, limit, perTerm, Math.max(limit, limits.rescored)]);
      }
      return hits.map((h) => ({ id: h.id, score: Number(h.score) }));
    },
    async vectorHits(query, limit, scope) {
      const { where, params } = scopeSql(scope, 2);
      const hits = await db.query<{ id: string; score: number }>(
        `SELECT c.id, -(c.embedding <#> $1::vector) AS score FROM nq_chunks c WHERE ${where} ORDER BY c.embedding <#> $1::vector LIMIT $2`,
        [vector(query), limit, ...params],
      );
      return hits.map((h) => ({ id: h.id, score: Number(h.score) }));
    },
    async candidates(ids, query): Promise<ScoredCandidate[]> {
      if (!ids.length) return [];
      const rows = await db.query<ChunkRow & { cosine: number }>(
        `SELECT ${CHUNK_COLUMNS}, -(c.embedding <#> $1::vector) AS cosine FROM nq_chunks c JOIN nq_articles a ON a.source = c.source WHERE c.id = ANY($2)`,
        [vector(query), ids],
      );
      const byId = new Map(rows.map((r) => [r.id, { chunk: toChunk(r), cosine: Number(r.cosine) }]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    async termFrequencies(wanted) {
      const rows = await db.query<{ term: string; df: number }>('SELECT term, df FROM nq_terms WHERE term = ANY($1)', [[...new Set(wanted)]]);
      const [st] = await db.query<{ cnt: string }>(`SELECT value->>'count' AS cnt FROM nq_meta WHERE key = 'stats'`);
      return { documents: Number(st?.cnt ?? 0), df: new Map(rows.map((r) => [r.term, Number(r.df)])) };
    },
    async readArticles(sources) {
      if (!sources.length) return [];
      const rows = await db.query<{ source: string; title: string; publisher: string | null; date: string | null; url: string | null; text: string; entities: Entity[] | null }>(
        `SELECT source, title, publisher, to_char(date, 'YYYY-MM-DD') AS date, url, text, entities FROM nq_articles WHERE source = ANY($1)`,
        [sources],
      );
      return rows.map((r) => {
        const { chunks: _n, ...meta } = articleInfo({ source: r.source, title: r.title, ...(r.publisher ? { publisher: r.publisher } : {}), ...(r.date ? { date: r.date } : {}), ...(r.url ? { url: r.url } : {}) }, 0);
        return { ...meta, text: r.text, ...(r.entities ? { entities: r.entities } : {}) };
      });
    },
    async passages(source) {
      if (!articles.has(source)) return undefined;
      const rows = await db.query<ChunkRow>(`SELECT ${CHUNK_COLUMNS} FROM nq_chunks c JOIN nq_articles a ON a.source = c.source WHERE c.source = $1 ORDER BY c.ordinal`, [source]);
      return rows.map(toChunk);
    },
    close: () => db.close(),
  };
}
