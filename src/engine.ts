// The question-answering engine over an opened index: question → embed → retrieve → select → compose.
// Front ends (terminal, Discord) see only the `Engine` interface.
import { answerStep, type AnswerContext, type AnswerStep } from './answer/pipeline.js';
import { analyseQuestion } from './answer/question.js';
import { loadWeights, type Weights } from './answer/scorer.js';
import { TUNING } from './answer/tuning.js';
import { composeAbstention, composeAnswer, type Quote } from './compose.js';
import { appError } from './errors.js';
import { collapseCopies, DEFAULT_NEWS, newsQuotes } from './news.js';
import { retrieve, type RetrievalMode } from './retrieve.js';
import { DEFAULT_SELECT, scoreSentences } from './select.js';
import { openIndex, type OpenIndex } from './store.js';
import { buildTimeline, DEFAULT_TIMELINE } from './timeline.js';
import { createWordSimilarity } from './wordsim.js';
import type { Answer, ArticleInfo, AskOptions, Chunk, CorpusStats, Embedder, Engine, ScoredChunk, SearchOptions, TimelineEntry } from './types.js';

export interface EngineTuning {
  mode: RetrievalMode;
  keywordWeight: number;
  /** Chunks retrieved per question. */
  k: number;
  /** Abstain below this probability of the best sentence; default: the trained weights' threshold. */
  threshold?: number;
}

export const DEFAULT_TUNING: EngineTuning = { mode: 'hybrid', keywordWeight: 0.7, k: 10 };

/** An answer with what led to it, for evaluation and debugging. */
export interface AnswerTrace {
  answer: Answer;
  ranked: ScoredChunk[];
  /** Probability that the articles answer the question (what abstention compares with the threshold). */
  probability: number;
  /** The answer step's stages: candidates with features and probabilities, the chosen quotes. */
  step: AnswerStep;
}

export interface LoadedEngine extends Engine {
  readonly index: OpenIndex;
  readonly embedder: Embedder;
  readonly tuning: EngineTuning;
  readonly weights: Weights;
  askTraced(question: string, options?: AskOptions): Promise<AnswerTrace>;
  /** The same index and model with other tuning (eval compares modes without reloading). */
  withTuning(tuning: EngineTuning): LoadedEngine;
}

function info(index: OpenIndex, source: string): ArticleInfo {
  const a = index.articles.get(source);
  if (!a) throw appError('SOURCE_UNKNOWN', source);
  return {
    source,
    title: a.title,
    ...(a.publisher ? { publisher: a.publisher } : {}),
    ...(a.date ? { date: a.date } : {}),
    ...(a.url ? { url: a.url } : {}),
    chunks: index.chunksBySource.get(source)?.length ?? 0,
  };
}

/** A predicate over chunks for the source/date/outlet filters, or undefined when there are none. */
export function chunkFilter(index: OpenIndex, o: AskOptions = {}): ((c: Chunk) => boolean) | undefined {
  if (o.source !== undefined && !index.articles.has(o.source)) throw appError('SOURCE_UNKNOWN', o.source);
  if (!o.source && !o.sources && !o.from && !o.to && !o.outlet) return undefined;
  const outlet = o.outlet?.toLowerCase();
  const sources = o.sources ? new Set(o.sources) : undefined;
  return (c) =>
    (!o.source || c.source === o.source) &&
    (!sources || sources.has(c.source)) &&
    (!o.from || (!!c.date && c.date >= o.from)) &&
    (!o.to || (!!c.date && c.date <= o.to)) &&
    (!outlet || c.publisher?.toLowerCase() === outlet);
}

/** What an index holds; needs no model, so `npm run stats` can answer without loading one. */
export function corpusStats(index: OpenIndex): CorpusStats {
  const articles = [...index.articles.values()];
  const dates = articles.map((a) => a.date).filter((d): d is string => !!d).sort();
  return {
    articles: articles.length,
    outlets: [...new Set(articles.map((a) => a.publisher).filter((p): p is string => !!p))].sort(),
    chunks: index.chunks.size,
    ...(dates.length ? { from: dates[0], to: dates[dates.length - 1] } : {}),
    undated: articles.length - dates.length,
    model: index.manifest.model,
    dimensions: index.manifest.dimensions,
    builtAt: index.manifest.builtAt,
  };
}

export async function openEngine(indexDir: string, embedder: Embedder, tuning: EngineTuning = DEFAULT_TUNING, weights: Weights = loadWeights()): Promise<LoadedEngine> {
  const index = await openIndex(indexDir);
  if (index.manifest.model !== embedder.modelId) throw appError('INDEX_MODEL_MISMATCH', indexDir, index.manifest.model, embedder.modelId);
  return createEngine(index, embedder, tuning, weights);
}

