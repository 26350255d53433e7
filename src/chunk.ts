// Article → retrievable chunks of whole sentences. Pure. Chunks are the unit the index ranks and the
// quote selector reads, so they never cut a sentence and their offsets always point into article.text.
import type { Article, Chunk, Span } from './types.js';
import { capSpan, splitSentences } from './sentences.js';

export interface ChunkOptions {
  /** Aim for chunks about this long (characters). */
  targetChars?: number;
  /** Never exceed this: a longer sentence is cut into pieces (capSpan; splitSentences already cuts at 1,000). */
  maxChars?: number;
  /** Sentences repeated from the end of one chunk at the start of the next, so a fact split across the
   * boundary is still found whole in one chunk. */
  overlapSentences?: number;
}

export const DEFAULT_CHUNK_OPTIONS: Required<ChunkOptions> = { targetChars: 600, maxChars: 1000, overlapSentences: 1 };

interface Sentence extends Span {
  /** Index of the paragraph the sentence belongs to. */
  paragraph: number;
}

function sentencesWithParagraphs(text: string, max: number): Sentence[] {
  let paragraph = 0;
  return splitSentences(text).flatMap((s) => capSpan(text, s, max)).map((s, i, all) => {
    const prev = all[i - 1];
    if (prev && text.slice(prev.end, s.start).includes('\n')) paragraph++;
    return { ...s, paragraph };
  });
}

/**
 * Group sentence indexes into chunks: [first, end) ranges over `sentences`, where `fresh` is the first
 * sentence not already in the previous chunk (everything before it is overlap).
 */
function plan(sentences: Sentence[], o: Required<ChunkOptions>): Array<{ first: number; fresh: number; end: number }> {
  const ranges: Array<{ first: number; fresh: number; end: number }> = [];
  const len = (a: number, b: number): number => (sentences[b - 1]?.end ?? 0) - (sentences[a]?.start ?? 0);
  let fresh = 0;
  while (fresh < sentences.length) {
    const prev = ranges.at(-1);
    // Overlap, but never the whole previous chunk (progress) and never past maxChars with the new sentence.
    let first = prev ? Math.max(fresh - o.overlapSentences, prev.first + 1) : fresh;
    while (first < fresh && len(first, fresh + 1) > o.maxChars) first++;
    let end = fresh + 1;
    while (end < sentences.length) {
      const grown = len(first, end + 1);
      if (grown > o.maxChars) break;
      // Prefer to end at a paragraph break once the chunk holds a fair share of the target; tiny
      // paragraphs are merged with the next.
      const newPart = len(fresh, end);
      if (sentences[end]?.paragraph !== sentences[end - 1]?.paragraph && newPart >= o.targetChars / 2) break;
      // Past the target, stop if stopping leaves the chunk closer to it.
      const current = len(first, end);
      if (grown > o.targetChars && grown - o.targetChars > o.targetChars - current) break;
      end++;
    }
    ranges.push({ first, fresh, end });
    fresh = end;
  }
  // A small remainder reads better as the end of the previous chunk than as a chunk of its own.
  const last = ranges.at(-1);
  const before = ranges.at(-2);
  if (last && before && len(last.fresh, last.end) < o.targetChars / 4 && len(before.first, last.end) <= o.maxChars) {
    before.end = last.end;
    ranges.pop();
  }
  return ranges;
}

/** Split an article into chunks of whole sentences with offsets into `article.text`. */
export function chunkArticle(article: Article, opts: ChunkOptions = {}): Chunk[] {
  const o = { ...DEFAULT_CHUNK_OPTIONS, ...opts };
  o.maxChars = Math.max(o.maxChars, o.targetChars);
  o.overlapSentences = Math.max(0, Math.floor(o.overlapSentences));
  const sentences = sentencesWithParagraphs(article.text, o.maxChars);
  return plan(sentences, o).map(({ first, end }, ordinal) => {
    const start = sentences[first]?.start ?? 0;
    const stop = sentences[end - 1]?.end ?? start;
    return makeChunk(article, ordinal, start, stop);
  });
}

/** The chunk of `article` at [start, end): its text is always the article's text at those offsets. */
export function makeChunk(article: Article, ordinal: number, start: number, end: number): Chunk {
  const chunk: Chunk = {
    id: `${article.source}#${ordinal}`,
    source: article.source,
    title: article.title,
    ordinal,
    start,
    end,
    text: article.text.slice(start, end),
  };
  if (article.publisher !== undefined) chunk.publisher = article.publisher;
  if (article.date !== undefined) chunk.date = article.date;
  return chunk;
}
