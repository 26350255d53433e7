// A deterministic stand-in at the embedding seam for tests that are about something else (ingest
// bookkeeping, store swaps): hashed bag of words, unit length. Counts calls so tests can tell
// what was embedded again.
import type { Embedder } from '../../src/types.js';
import { terms } from '../../src/terms.js';

export interface CountingEmbedder extends Embedder {
  calls: number;
  texts: number;
}

export function fakeEmbedder(modelId = 'test:hashed-bow', dimensions = 64, fail?: () => boolean): CountingEmbedder {
  const self: CountingEmbedder = {
    modelId,
    dimensions,
    calls: 0,
    texts: 0,
    async embed(texts: string[]) {
      if (fail?.()) throw new Error('embedding failed (test)');
      self.calls++;
      self.texts += texts.length;
      return texts.map((t) => {
        const v = new Float32Array(dimensions);
        for (const term of terms(t)) {
          let h = 2166136261;
          for (const ch of term) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
          v[(h >>> 0) % dimensions]! += 1;
        }
        const norm = Math.hypot(...v) || 1;
        return v.map((x) => x / norm);
      });
    },
  };
  return self;
}
