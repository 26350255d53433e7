// Word-to-word similarity from the embedding model, for matching a question's words to paraphrases in
// a sentence ("located" ~ "region", "killed" ~ "dead"). Word vectors are embedded once and cached.
import { dot } from './vectors.js';

export interface WordSimilarity {
  /** Make sure these words have vectors (one batched embed call for the unseen ones). */
  prepare(words: Iterable<string>): Promise<void>;
  /** Cosine similarity of two prepared words (0 when either has no vector). */
  similarity(a: string, b: string): number;
}

export function createWordSimilarity(embed: (texts: string[]) => Promise<Float32Array[]>, maxCached = 100_000): WordSimilarity {
  const cache = new Map<string, Float32Array | null>();
  return {
    async prepare(words) {
      const missing = [...new Set(words)].filter((w) => !cache.has(w));
      if (!missing.length) return;
      if (cache.size + missing.length > maxCached) cache.clear();
      const vectors = await embed(missing);
      missing.forEach((w, i) => {
        const v = vectors[i];
        // Out-of-vocabulary words embed to zero: remember that they have no vector.
        cache.set(w, v && v.some((x) => x !== 0) ? v : null);
      });
    },
    similarity(a, b) {
      if (a === b) return 1;
      const va = cache.get(a);
      const vb = cache.get(b);
      return va && vb ? dot(va, vb) : 0;
    },
  };
}