/** A chosen sentence (or sentence pair) as compose quotes it; the first carries the short answer. */
function quoteOf(c: AnswerStep['chosen'][number], short?: AnswerStep['short']): Quote {
  return { chunk: c.chunk, start: c.quote.start, end: c.quote.end, text: c.quote.text, score: c.probability, ...(short ? { short } : {}) };
}

function createEngine(index: OpenIndex, embedder: Embedder, tuning: EngineTuning, weights: Weights, words = createWordSimilarity((t) => embedder.embed(t))): LoadedEngine {
  const retrievalIndex = { keyword: index.keyword, chunks: index.chunks, vectors: index.vectors };
  const embedOne = async (text: string) => (await embedder.embed([text]))[0] as Float32Array;
  const selectContext = { idf: (t: string) => index.keyword.idf(t), embed: (texts: string[]) => embedder.embed(texts), words };
  const answerContext: AnswerContext = {
    idf: (t) => index.keyword.idf(t),
    known: (t) => index.keyword.has(t),
    words,
    articleOf: (s) => index.articles.get(s),
    embed: (texts) => embedder.embed(texts),
    weights,
  };
  const allArticles = [...index.articles.keys()].map((s) => info(index, s));
  allArticles.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.title.localeCompare(b.title));
  // Computed once: autocomplete asks for the outlets on every keystroke.
  const outlets = corpusStats(index).outlets;

  const rank = async (question: string, k: number, options?: AskOptions): Promise<{ ranked: ScoredChunk[]; qv: Float32Array }> => {
    const allow = chunkFilter(index, options);
    const qv = await embedOne(question);
    const ranked = retrieve(retrievalIndex, question, qv, { k, mode: tuning.mode, keywordWeight: tuning.keywordWeight, ...(allow ? { allow } : {}) });
    return { ranked, qv };
  };

  // "Possibly related" only names articles with a sentence the scorer found at all likely: a shared
  // common word ("makes") is no relation.
  const related = (step: AnswerStep): ArticleInfo[] => {
    const sources = [...new Set(step.scored.filter((c) => c.probability >= TUNING.relatedFloor).map((c) => c.chunk.source))].slice(0, 3);
    return sources.map((s) => info(index, s));
  };

  const askTraced = async (question: string, options?: AskOptions): Promise<AnswerTrace> => {
    const q = analyseQuestion(question);
    if (!q.text) throw appError('QUESTION_EMPTY');
    const { ranked, qv } = await rank(q.text, tuning.k, options);
    const step = await answerStep(q, qv, ranked, answerContext, tuning.threshold ?? weights.threshold);
    const chosen = step.chosen.map((c, i) => quoteOf(c, i === 0 ? step.short : undefined));
    // Wire copies of a chosen quote, and another article's differing figure for the asked fact, join it.
    const pool = step.scored.map((c) => quoteOf({ ...c, quote: { start: c.start, end: c.end, text: c.text } }));
    const quotes = chosen.length ? newsQuotes(q.text, chosen, pool, { ...DEFAULT_NEWS, conflictRatio: TUNING.conflictRatio }) : [];
    const answer = quotes.length ? composeAnswer(q.text, quotes) : composeAbstention(q.text, related(step));
    return { answer, ranked, probability: step.answerable, step };
  };

  return {
    index,
    embedder,
    tuning,
    weights,
    askTraced,
    withTuning: (t: EngineTuning) => createEngine(index, embedder, t, weights, words),
    ask: async (question: string, options?: AskOptions) => (await askTraced(question, options)).answer,
    async search(query: string, options: SearchOptions = {}): Promise<ScoredChunk[]> {
      const q = query.trim();
      if (!q) throw appError('QUESTION_EMPTY');
      const offset = options.offset ?? 0;
      const limit = options.limit ?? 5;
      // Republished copies fold into one hit, so rank past the page to still fill it.
      const { ranked } = await rank(q, 2 * (offset + limit), options);
      return collapseCopies(ranked).slice(offset, offset + limit);
    },
    articles: () => allArticles,
    passages: (source: string) => index.chunksBySource.get(source),
    async timeline(topic: string, options?: AskOptions): Promise<TimelineEntry[]> {
      const q = topic.trim();
      if (!q) throw appError('QUESTION_EMPTY');
      const { ranked, qv } = await rank(q, 20, options);
      const relevant = ranked.filter((r) => r.keyword > 0);
      const candidates = await scoreSentences(q, qv, relevant, selectContext, { ...DEFAULT_SELECT, chunks: relevant.length });
      return buildTimeline(candidates, { ...DEFAULT_TIMELINE, minEvidence: DEFAULT_SELECT.abstainBelow / 2 });
    },
    outlets: () => outlets,
    stats: () => corpusStats(index),
  };
}
