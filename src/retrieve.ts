// Hybrid retrieval: BM25 candidates and vector candidates are pooled, every candidate gets both
// scores, and a weighted sum of the normalized scores ranks them. Weights are tuned by `npm run eval`.
// The index is reached only through the backend interface, so the same fusion runs over the embedded
// index and over Postgres.
import type { ChunkScope, IndexBackend } from './index-backend.js';
import type { ScoredChunk } from './types.js';

export type RetrievalMode = 'hybrid' | 'keyword' | 'vector';

export type RetrievalIndex = Pick<IndexBackend, 'keywordHits' | 'vectorHits' | 'candidates'>;

export interface RetrieveOptions {
  /** How many chunks to return. */
  k: number;
  mode?: RetrievalMode;
  /** Weight of the keyword score in hybrid mode (the vector gets 1 − this). */
  keywordWeight?: number;
  /** Restrict to chunks of one source, a date range, an outlet. */
  scope?: ChunkScope;
}

export const DEFAULT_KEYWORD_WEIGHT = 0.7;
/** Candidates taken from each list before fusion. */
const POOL = 50;

export async function retrieve(index: RetrievalIndex, question: string, queryVector: Float32Array, options: RetrieveOptions): Promise<ScoredChunk[]> {
  const mode = options.mode ?? 'hybrid';
  const w = mode === 'keyword' ? 1 : mode === 'vector' ? 0 : (options.keywordWeight ?? DEFAULT_KEYWORD_WEIGHT);
  const pool = Math.max(POOL, options.k);

  const [keywordHits, vectorHits] = await Promise.all([
    w > 0 ? index.keywordHits(question, pool, options.scope) : [],
    w < 1 ? index.vectorHits(queryVector, pool, options.scope) : [],
  ]);

  const maxKeyword = keywordHits[0]?.score ?? 0;
  const keywordScore = new Map(keywordHits.map((h) => [h.id, maxKeyword > 0 ? h.score / maxKeyword : 0]));
  const ids = [...new Set([...keywordHits.map((h) => h.id), ...vectorHits.map((h) => h.id)])];
  const candidates = await index.candidates(ids, queryVector);

  // Cosine is rescaled over the pool so its spread is comparable to the normalized BM25 score.
  const values = candidates.map((c) => c.cosine);
  const hi = Math.max(...values, 0);
  const lo = Math.min(...values, hi);
  const span = hi - lo || 1;

  const out: ScoredChunk[] = candidates.map(({ chunk, cosine }) => {
    const keyword = keywordScore.get(chunk.id) ?? 0;
    return { chunk, score: w * keyword + (1 - w) * ((cosine - lo) / span), keyword, vector: cosine };
  });
  out.sort((a, b) => b.score - a.score || a.chunk.id.localeCompare(b.chunk.id));
  return out.slice(0, options.k);
}
