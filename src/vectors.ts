// Chunk vectors held as one contiguous Float32Array (row i = chunk ids[i]): a brute-force scan over
// contiguous memory is fast, and keeping only the best n while scanning avoids sorting every chunk.

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

export interface VectorHit {
  id: string;
  score: number;
}

export class VectorMatrix {
  private readonly rows = new Map<string, number>();

  constructor(
    readonly ids: readonly string[],
    readonly data: Float32Array,
    readonly dimensions: number,
  ) {
    ids.forEach((id, i) => this.rows.set(id, i));
  }

  static fromRows(ids: readonly string[], rows: readonly ArrayLike<number>[], dimensions: number): VectorMatrix {
    const data = new Float32Array(ids.length * dimensions);
    rows.forEach((row, i) => data.set(Array.prototype.slice.call(row, 0, dimensions) as number[], i * dimensions));
    return new VectorMatrix(ids, data, dimensions);
  }

  get size(): number {
    return this.ids.length;
  }

  /** The vector of one chunk (a view, not a copy). */
  get(id: string): Float32Array | undefined {
    const row = this.rows.get(id);
    return row === undefined ? undefined : this.data.subarray(row * this.dimensions, (row + 1) * this.dimensions);
  }

  /** The `n` best rows by dot product with `query`, best first; `allow` filters by id. */
  top(query: Float32Array, n: number, allow?: (id: string) => boolean): VectorHit[] {
    const d = this.dimensions;
    const data = this.data;
    // Kept sorted descending; a row enters only when it beats the current n-th best.
    const scores: number[] = [];
    const rows: number[] = [];
    for (let r = 0, off = 0; r < this.ids.length; r++, off += d) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (data[off + k] as number) * (query[k] as number);
      if (scores.length === n && s <= (scores[n - 1] as number)) continue;
      if (allow && !allow(this.ids[r] as string)) continue;
      let i = scores.length < n ? scores.length : n - 1;
      while (i > 0 && (scores[i - 1] as number) < s) {
        if (i < n) {
          scores[i] = scores[i - 1] as number;
          rows[i] = rows[i - 1] as number;
        }
        i--;
      }
      scores[i] = s;
      rows[i] = r;
      if (scores.length > n) {
        scores.length = n;
        rows.length = n;
      }
    }
    return rows.map((r, i) => ({ id: this.ids[r] as string, score: scores[i] as number }));
  }
}
