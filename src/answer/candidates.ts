// Candidate sentences: every sentence of the best-ranked chunks, located in its article, together with
// what it is read with: the article's title and the sentence before it, and the names and values inside.
import { isHeading, splitSentences } from '../sentences.js';
import { entitiesIn, firstFrom } from '../spans.js';
import type { Article, Chunk, Entity, ScoredChunk, Span } from '../types.js';

export interface Candidate {
  chunk: Chunk;
  article: Article;
  /** The sentence's span in the article text, and its text. */
  start: number;
  end: number;
  text: string;
  /** The sentence before it in the same paragraph, when there is one. */
  prev?: Span & { text: string };
  /** 0-based position of the sentence in its article (news puts the gist first). */
  index: number;
  /** Rank of its chunk in retrieval (0 = best), and of its article among distinct articles. */
  chunkRank: number;
  articleRank: number;
  /** Its chunk's fused retrieval score over the best chunk's. */
  chunkScore: number;
  /**
   * The best fused score of any of its article's chunks among those read, over the best chunk's: how well
   * retrieval rates the article, as a score rather than a rank (two near-tied passages get near-equal values).
   */
  articleScore: number;
  /** Names and values inside the sentence. */
  entities: Entity[];
}

/** Sentence spans of an article, split once per question however many of its chunks were retrieved. */
function sentencesOf(article: Article, cache: Map<string, readonly Span[]>): readonly Span[] {
  let spans = cache.get(article.source);
  if (!spans) {
    spans = splitSentences(article.text);
    cache.set(article.source, spans);
  }
  return spans;
}

/** Every sentence of the first `chunks` ranked chunks, each once, in ranking order. */
export function candidatesFrom(
  ranked: readonly ScoredChunk[],
  articleOf: (source: string) => Article | undefined,
  chunks: number,
): Candidate[] {
  const top = ranked.slice(0, chunks);
  const best = top[0]?.score || 1;
  const cache = new Map<string, readonly Span[]>();
  const articleRanks = new Map<string, number>();
  const articleBest = new Map<string, number>();
  for (const sc of top) articleBest.set(sc.chunk.source, Math.max(articleBest.get(sc.chunk.source) ?? -Infinity, sc.score));
  const seen = new Set<string>();
  const out: Candidate[] = [];
  top.forEach((sc, chunkRank) => {
    const article = articleOf(sc.chunk.source);
    if (!article) return;
    if (!articleRanks.has(article.source)) articleRanks.set(article.source, articleRanks.size);
    const spans = sentencesOf(article, cache);
    for (let i = firstFrom(spans, sc.chunk.start); i < spans.length; i++) {
      const s = spans[i] as Span;
      if (s.start >= sc.chunk.end) break;
      const key = `${article.source}@${s.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const text = article.text.slice(s.start, s.end);
      if (isHeading(text)) continue;
      const p = spans[i - 1];
      // The sentence before, if in the same paragraph: that is the context a reader would need.
      const prev = p && !article.text.slice(p.end, s.start).includes('\n') ? { ...p, text: article.text.slice(p.start, p.end) } : undefined;
      out.push({
        chunk: sc.chunk,
        article,
        start: s.start,
        end: s.end,
        text,
        ...(prev ? { prev } : {}),
        index: i,
        chunkRank,
        articleRank: articleRanks.get(article.source) ?? 0,
        chunkScore: sc.score / best,
        articleScore: (articleBest.get(sc.chunk.source) ?? sc.score) / best,
        entities: article.entities ? entitiesIn(article.entities, s.start, s.end) : [],
      });
    }
  });
  return out;
}
