// The question-answering engine over an opened index: question → embed → retrieve → select → compose.
// Front ends (terminal, Discord) see only the `Engine` interface.
import { composeAbstention, composeAnswer } from './compose.js';
import { appError } from './errors.js';
import { collapseCopies, figureVetoes, newsQuotes } from './news.js';
import { retrieve, type RetrievalMode } from './retrieve.js';
import { chooseQuotes, DEFAULT_SELECT, numberVetoes, qualifierVetoes, scoreSentences, unsupportedTerms, type Candidate, type SelectTuning } from './select.js';
import { checkScope, corpusStats, memoryBackend, type IndexBackend } from './index-backend.js';
import { bm25Idf } from './keyword.js';
import { openIndex } from './store.js';
import { terms } from './terms.js';
import { buildTimeline, DEFAULT_TIMELINE } from './timeline.js';
import { createWordSimilarity } from './wordsim.js';
import type { Answer, ArticleInfo, AskOptions, Embedder, Engine, ScoredChunk, SearchOptions, TimelineEntry } from './types.js';

export { chunkFilter, corpusStats } from './index-backend.js';

export interface EngineTuning extends SelectTuning {
  mode: RetrievalMode;
  keywordWeight: number;
  /** Chunks retrieved per question. */
  k: number;
}

const RELATED_EVIDENCE = 0.3;

export const DEFAULT_TUNING: EngineTuning = { ...DEFAULT_SELECT, mode: 'hybrid', keywordWeight: 0.7, k: 10 };

/** An answer with what led to it, for evaluation and debugging. */
export interface AnswerTrace {
  answer: Answer;
  ranked: ScoredChunk[];
  /** Evidence of the best sentence (what abstention compares with the threshold). */
  evidence: number;
  /** Why the engine abstains whatever the evidence: unsupported names or figures, unmatched qualifiers. */
  vetoes: string[];
}

export interface LoadedEngine extends Engine {
  /** The index, embedded or Postgres: the engine reads it only through this interface. */
  readonly backend: IndexBackend;
  readonly embedder: Embedder;
  readonly tuning: EngineTuning;
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
 * Document frequencies the sentence scorer and vetoes read synchronously (idf, "does the corpus know
 * this name?"), fetched per question for its terms and its ranked chunks' terms. One map per engine;
 * entries are refreshed by every question that uses them.
 */
function termCache(index: IndexBackend) {
  const df = new Map<string, number>();
  let documents = index.chunkCount;
  return {
    async load(wanted: readonly string[]): Promise<void> {
      if (df.size > 200_000) df.clear();
      const got = await index.termFrequencies(wanted);
      documents = got.documents;
      for (const t of wanted) df.set(t, got.df.get(t) ?? 0);
    },
    idf: (term: string) => bm25Idf(documents, df.get(term) ?? 0),
    has: (term: string) => (df.get(term) ?? 0) > 0,
  };
}

export async function openEngine(indexDir: string, embedder: Embedder, tuning: EngineTuning = DEFAULT_TUNING): Promise<LoadedEngine> {
  return openEngineOn(memoryBackend(await openIndex(indexDir)), embedder, tuning, indexDir);
}

/** The engine over any backend (the Postgres one comes from src/pg/backend.ts). */
export function openEngineOn(index: IndexBackend, embedder: Embedder, tuning: EngineTuning = DEFAULT_TUNING, where: string = index.kind): LoadedEngine {
  if (index.manifest.model !== embedder.modelId) throw appError('INDEX_MODEL_MISMATCH', where, index.manifest.model, embedder.modelId);
  return createEngine(index, embedder, tuning);
}

function createEngine(index: IndexBackend, embedder: Embedder, tuning: EngineTuning, words = createWordSimilarity((t) => embedder.embed(t)), known = termCache(index)): LoadedEngine {
  const embedOne = async (text: string) => (await embedder.embed([text]))[0] as Float32Array;
  const selectContext = { idf: known.idf, embed: (texts: string[]) => embedder.embed(texts), words };
  const allArticles = [...index.articles.keys()].map((s) => info(index, s));
  allArticles.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.title.localeCompare(b.title));
  // Computed once: autocomplete asks for the outlets on every keystroke.
  const outlets = corpusStats(index).outlets;

  const rank = async (question: string, k: number, options?: AskOptions): Promise<{ ranked: ScoredChunk[]; qv: Float32Array }> => {
    const scoped = checkScope(index.articles, options);
    const qv = await embedOne(question);
    const ranked = await retrieve(index, question, qv, { k, mode: tuning.mode, keywordWeight: tuning.keywordWeight, ...(scoped ? { scope: options } : {}) });
    await known.load([...terms(question), ...ranked.flatMap((r) => terms(`${r.chunk.title} ${r.chunk.text}`))]);
    return { ranked, qv };
  };

  // "Possibly related" only names articles with a sentence sharing a good part of the question's
  // vocabulary: one shared common word ("makes") is no relation.
  const related = (candidates: readonly Candidate[]): ArticleInfo[] => {
    const sources = [...new Set(candidates.filter((c) => c.evidence >= RELATED_EVIDENCE).map((c) => c.chunk.source))].slice(0, 3);
    return sources.map((s) => info(index, s));
  };

  const askTraced = async (question: string, options?: AskOptions): Promise<AnswerTrace> => {
    const q = question.trim();
    if (!q) throw appError('QUESTION_EMPTY');
    const { ranked, qv } = await rank(q, tuning.k, options);
    const candidates = await scoreSentences(q, qv, ranked, selectContext, tuning);
    // Vetoes are judged on the quotes that would be shown whatever the evidence threshold, so eval's
    // threshold trade-off sees them too.
    const picked = chooseQuotes(candidates, { ...tuning, abstainBelow: -Infinity });
    const vetoes = [
      ...unsupportedTerms(q, ranked[0]?.chunk.text ?? '', known.has),
      ...qualifierVetoes(q, picked),
      ...numberVetoes(q, picked),
      ...figureVetoes(q, picked),
    ];
    const chosen = vetoes.length || (candidates[0]?.evidence ?? 0) < tuning.abstainBelow ? [] : picked;
    // Wire copies of a chosen quote, and another article's differing figure for the asked fact, join it.
    const quotes = chosen.length ? newsQuotes(q, chosen, candidates) : [];
    const answer = quotes.length ? composeAnswer(q, quotes) : composeAbstention(q, related(candidates));
    return { answer, ranked, evidence: candidates[0]?.evidence ?? 0, vetoes };
  };

  return {
    backend: index,
    embedder,
    tuning,
    askTraced,
    withTuning: (t: EngineTuning) => createEngine(index, embedder, t, words, known),
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
      const relevant = ranked.filter((r) => r.keyword > 0);
      const candidates = await scoreSentences(q, qv, relevant, selectContext, { ...tuning, chunks: relevant.length });
      return buildTimeline(candidates, { ...DEFAULT_TIMELINE, minEvidence: tuning.abstainBelow / 2 });
    },
    outlets: () => outlets,
    stats: () => corpusStats(index),
  };
}
