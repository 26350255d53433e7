import { describe, expect, it } from 'vitest';
import { KeywordIndex } from '../src/keyword.js';
import { memoryBackend } from '../src/index-backend.js';
import { retrieve } from '../src/retrieve.js';
import type { Chunk } from '../src/types.js';
import { VectorMatrix } from '../src/vectors.js';

const texts = [
  'Syrian army soldiers retook the town after heavy fighting.',
  'The football club won the cup final on Saturday.',
  'Rebels withdrew from the suburb under an evacuation deal.',
];
const chunks: Chunk[] = texts.map((text, i) => ({ id: `s${i}.txt#0`, source: `s${i}.txt`, title: `Story ${i}`, ordinal: 0, start: 0, end: text.length, text }));
// Hand-made unit vectors: chunk 2 is the vector neighbour of the query below, chunk 0 its keyword match.
const unit = (...v: number[]) => Float32Array.from(v.map((x) => x / Math.hypot(...v)));
const keyword = KeywordIndex.build(chunks);
const index = memoryBackend({
  dir: 'memory',
  version: 'hand',
  integrityMs: 0,
  manifest: { format: 4, model: 'hand', dimensions: 3, builtAt: '', corpus: '', files: {}, counts: { articles: 3, chunks: 3 }, checksums: {} },
  articles: new Map(chunks.map((c) => [c.source, { source: c.source, title: c.title, text: c.text }])),
  chunks: new Map(chunks.map((c) => [c.id, c])),
  chunksBySource: new Map(chunks.map((c) => [c.source, [c]])),
  keyword,
  vectors: VectorMatrix.fromRows(['s0.txt#0', 's1.txt#0', 's2.txt#0'], [unit(1, 0, 0), unit(0, 1, 0), unit(0.2, 0, 1)], 3),
});
const query = unit(0.3, 0, 1);

describe('retrieve', () => {
  it('ranks by BM25 alone, by vectors alone, or by both fused', async () => {
    const ids = async (mode: 'keyword' | 'vector' | 'hybrid', w?: number) =>
      (await retrieve(index, 'army soldiers fighting', query, { k: 3, mode, ...(w !== undefined ? { keywordWeight: w } : {}) })).map((r) => r.chunk.id);
    expect((await ids('keyword'))[0]).toBe('s0.txt#0');
    expect(await ids('keyword')).not.toContain('s1.txt#0');
    expect((await ids('vector'))[0]).toBe('s2.txt#0');
    expect((await ids('hybrid', 0.9))[0]).toBe('s0.txt#0');
    expect((await ids('hybrid', 0.1))[0]).toBe('s2.txt#0');
  });

  it('keeps both scores on every hit and honours a filter', async () => {
    const hits = await retrieve(index, 'army soldiers', query, { k: 3, scope: { source: 's2.txt' } });
    expect(hits.map((h) => h.chunk.source)).toEqual(['s2.txt']);
    for (const h of hits) {
      expect(h.keyword).toBeGreaterThanOrEqual(0);
      expect(h.vector).toBeGreaterThanOrEqual(-1);
    }
  });

  it('round-trips the keyword index through JSON', () => {
    const again = KeywordIndex.fromJSON(keyword.toJSON());
    expect(again.query('evacuation deal', 1)[0]?.id).toBe('s2.txt#0');
    expect(again.idf('evacu')).toBeCloseTo(keyword.idf('evacu'));
    expect(again.has('evacu')).toBe(true);
    expect(again.has('iphon')).toBe(false);
  });
});

describe('VectorMatrix.top', () => {
  it('returns exactly the n best rows of a full sort, best first, for any n', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
    const ids = Array.from({ length: 500 }, (_, i) => `c${i}`);
    const rows = ids.map(() => Float32Array.from({ length: 8 }, rnd));
    const m = VectorMatrix.fromRows(ids, rows, 8);
    for (const n of [1, 2, 5, 17, 50, 499, 600]) {
      const q = Float32Array.from({ length: 8 }, rnd);
      const full = ids.map((id) => ({ id, score: Array.from(m.get(id) as Float32Array).reduce((s, x, k) => s + x * (q[k] as number), 0) }));
      full.sort((a, b) => b.score - a.score);
      expect(m.top(q, n).map((h) => h.id)).toEqual(full.slice(0, n).map((h) => h.id));
    }
    expect(m.top(rows[3] as Float32Array, 3, (id) => id !== 'c3').map((h) => h.id)).not.toContain('c3');
  });
});
