// Sentences about a topic, for the timeline: each sentence of the retrieved chunks is scored on how much
// of the topic's rare vocabulary it (and the sentence before it) contains, shared phrases, how close its
// vector is to the topic's, and how well its chunk ranked. Questions are answered by src/answer/, which
// judges whether a sentence holds what is asked; a timeline topic asks for nothing but relevance.
import type { Quote } from './compose.js';
import { dot } from './vectors.js';
import { isHeading, splitSentences } from './sentences.js';
import { isStopword, terms, words } from './terms.js';
import type { WordSimilarity } from './wordsim.js';
import type { ScoredChunk } from './types.js';

export interface TopicTuning {
  /** Chunks whose sentences are considered. */
  chunks: number;
  /** Count paraphrases (word-vector neighbours) as partial matches. */
  paraphrase: boolean;
  /** Sentences with less evidence (weighted term coverage) than this are not about the topic. */
  minEvidence: number;
  /** Weights of a sentence's score: evidence, vector similarity, its chunk's rank score, shared phrases. */
  weights: { evidence: number; similarity: number; chunk: number; phrase: number };
}

// Weights as the previous answer scorer had them tuned on squad-dev (without its answer-type cue, which
// a topic has no use for).
export const DEFAULT_TOPIC: TopicTuning = {
  chunks: 6,
  paraphrase: true,
  minEvidence: 0.075,
  weights: { evidence: 0.55, similarity: 0.2, chunk: 0.15, phrase: 0.1 },
};

export interface Candidate extends Quote {
  /** Share of the question's idf weight found in the sentence and its neighbourhood (0–1). */
  evidence: number;
}

export interface SelectContext {
  idf: (term: string) => number;
  /** Embeds sentences (unit vectors). */
  embed: (texts: string[]) => Promise<Float32Array[]>;
  /** Paraphrase matching between words; without it only exact (stemmed) matches count. */
  words?: WordSimilarity;
}

/** A question's content words with their stemmed term and idf weight. */
interface QuestionWord {
  word: string;
  term: string;
  weight: number;
}

function contentWords(text: string): { word: string; term: string }[] {
  return words(text)
    .filter((w) => !isStopword(w))
    .map((w) => ({ word: w, term: terms(w)[0] ?? w }));
}

/**
 * Share of the question's idf weight found in `text`: an exact (stemmed) match counts fully, a paraphrase
 * counts by how similar its word vector is, above a floor that keeps unrelated words at zero.
 */
function coverage(q: readonly QuestionWord[], total: number, text: string, sim?: WordSimilarity, floor = 0.6): number {
  if (total === 0) return 0;
  const present = contentWords(text);
  const termSet = new Set(present.map((p) => p.term));
  let got = 0;
  for (const { word, term, weight } of q) {
    if (termSet.has(term)) got += weight;
    else if (sim) {
      let best = 0;
      for (const p of present) best = Math.max(best, sim.similarity(word, p.word));
      if (best > floor) got += weight * 0.8 * ((best - floor) / (1 - floor));
    }
  }
  return got / total;
}

/** Adjacent content-term pairs: shared phrases ("basic Turing machine") are strong evidence of the answer sentence. */
export function bigrams(text: string): Set<string> {
  const t = terms(text);
  const out = new Set<string>();
  for (let i = 1; i < t.length; i++) out.add(`${t[i - 1]} ${t[i]}`);
  return out;
}

export function phraseShare(question: Set<string>, text: string): number {
  if (question.size === 0) return 0;
  const b = bigrams(text);
  let n = 0;
  for (const g of question) if (b.has(g)) n++;
  return n / question.size;
}

/** Score every sentence of the top chunks; best first. */
export async function scoreSentences(
  question: string,
  questionVector: Float32Array,
  ranked: readonly ScoredChunk[],
  ctx: SelectContext,
  tuning: TopicTuning = DEFAULT_TOPIC,
): Promise<Candidate[]> {
  const seenTerms = new Set<string>();
  const qWords: QuestionWord[] = [];
  for (const { word, term } of contentWords(question)) {
    if (seenTerms.has(term)) continue;
    seenTerms.add(term);
    qWords.push({ word, term, weight: ctx.idf(term) });
  }
  const total = qWords.reduce((a, b) => a + b.weight, 0);
  const qBigrams = bigrams(question);
  const top = ranked.slice(0, tuning.chunks);
  const best = top[0]?.score || 1;

  const sim = tuning.paraphrase && ctx.words ? ctx.words : undefined;
  if (sim) await sim.prepare([...qWords.map((w) => w.word), ...top.flatMap((sc) => contentWords(sc.chunk.text).map((w) => w.word))]);
  const seen = new Set<string>();
  const raw: { sc: ScoredChunk; start: number; end: number; text: string; local: number; window: number }[] = [];
  for (const sc of top) {
    const spans = splitSentences(sc.chunk.text);
    spans.forEach((s, i) => {
      const start = sc.chunk.start + s.start;
      const key = `${sc.chunk.source}@${start}`;
      if (seen.has(key)) return;
      seen.add(key);
      const text = sc.chunk.text.slice(s.start, s.end);
      if (isHeading(text)) return;
      // Neighbours catch answers whose subject was named one sentence earlier ("He said…").
      const prev = spans[i - 1];
      const window = prev ? sc.chunk.text.slice(prev.start, s.end) : text;
      raw.push({
        sc, start, end: sc.chunk.start + s.end, text,
        local: coverage(qWords, total, text, sim),
        window: coverage(qWords, total, window, sim),
      });
    });
  }
  if (raw.length === 0) return [];
  const vectors = await ctx.embed(raw.map((r) => r.text));

  const out: Candidate[] = raw.map((r, i) => {
    const evidence = 0.75 * r.local + 0.25 * r.window;
    const similarity = dot(questionVector, vectors[i] as Float32Array);
    const w = tuning.weights;
    const phrase = phraseShare(qBigrams, r.text);
    const score = w.evidence * evidence + w.similarity * similarity + w.chunk * (r.sc.score / best) + w.phrase * phrase;
    return { chunk: r.sc.chunk, start: r.start, end: r.end, text: r.text, score, evidence };
  });
  return out.sort((a, b) => b.score - a.score);
}
