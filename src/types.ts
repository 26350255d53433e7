// Shared data shapes. Every layer imports from here; this file imports nothing.

/** A parsed article: metadata plus the cleaned text every offset points into. */
export interface Article {
  /** Path relative to the corpus folder, with forward slashes (e.g. "sport/001.txt"). */
  source: string;
  title: string;
  /** Outlet name when it can be told from the text or an override file. */
  publisher?: string;
  /** Publication date as ISO `YYYY-MM-DD`, when the article gives one. */
  date?: string;
  /** Original URL, only from an override file. */
  url?: string;
  /** Cleaned body: paragraphs joined by "\n\n". Chunk and quote offsets index into this string. */
  text: string;
  /** Names and values found in `text` at ingest (sorted by start), so questions pay nothing for tagging. */
  entities?: Entity[];
}

/**
 * What an entity or value is. Names: person, organisation, place, and `name` for a proper noun that could
 * not be told apart. Values: number (a count), money, percent, date, time, ordinal, duration.
 */
export type EntityType = 'person' | 'organisation' | 'place' | 'name' | 'number' | 'money' | 'percent' | 'date' | 'time' | 'ordinal' | 'duration';

/** A name or value in an article: `type` and its span in the article's cleaned text. */
export interface Entity {
  start: number;
  end: number;
  type: EntityType;
}

/** A half-open character range [start, end) into an Article's `text`. */
export interface Span {
  start: number;
  end: number;
}

/** A retrievable passage: whole sentences of one article, with offsets into its cleaned text. */
export interface Chunk extends Span {
  /** Stable id: `${source}#${ordinal}`. */
  id: string;
  source: string;
  title: string;
  publisher?: string;
  date?: string;
  /** 0-based position of the chunk within its article. */
  ordinal: number;
  /** Exactly `article.text.slice(start, end)`. */
  text: string;
}

/** Turns texts into unit-length vectors. `embed` is the only thing the rest of the code needs from a model. */
export interface Embedder {
  /** Model id as recorded in the index manifest (e.g. "local:glove-sif-100d" or "Xenova/all-MiniLM-L6-v2"). */
  readonly modelId: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<Float32Array[]>;
  /** A whole-word vocabulary, most frequent first (the offline GloVe model; subword models have none):
   *  the frequency prior of the questions' spelling repair. */
  readonly words?: readonly string[];
}

/** A chunk with the scores that ranked it. */
export interface ScoredChunk {
  chunk: Chunk;
  /** Fused score used for ranking (higher is better). */
  score: number;
  keyword: number;
  vector: number;
  /** The same passage republished by other outlets (a wire report), folded into this hit. */
  copies?: Chunk[];
}

export interface Citation {
  /** 1-based marker number as shown in the answer text: `[n]`. */
  n: number;
  source: string;
  title: string;
  publisher?: string;
  date?: string;
  /** Verbatim text quoted from the article; always `article.text.slice(start, end)`. */
  quote: string;
  start: number;
  end: number;
  score: number;
  /** Marker of an earlier citation whose quote this one repeats (the same wire report in another outlet): shown once, with both markers. */
  copyOf?: number;
  /**
   * The exact span inside the quote that answers the question (a name, a figure, a date), when there is
   * one: offsets into the article text, within [start, end), and `text === article.text.slice(start, end)`.
   * Front ends show it in bold; `ask --json` returns the first one as `"short"`.
   */
  short?: Span & { text: string };
}

export interface Answer {
  /** The question as the user typed it. */
  question: string;
  /** The question as the engine read it, when chat shorthand or typos were repaired ("ppl" → "people"). */
  normalised?: string;
  /** The full text a user sees: quotes with [n] markers, then the numbered sources. */
  answer: string;
  abstained: boolean;
  /** Most relevant first. */
  citations: Citation[];
  /** When abstaining: nearest articles, for "possibly related". */
  related: ArticleInfo[];
  /** What the cited articles say differently or alike, e.g. "Sources differ: 36 soldiers killed [1]; 79 government fighters killed [2]". */
  notes?: string[];
}

/** Article metadata without the body, for listings and autocomplete. */
export interface ArticleInfo {
  source: string;
  title: string;
  publisher?: string;
  date?: string;
  url?: string;
  chunks: number;
}

export interface AskOptions {
  /** Restrict to one article (its `source`). */
  source?: string;
  /** Restrict to these articles (their `source`s), e.g. the ones an earlier answer cited; unknown ones are ignored. */
  sources?: string[];
  /** Only articles dated on or after this ISO date (undated articles are excluded when set). */
  from?: string;
  /** Only articles dated on or before this ISO date. */
  to?: string;
  /** Only articles from this outlet (case-insensitive match on `publisher`). */
  outlet?: string;
}

export interface SearchOptions extends AskOptions {
  /** How many hits to return. */
  limit?: number;
  /** How many hits to skip (paging). */
  offset?: number;
}

/** One dated event for a timeline: a quote and where it comes from. */
export interface TimelineEntry {
  /** ISO date the event is dated to (the article's date when the passage gives none of its own). */
  date: string;
  citation: Citation;
}

export interface CorpusStats {
  articles: number;
  outlets: string[];
  chunks: number;
  /** Earliest and latest article dates, when any article is dated. */
  from?: string;
  to?: string;
  undated: number;
  model: string;
  dimensions: number;
  /** ISO timestamp of the last ingest. */
  builtAt: string;
}

/** What the terminal and Discord front ends need from the question-answering engine. */
export interface Engine {
  ask(question: string, options?: AskOptions): Promise<Answer>;
  search(query: string, options?: SearchOptions): Promise<ScoredChunk[]>;
  /** All articles, sorted by date then title. */
  articles(): ArticleInfo[];
  /** One article's chunks in order, or undefined if no such source. */
  passages(source: string): Promise<Chunk[] | undefined>;
  /** Dated events about a topic, oldest first. */
  timeline(topic: string, options?: AskOptions): Promise<TimelineEntry[]>;
  /** Distinct outlet names, sorted. */
  outlets(): string[];
  stats(): CorpusStats;
}
