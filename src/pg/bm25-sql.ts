// BM25 in SQL, as the embedded keyword index scores it (keyword.ts's BM25 figures): one field's part of a
// posting's score. All arithmetic is float8: numeric literals would make Postgres do decimal arithmetic
// on every posting. `k1` is k·b / the field's average length, computed once per question.
import { BM25 } from '../keyword.js';

export const fieldScoreSql = (tf: string, len: string, weight: string, k1: string): string =>
  `CASE WHEN ${tf} > 0 THEN ${weight} * (${BM25.d}::float8 + ${tf} * ${BM25.k + 1}::float8 / (${tf} + ${BM25.k * (1 - BM25.b)}::float8 + ${k1} * ${len})) ELSE 0 END`;

/** keyword.ts's postingImpact over a posting row `p`, with `st.k1_title` / `st.k1_text` in scope. */
export const postingImpactSql = (p: string): string =>
  `${BM25.titleBoost}::float8 * ${fieldScoreSql(`${p}.tf_title`, `${p}.len_title`, '1', 'st.k1_title')} + ${fieldScoreSql(`${p}.tf_text`, `${p}.len_text`, '1', 'st.k1_text')}`;

/** The `k1` columns from the index's average field lengths (nq_meta's stats row), for `st`. */
export const K1_COLUMNS = (avgTitle: string, avgText: string): string =>
  `${BM25.k * BM25.b}::float8 / coalesce(nullif(${avgTitle}, 0), 1) AS k1_title, ${BM25.k * BM25.b}::float8 / coalesce(nullif(${avgText}, 0), 1) AS k1_text`;
