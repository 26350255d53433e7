// Hybrid retrieval: BM25 candidates and vector candidates are pooled, every candidate gets both
// scores, and a weighted sum of the normalized scores ranks them. Weights are tuned by `npm run eval`.
import type { KeywordIndex } from './keyword.js';
import { dot, type VectorMatrix } from './vectors.js';
import type { Chunk, ScoredChunk } from './types.js';

export type RetrievalMode = 'hybrid' | 'keyword' | 'vector';

export interface RetrievalIndex {
  keyword: KeywordIndex;
  chunks: ReadonlyMap<string, Chunk>;
  /** Unit-length chunk vectors. */
  vectors: VectorMatrix;
}

export interface RetrieveOptions {
  /** How many chunks to return. */
  k: number;
  mode?: RetrievalMode;
  /** Weight of the keyword score in hybrid mode (the vector gets 1 − this). */
  keywordWeight?: number;
  /** Restrict to chunks for which this returns true. */
  allow?: (chunk: Chunk) => boolean;
}

export const DEFAULT_KEYWORD_WEIGHT = 0.7;
/** Candidates taken from each list before fusion. */
const POOL = 50;

export function retrieve(index: RetrievalIndex, question: string, queryVector: Float32Array, options: RetrieveOptions): ScoredChunk[] {
  const mode = options.mode ?? 'hybrid';
  const w = mode === 'keyword' ? 1 : mode === 'vector' ? 0 : (options.keywordWeight ?? DEFAULT_KEYWORD_WEIGHT);
  const allow = options.allow;
  const pool = Math.max(POOL, options.k);

  const allowId = allow ? (id: string) => { const c = index.chunks.get(id); return !!c && allow(c); } : undefined;
  const keywordHits = w > 0 ? index.keyword.query(question, pool, allowId) : [];
  const vectorHits = w < 1 ? index.vectors.top(queryVector, pool, allowId) : [];

  const maxKeyword = keywordHits[0]?.score ?? 0;
  const keywordScore = new Map(keywordHits.map((h) => [h.id, maxKeyword > 0 ? h.score / maxKeyword : 0]));
  const candidates = new Set([...keywordHits.map((h) => h.id), ...vectorHits.map((h) => h.id)]);

  // Cosine is rescaled over the pool so its spread is comparable to the normalized BM25 score.
  const cos = new Map<string, number>();
  for (const id of candidates) {
    const v = index.vectors.get(id);
    cos.set(id, v ? dot(queryVector, v) : 0);
  }
  const values = [...cos.values()];
  const hi = Math.max(...values, 0);
  const lo = Math.min(...values, hi);
  const span = hi - lo || 1;

  const out: ScoredChunk[] = [];
  for (const id of candidates) {
    const chunk = index.chunks.get(id);
    if (!chunk) continue;
    const keyword = keywordScore.get(id) ?? 0;
    const vector = cos.get(id) ?? 0;
    const score = w * keyword + (1 - w) * ((vector - lo) / span);
    out.push({ chunk, score, keyword, vector });
  }
  out.sort((a, b) => b.score - a.score || a.chunk.id.localeCompare(b.chunk.id));
  return out.slice(0, options.k);
}
