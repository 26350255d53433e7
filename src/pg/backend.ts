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

// MiniSearch's BM25 per field (title boosted), summed over the query terms (repeats count again) and
// multiplied by how many distinct query terms matched: the embedded keyword index's exact scoring.
// Each term's field weights (idf × boost × count in the question) are computed once; a posting holds
// both fields of one term in one chunk, so count(*) is the number of matched terms. All arithmetic is
// float8 (numeric literals would make Postgres do decimal arithmetic on every posting). Ties are broken
// by row so the same question always gets the same hits.
const fieldScore = (tf: string, len: string, weight: string, k1: string) =>
  `CASE WHEN ${tf} > 0 THEN ${weight} * (${BM25.d}::float8 + ${tf} * ${BM25.k + 1}::float8 / (${tf} + ${BM25.k * (1 - BM25.b)}::float8 + ${k1} * ${len})) ELSE 0 END`;
const KEYWORD_SQL = (where: string, scoped: boolean) => `
  WITH st AS MATERIALIZED (
    SELECT (value->>'count')::float8 AS cnt, (value->>'title')::float8 AS avg_title, (value->>'text')::float8 AS avg_text
    FROM nq_meta WHERE key = 'stats'),
  w AS MATERIALIZED (
    SELECT q.term,
           q.n * ${BM25.titleBoost}::float8 * ln(1 + (st.cnt - t.df_title + 0.5::float8) / (t.df_title + 0.5::float8)) AS w_title,
           q.n * ln(1 + (st.cnt - t.df_text + 0.5::float8) / (t.df_text + 0.5::float8)) AS w_text,
           ${BM25.k * BM25.b}::float8 / nullif(st.avg_title, 0) AS k1_title, ${BM25.k * BM25.b}::float8 / nullif(st.avg_text, 0) AS k1_text
    FROM (SELECT term, count(*)::float8 AS n FROM unnest($1::text[]) AS term GROUP BY term) q
      JOIN nq_terms t ON t.term = q.term CROSS JOIN st),
  hits AS (
    SELECT p.row_id, count(*) * sum(${fieldScore('p.tf_title', 'p.len_title', 'w.w_title', 'w.k1_title')}
                                  + ${fieldScore('p.tf_text', 'p.len_text', 'w.w_text', 'w.k1_text')}) AS score
    FROM w JOIN nq_postings p ON p.term = w.term
      ${scoped ? 'JOIN nq_chunks c ON c.row_id = p.row_id' : ''}
    WHERE ${where}
    GROUP BY p.row_id
    ORDER BY score DESC, p.row_id
    LIMIT $2)
  SELECT c.id, h.score FROM hits h JOIN nq_chunks c ON c.row_id = h.row_id ORDER BY h.score DESC, c.id`;

export async function openPgBackend(db: Db): Promise<IndexBackend> {
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
      const hits = await db.query<{ id: string; score: number }>(KEYWORD_SQL(where, params.length > 0), [qTerms, limit, ...params]);
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
