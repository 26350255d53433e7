// The question-answering engine over an opened index: analyse → embed → retrieve → answer step
// (src/answer/) → compose.
// Front ends (terminal, Discord) see only the `Engine` interface.
import { answerStep, type AnswerContext, type AnswerStep } from './answer/pipeline.js';
import { FEATURES } from './answer/features.js';
import { normaliseQuestion, type Normalised } from './answer/normalise.js';
import { analyseQuestion } from './answer/question.js';
import { createLexicon, type KnownTerms } from './answer/spelling.js';
import { loadWeights, type Weights } from './answer/scorer.js';
import { TUNING } from './answer/tuning.js';
import { composeAbstention, composeAnswer, type Quote } from './compose.js';
import { appError } from './errors.js';
import { collapseCopies, DEFAULT_NEWS, newsQuotes } from './news.js';
import { retrieve, type RetrievalMode } from './retrieve.js';
import { DEFAULT_TOPIC, scoreSentences } from './topic-sentences.js';
import { checkScope, corpusStats, memoryBackend, type IndexBackend } from './index-backend.js';
import { bm25Idf } from './keyword.js';
import { openIndex } from './store.js';
import { terms } from './terms.js';
import { buildTimeline, DEFAULT_TIMELINE } from './timeline.js';
import { createWordSimilarity } from './wordsim.js';
import type { Answer, Article, ArticleInfo, AskOptions, Embedder, Engine, ScoredChunk, SearchOptions, TimelineEntry } from './types.js';

export { chunkFilter, corpusStats } from './index-backend.js';

export interface EngineTuning {
  mode: RetrievalMode;
  keywordWeight: number;
  /** Chunks retrieved per question. */
  k: number;
  /** Abstain below this P(the articles answer the question); default: the trained weights' threshold for the question's profile. */
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
  /** The question as analysed and retrieved: chat shorthand expanded, typos repaired. */
  normalised: Normalised;
}

export interface LoadedEngine extends Engine {
  /** The index, embedded or Postgres: the engine reads it only through this interface. */
  readonly backend: IndexBackend;
  readonly embedder: Embedder;
  readonly tuning: EngineTuning;
  readonly weights: Weights;
  askTraced(question: string, options?: AskOptions): Promise<AnswerTrace>;
  /** The same index and model with other tuning (eval compares modes without reloading). */
  withTuning(tuning: EngineTuning): LoadedEngine;
}

function info(index: IndexBackend, source: string): ArticleInfo {
  const a = index.articles.get(source);
  if (!a) throw appError('SOURCE_UNKNOWN', source);
  return a;
}

/**
 * What the answer step reads synchronously, fetched per question through the backend: document
 * frequencies (idf, "does the corpus know this name?") of the question's terms (the only terms whose idf
 * any feature weighs) and the full articles of the top chunks. One cache per engine, bounded; entries are
 * refreshed by every question that uses them. Search does not need it and does not load it.
 */
type TermFrequencies = Awaited<ReturnType<IndexBackend['termFrequencies']>>;

/**
 * One question's look-ups of document frequencies: each term is fetched once per question, and the first
 * look-up also fetches `first` (the question's own terms), so that spelling repair's check of which words the
 * corpus has and retrieval's idf afterwards are usually one call to the index (a round trip on Postgres).
 */
function termLookups(index: IndexBackend, first: readonly string[]) {
  const df = new Map<string, number>();
  let documents = index.chunkCount;
  let pending = [...first];
  const frequencies = async (wanted: readonly string[]): Promise<TermFrequencies> => {
    const missing = [...new Set([...pending, ...wanted])].filter((t) => !df.has(t));
    pending = [];
    if (missing.length) {
      const got = await index.termFrequencies(missing);
      documents = got.documents;
      for (const t of missing) df.set(t, got.df.get(t) ?? 0);
    }
    return { documents, df: new Map(wanted.map((t) => [t, df.get(t) ?? 0])) };
  };
  const known: KnownTerms = async (wanted) => new Set([...(await frequencies(wanted)).df].filter(([, n]) => n > 0).map(([t]) => t));
  return { frequencies, known };
}

function answerCache(index: IndexBackend) {
  const df = new Map<string, number>();
  const articles = new Map<string, Article>();
  let documents = index.chunkCount;
  return {
    async load(question: string, ranked: readonly ScoredChunk[], lookups = termLookups(index, [])): Promise<void> {
      const wanted = terms(question);
      // Fetched afresh for every question, like its chunks: after a re-ingest, offsets and text agree.
      const sources = [...new Set(ranked.slice(0, TUNING.candidateChunks).map((r) => r.chunk.source))];
      const [got, fetched] = await Promise.all([lookups.frequencies(wanted), index.readArticles(sources)]);
      if (df.size > 200_000) df.clear();
      documents = got.documents;
      for (const t of wanted) df.set(t, got.df.get(t) ?? 0);
      for (const a of fetched) articles.delete(a.source), articles.set(a.source, a);
      // Oldest first in a Map: keep the most recent few hundred articles.
      for (const s of articles.keys()) if (articles.size > 500) articles.delete(s);
    },
    idf: (term: string) => bm25Idf(documents, df.get(term) ?? 0),
    known: (term: string) => (df.get(term) ?? 0) > 0,
    articleOf: (source: string) => articles.get(source),
  };
}

