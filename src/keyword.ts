// Persistent BM25 keyword index over chunks (MiniSearch), plus document frequencies so sentence scoring
// can weigh question terms by rarity. Built once at ingest and loaded from JSON: no per-query rebuild.
// Text is split into words once; MiniSearch gets them space-joined (so its field lengths count every
// word, as BM25 expects) and maps each to its cached stem, and the document frequencies reuse that pass.
import MiniSearch from 'minisearch';
import { termOf, words } from './terms.js';
import type { Chunk } from './types.js';

export interface KeywordHit {
  id: string;
  score: number;
}

interface KeywordDoc {
  id: string;
  /** Space-separated words (from `words`). */
  title: string;
  text: string;
}

/** BM25 as the keyword index scores it; the Postgres backend scores its postings with the same figures. */
export const BM25 = { k: 1.5, b: 0.7, d: 0, titleBoost: 0.5 } as const;

/** BM25's saturating term-frequency part for one field (without idf): what one more occurrence adds decreases. */
export function fieldWeight(tf: number, length: number, averageLength: number): number {
  if (tf <= 0) return 0;
  // The same operations in the same order as the SQL twin (src/pg/bm25-sql.ts), so both round alike.
  const k1 = (BM25.k * BM25.b) / (averageLength || 1);
  return BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b) + k1 * length);
}

/**
 * How much a posting (one term in one chunk) weighs in BM25 before the term's idf: the order in which
 * the Postgres backend reads a very common term's postings, best first (see KEYWORD_LIMITS there).
 * Only an order: the score itself is computed from the posting's frequencies at question time.
 */
export function postingImpact(
  p: { tfTitle: number; lenTitle: number; tfText: number; lenText: number },
  average: { title: number; text: number },
): number {
  return BM25.titleBoost * fieldWeight(p.tfTitle, p.lenTitle, average.title) + fieldWeight(p.tfText, p.lenText, average.text);
}

/** Inverse document frequency of a term in `df` of `count` documents (BM25's form, never negative). */
export function bm25Idf(count: number, df: number): number {
  return Math.log(1 + (count - df + 0.5) / (df + 0.5));
}

/**
 * A field (title or text, as `words`) the way the keyword index sees it: its length in distinct words
 * (MiniSearch's field length) and the frequency of each term.
 */
export function fieldTerms(fieldWords: readonly string[]): { length: number; tf: Map<string, number> } {
  const tf = new Map<string, number>();
  for (const w of fieldWords) {
    const t = w ? termOf(w) : null;
    if (t !== null) tf.set(t, (tf.get(t) ?? 0) + 1);
  }
  // An empty field is one empty token to MiniSearch ("".split(' ')).
  return { length: new Set(fieldWords.length ? fieldWords : ['']).size, tf };
}

const OPTIONS = {
  fields: ['title', 'text'],
  storeFields: [] as string[],
  tokenize: (spaced: string) => spaced.split(' '),
  processTerm: (word: string) => (word ? termOf(word) : null),
  // Classic BM25 (no BM25+ floor, d = 0) with k1 = 1.5: on squad-dev this lifts hit@5 from 0.969 to
  // 0.973 without costing hit@1 (npm run eval).
  searchOptions: { boost: { title: BM25.titleBoost }, combineWith: 'OR' as const, bm25: { k: BM25.k, b: BM25.b, d: BM25.d } },
};

export class KeywordIndex {
  private constructor(
    private readonly search: MiniSearch<KeywordDoc>,
    private readonly df: Map<string, number>,
    readonly documentCount: number,
  ) {}

  static build(chunks: readonly Chunk[]): KeywordIndex {
    const search = new MiniSearch<KeywordDoc>(OPTIONS);
    const df = new Map<string, number>();
    const titles = new Map<string, string[]>();
    for (const c of chunks) {
      let title = titles.get(c.title);
      if (!title) titles.set(c.title, (title = words(c.title)));
      const text = words(c.text);
      const seen = new Set<string>();
      for (const w of [...title, ...text]) {
        const t = termOf(w);
        if (t !== null && !seen.has(t)) {
          seen.add(t);
          df.set(t, (df.get(t) ?? 0) + 1);
        }
      }
      search.add({ id: c.id, title: title.join(' '), text: text.join(' ') });
    }
    return new KeywordIndex(search, df, chunks.length);
  }

  static fromJSON(json: string): KeywordIndex {
    const data = JSON.parse(json) as { search: unknown; df: [string, number][]; count: number };
    const search = MiniSearch.loadJS<KeywordDoc>(data.search as never, OPTIONS);
    return new KeywordIndex(search, new Map(data.df), data.count);
  }

  toJSON(): string {
    return JSON.stringify({ search: this.search.toJSON(), df: [...this.df], count: this.documentCount });
  }

  /** BM25 hits, best first. `allow` restricts to chunk ids for which it returns true. */
  query(text: string, limit: number, allow?: (id: string) => boolean): KeywordHit[] {
    // Only words the corpus has: MiniSearch then visits no empty postings.
    const known = words(text).filter((w) => this.df.has(termOf(w) ?? ''));
    if (!known.length) return [];
    const hits = this.search.search(known.join(' '), allow ? { filter: (r) => allow(r.id as string) } : undefined);
    return hits.slice(0, limit).map((h) => ({ id: h.id as string, score: h.score }));
  }

  /** Number of chunks containing an analysed term. */
  documentFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  /** Does any chunk contain this analysed term? */
  has(term: string): boolean {
    return this.df.has(term);
  }

  /** Inverse document frequency of an analysed term (BM25's form, never negative). */
  idf(term: string): number {
    return bm25Idf(this.documentCount, this.df.get(term) ?? 0);
  }
}
