// A small plain-object Engine for the Discord tests: the five seed articles' real text, split into
// paragraph passages, and word-overlap scoring. It behaves like the real engine at the interface
// (verbatim quotes with offsets, abstention, filters, paging) without loading a model.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer, ArticleInfo, AskOptions, Chunk, Citation, CorpusStats, Engine, ScoredChunk, SearchOptions, TimelineEntry } from '../../src/types.js';

interface SeedMeta {
  file: string;
  title: string;
  publisher?: string;
  date?: string;
  url?: string;
}

/** Titles as printed in each article; publishers and dates where the text states them. */
export const SEEDS: SeedMeta[] = [
  { file: '000_9730e26d5898b01a.txt', title: 'Daesh moves into Damascus suburb as Syrian regime forces opposition to retreat', publisher: 'Middle East Monitor' },
  { file: '001_03146239e8682a65.txt', title: 'Daesh cornered in pocket of southern Syria', publisher: 'AFP', date: '2018-08-01' },
  { file: '002_dd5445a2a5432432.txt', title: 'Syrian regime launches offensive on IS-held areas in Damascus', publisher: 'The New Arab', date: '2018-04-19', url: 'https://example.org/new-arab/offensive' },
  { file: '003_f964ef8d3eddc13b.txt', title: 'Islamic State loses ground to Syrian rebels in Damascus suburb', publisher: 'ARA News' },
  { file: '004_34e4c95bf64eb021.txt', title: 'Syrian army, Islamic State wage fierce battle south of Damascus', date: '2018-04-28' },
];

const STOP = new Set('a an and are as at be by did do does for from has have how in is it of on or the to was were what when where which who whom why with'.split(' '));

function terms(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9-]+/g) ?? []).filter((t) => !STOP.has(t) && t.length > 1);
}

function overlap(query: string[], text: string): number {
  const words = new Set(terms(text));
  return query.filter((t) => words.has(t)).length;
}

interface Loaded {
  info: ArticleInfo;
  text: string;
  chunks: Chunk[];
}

function load(): Loaded[] {
  return SEEDS.map((meta) => {
    const text = readFileSync(join('seeds', meta.file), 'utf8');
    const chunks: Chunk[] = [];
    // Passages are the non-empty lines (paragraphs), with exact offsets into the text.
    const re = /[^\n]+/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].trim().length < 40) continue;
      chunks.push({
        id: `${meta.file}#${chunks.length}`,
        source: meta.file,
        title: meta.title,
        ...(meta.publisher ? { publisher: meta.publisher } : {}),
        ...(meta.date ? { date: meta.date } : {}),
        ordinal: chunks.length,
        start: m.index,
        end: m.index + m[0].length,
        text: m[0],
      });
    }
    const info: ArticleInfo = { source: meta.file, title: meta.title, chunks: chunks.length };
    if (meta.publisher) info.publisher = meta.publisher;
    if (meta.date) info.date = meta.date;
    if (meta.url) info.url = meta.url;
    return { info, text, chunks };
  });
}

function allowed(c: Chunk, o: AskOptions = {}): boolean {
  if (o.source && c.source !== o.source) return false;
  if (o.sources && !o.sources.includes(c.source)) return false;
  if (o.outlet && c.publisher?.toLowerCase() !== o.outlet.toLowerCase()) return false;
  if ((o.from || o.to) && !c.date) return false;
  if (o.from && c.date! < o.from) return false;
  if (o.to && c.date! > o.to) return false;
  return true;
}

/** The best sentence of a chunk for `query`, as a citation with offsets into the article. */
function bestSentence(chunk: Chunk, query: string[], n: number, score: number): Citation {
  const re = /[^.!?]+[.!?]+["”’]?/g;
  let best = { text: chunk.text, start: 0, score: -1 };
  for (let m = re.exec(chunk.text); m; m = re.exec(chunk.text)) {
    const s = overlap(query, m[0]);
    if (s > best.score) best = { text: m[0], start: m.index, score: s };
  }
  const lead = best.text.length - best.text.trimStart().length;
  const quote = best.text.trim();
  const start = chunk.start + best.start + lead;
  return { n, source: chunk.source, title: chunk.title, ...(chunk.publisher ? { publisher: chunk.publisher } : {}), ...(chunk.date ? { date: chunk.date } : {}), quote, start, end: start + quote.length, score };
}

export function makeFakeEngine(): Engine {
  const articles = load();
  const chunks = articles.flatMap((a) => a.chunks);
  const rank = (query: string, o?: AskOptions): ScoredChunk[] => {
    const q = terms(query);
    return chunks
      .filter((c) => allowed(c, o))
      .map((chunk) => {
        const k = q.length ? overlap(q, chunk.text) / q.length : 0;
        return { chunk, score: k, keyword: k, vector: k };
      })
      .filter((h) => h.score > 0)
      .sort((a, b) => b.score - a.score);
  };

  return {
    async ask(question: string, options?: AskOptions): Promise<Answer> {
      const q = terms(question);
      const hits = rank(question, options).filter((h) => overlap(q, h.chunk.text) >= 2).slice(0, 2);
      if (hits.length === 0) {
        const related = rank(question, options).slice(0, 2).map((h) => articles.find((a) => a.info.source === h.chunk.source)!.info);
        return { question, answer: "The articles don't answer this.", abstained: true, citations: [], related: [...new Set(related)] };
      }
      const citations = hits.map((h, i) => bestSentence(h.chunk, q, i + 1, h.score));
      const quotes = citations.map((c) => `“${c.quote}” [${c.n}]`).join(' ');
      const sources = citations.map((c) => `[${c.n}] ${c.title}`).join('\n');
      return { question, answer: `${quotes}\n\n${sources}`, abstained: false, citations, related: [] };
    },
    async search(query: string, options: SearchOptions = {}): Promise<ScoredChunk[]> {
      const offset = options.offset ?? 0;
      return rank(query, options).slice(offset, offset + (options.limit ?? 10));
    },
    articles: () => articles.map((a) => a.info),
    passages: (source: string) => articles.find((a) => a.info.source === source)?.chunks,
    async timeline(topic: string, options?: AskOptions): Promise<TimelineEntry[]> {
      const q = terms(topic);
      return rank(topic, options)
        .filter((h) => h.chunk.date)
        .slice(0, 6)
        .map((h, i) => ({ date: h.chunk.date!, citation: bestSentence(h.chunk, q, i + 1, h.score) }))
        .sort((a, b) => a.date.localeCompare(b.date));
    },
    outlets: () => [...new Set(articles.flatMap((a) => (a.info.publisher ? [a.info.publisher] : [])))].sort(),
    stats(): CorpusStats {
      const dates = articles.flatMap((a) => (a.info.date ? [a.info.date] : [])).sort();
      return {
        articles: articles.length,
        outlets: this.outlets(),
        chunks: chunks.length,
        ...(dates.length ? { from: dates[0]!, to: dates[dates.length - 1]! } : {}),
        undated: articles.length - dates.length,
        model: 'fake:word-overlap',
        dimensions: 0,
        builtAt: '2024-05-01T12:00:00.000Z',
      };
    },
  };
}