export async function openEngine(indexDir: string, embedder: Embedder, tuning: EngineTuning = DEFAULT_TUNING, weights: Weights = loadWeights()): Promise<LoadedEngine> {
  return openEngineOn(memoryBackend(await openIndex(indexDir)), embedder, tuning, weights, indexDir);
}

/** The engine over any backend (the Postgres one comes from src/pg/backend.ts). */
export function openEngineOn(index: IndexBackend, embedder: Embedder, tuning: EngineTuning = DEFAULT_TUNING, weights: Weights = loadWeights(), where: string = index.kind): LoadedEngine {
  if (index.manifest.model !== embedder.modelId) throw appError('INDEX_MODEL_MISMATCH', where, index.manifest.model, embedder.modelId);
  return createEngine(index, embedder, tuning, weights);
}

/** A chosen sentence (or sentence pair) as compose quotes it; the one holding the short answer carries it. */
function quoteOf(c: AnswerStep['chosen'][number], short?: AnswerStep['short']): Quote {
  return { chunk: c.chunk, start: c.quote.start, end: c.quote.end, text: c.quote.text, score: c.probability, ...(short ? { short } : {}) };
}

function createEngine(
  index: IndexBackend,
  embedder: Embedder,
  tuning: EngineTuning,
  weights: Weights,
  words = createWordSimilarity((t) => embedder.embed(t)),
  cache = answerCache(index),
  lexicon = embedder.words && createLexicon(embedder.words),
): LoadedEngine {
  const embedOne = async (text: string) => (await embedder.embed([text]))[0] as Float32Array;
  const selectContext = { idf: cache.idf, embed: (texts: string[]) => embedder.embed(texts), words };
  const answerContext: AnswerContext = {
    idf: cache.idf,
    known: cache.known,
    words,
    articleOf: cache.articleOf,
    embed: (texts) => embedder.embed(texts),
    weights,
  };
  const allArticles = [...index.articles.keys()].map((s) => info(index, s));
  allArticles.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.title.localeCompare(b.title));
  // Computed once: autocomplete asks for the outlets on every keystroke.
  const outlets = corpusStats(index).outlets;

  const rank = async (question: string, k: number, options?: AskOptions): Promise<{ ranked: ScoredChunk[]; qv: Float32Array }> => {
    const scoped = checkScope(index.articles, options);
    const qv = await embedOne(question);
    const ranked = await retrieve(index, question, qv, { k, mode: tuning.mode, keywordWeight: tuning.keywordWeight, ...(scoped ? { scope: options } : {}) });
    return { ranked, qv };
  };

  // "Possibly related" only names articles with a sentence the scorer found at all likely and that covers
  // a good part of the question's rare words: a shared common word ("makes") is no relation.
  const cover = FEATURES.indexOf('coverWindow');
  const related = (step: AnswerStep): ArticleInfo[] => {
    const near = step.scored.filter((c, i) => c.probability >= TUNING.relatedFloor && (step.features[i]?.[cover] ?? 0) >= TUNING.relatedCover);
    const sources = [...new Set(near.map((c) => c.chunk.source))].slice(0, 3);
    return sources.map((s) => info(index, s));
  };

  const askTraced = async (question: string, options?: AskOptions): Promise<AnswerTrace> => {
    const lookups = termLookups(index, terms(question));
    const normalised = await normaliseQuestion(question, lexicon, lookups.known);
    const q = analyseQuestion(normalised.text);
    if (!q.text) throw appError('QUESTION_EMPTY');
    const { ranked, qv } = await rank(q.text, tuning.k, options);
    await cache.load(q.text, ranked, lookups);
    const step = await answerStep(q, qv, ranked, answerContext, tuning.threshold);
    const chosen = step.chosen.map((c, i) => quoteOf(c, i === step.shortQuote ? step.short : undefined));
    // Wire copies of a chosen quote, and another article's differing figure for the asked fact, join it.
    const pool = step.scored.map((c) => quoteOf({ ...c, quote: { start: c.start, end: c.end, text: c.text } }));
    const quotes = chosen.length ? newsQuotes(q.text, chosen, pool, { ...DEFAULT_NEWS, conflictRatio: TUNING.conflictRatio }) : [];
    const composed = quotes.length ? composeAnswer(q.text, quotes) : composeAbstention(q.text, related(step));
    // The user sees their question as typed; what the engine read is there when it differs.
    const answer = { ...composed, question: question.trim(), ...(normalised.changes.length ? { normalised: q.text } : {}) };
    return { answer, ranked, probability: step.answerable, step, normalised };
  };

  return {
    backend: index,
    embedder,
    tuning,
    weights,
    askTraced,
    withTuning: (t: EngineTuning) => createEngine(index, embedder, t, weights, words, cache, lexicon),
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
    passages: (source: string) => index.passages(source),
    async timeline(topic: string, options?: AskOptions): Promise<TimelineEntry[]> {
      const q = topic.trim();
      if (!q) throw appError('QUESTION_EMPTY');
      const { ranked, qv } = await rank(q, 20, options);
      await cache.load(q, ranked);
      const relevant = ranked.filter((r) => r.keyword > 0);
      const candidates = await scoreSentences(q, qv, relevant, selectContext, { ...DEFAULT_TOPIC, chunks: relevant.length });
      return buildTimeline(candidates, { ...DEFAULT_TIMELINE, minEvidence: DEFAULT_TOPIC.minEvidence });
    },
    outlets: () => outlets,
    stats: () => corpusStats(index),
  };
}
