// The one store interface the engine retrieves through, whichever backend holds the index: the
// embedded vectra folder (loaded into memory, answered synchronously behind promises) or Postgres +
// pgvector (every call a query, so a bot process holds no corpus). Retrieval asks for keyword hits,
// vector hits, the pooled candidates' chunks with their cosine, and term frequencies for idf.
import { appError } from './errors.js';
import type { KeywordHit } from './keyword.js';
import type { Manifest, OpenIndex } from './store.js';
import type { Article, ArticleInfo, AskOptions, Chunk, CorpusStats } from './types.js';
import { dot, type VectorHit } from './vectors.js';

/** The source/date/outlet filters, as the front ends give them. */
export type ChunkScope = Pick<AskOptions, 'source' | 'sources' | 'from' | 'to' | 'outlet'>;

export interface ScoredCandidate {
  chunk: Chunk;
  /** Dot product of the chunk's unit vector with the query vector. */
  cosine: number;
}

export interface IndexBackend {
  readonly kind: 'vectra' | 'postgres';
  /** The index folder and its published version (the embedded index only: live reload follows them). */
  readonly dir?: string;
  readonly version?: string;
  /** Time the folder's integrity checks took within the open (embedded index only), for the bench. */
  readonly integrityMs?: number;
  readonly manifest: Pick<Manifest, 'model' | 'dimensions' | 'builtAt'>;
  /** Article metadata without bodies, loaded at open: listings, autocomplete and filter checks read it synchronously. */
  readonly articles: ReadonlyMap<string, ArticleInfo>;
  readonly chunkCount: number;
  /** BM25 hits, best first, within the scope. */
  keywordHits(question: string, limit: number, scope?: ChunkScope): Promise<KeywordHit[]>;
  /** Nearest chunks by inner product with the unit query vector, best first, within the scope. */
  vectorHits(query: Float32Array, limit: number, scope?: ChunkScope): Promise<VectorHit[]>;
  /** The chunks with these ids (unknown ids left out) and their cosine with `query`. */
  candidates(ids: readonly string[], query: Float32Array): Promise<ScoredCandidate[]>;
  /** How many chunks contain each analysed term (absent terms are absent), and of how many chunks. */
  termFrequencies(terms: readonly string[]): Promise<{ documents: number; df: Map<string, number> }>;
  /** These articles with their full cleaned text (every offset points into it) and entities; unknown ones left out. */
  readArticles(sources: readonly string[]): Promise<Article[]>;
  /** One article's chunks in order, or undefined if no such source. */
  passages(source: string): Promise<Chunk[] | undefined>;
  close(): Promise<void>;
}

/** Throws SOURCE_UNKNOWN for a source filter naming no article; true when any filter is set. */
export function checkScope(articles: ReadonlyMap<string, unknown>, o: ChunkScope = {}): boolean {
  if (o.source !== undefined && !articles.has(o.source)) throw appError('SOURCE_UNKNOWN', o.source);
  return !!(o.source || o.sources || o.from || o.to || o.outlet);
}

/** A predicate over chunks for the source/date/outlet filters, or undefined when there are none. */
export function chunkFilter(articles: ReadonlyMap<string, unknown>, o: ChunkScope = {}): ((c: Chunk) => boolean) | undefined {
  if (!checkScope(articles, o)) return undefined;
  const outlet = o.outlet?.toLowerCase();
  const sources = o.sources ? new Set(o.sources) : undefined;
  return (c) =>
    (!o.source || c.source === o.source) &&
    (!sources || sources.has(c.source)) &&
    (!o.from || (!!c.date && c.date >= o.from)) &&
    (!o.to || (!!c.date && c.date <= o.to)) &&
    (!outlet || c.publisher?.toLowerCase() === outlet);
}

/** What an index holds, from its metadata alone (no model, no chunk bodies). */
export function corpusStats(backend: Pick<IndexBackend, 'articles' | 'chunkCount' | 'manifest'>): CorpusStats {
  const articles = [...backend.articles.values()];
  const dates = articles.map((a) => a.date).filter((d): d is string => !!d).sort();
  return {
    articles: articles.length,
    outlets: [...new Set(articles.map((a) => a.publisher).filter((p): p is string => !!p))].sort(),
    chunks: backend.chunkCount,
    ...(dates.length ? { from: dates[0], to: dates[dates.length - 1] } : {}),
    undated: articles.length - dates.length,
    model: backend.manifest.model,
    dimensions: backend.manifest.dimensions,
    builtAt: backend.manifest.builtAt,
  };
}

export function articleInfo(a: Omit<ArticleInfo, 'chunks'>, chunks: number): ArticleInfo {
  return {
    source: a.source,
    title: a.title,
    ...(a.publisher ? { publisher: a.publisher } : {}),
    ...(a.date ? { date: a.date } : {}),
    ...(a.url ? { url: a.url } : {}),
    chunks,
  };
}

/** The embedded index (vectra folder loaded by store.ts) behind the backend interface. */
export function memoryBackend(index: OpenIndex): IndexBackend {
  const articles = new Map([...index.articles.values()].map((a) => [a.source, articleInfo(a, index.chunksBySource.get(a.source)?.length ?? 0)]));
  const allowId = (scope?: ChunkScope) => {
    const allow = chunkFilter(articles, scope);
    return allow ? (id: string) => { const c = index.chunks.get(id); return !!c && allow(c); } : undefined;
  };
  return {
    kind: 'vectra',
    dir: index.dir,
    version: index.version,
    integrityMs: index.integrityMs,
    manifest: index.manifest,
    articles,
    chunkCount: index.chunks.size,
    keywordHits: async (question, limit, scope) => index.keyword.query(question, limit, allowId(scope)),
    vectorHits: async (query, limit, scope) => index.vectors.top(query, limit, allowId(scope)),
    async candidates(ids, query) {
      const out: ScoredCandidate[] = [];
      for (const id of ids) {
        const chunk = index.chunks.get(id);
        const v = index.vectors.get(id);
        if (chunk) out.push({ chunk, cosine: v ? dot(query, v) : 0 });
      }
      return out;
    },
    async termFrequencies(terms) {
      const df = new Map<string, number>();
      for (const t of terms) if (index.keyword.has(t)) df.set(t, index.keyword.documentFrequency(t));
      return { documents: index.keyword.documentCount, df };
    },
    readArticles: async (sources) => sources.flatMap((s) => index.articles.get(s) ?? []),
    passages: async (source) => index.chunksBySource.get(source),
    close: async () => undefined,
  };
}
