// Pure: chosen quotes → the answer a user reads, with [n] markers and a numbered source list.
// Every quote is `article.text.slice(start, end)`; nothing here rewrites the words.
import { formatDate } from './dates.js';
import { markCopies, newsNotes } from './news.js';
import { clipQuote, shortRange } from './quote-clip.js';
import type { Answer, ArticleInfo, Citation, Chunk, Span } from './types.js';

// Re-exported: the front ends format dates the way answers do.
export { formatDate };

/** A sentence chosen to answer the question, located in its article's cleaned text. */
export interface Quote {
  chunk: Chunk;
  start: number;
  end: number;
  text: string;
  score: number;
  /** The span inside the quote that answers the question (a name, a figure, a date). */
  short?: Span & { text: string };
}

export const MAX_ANSWER_CHARS = 2000;

/** "Middle East Eye, 28 April 2018" — whatever of outlet and date is known. */
export function attribution(meta: { publisher?: string; date?: string }): string | undefined {
  const parts = [meta.publisher, formatDate(meta.date)].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}

/** "[1] Title — Publisher, 28 April 2018 (file.txt)" */
export function sourceLine(c: { n: number; title: string; publisher?: string; date?: string; source: string }): string {
  const by = attribution(c);
  return `[${c.n}] ${c.title}${by ? ` — ${by}` : ''} (${c.source})`;
}

/** Number quotes by article in order of first appearance: quotes from one article share its number. */
export function toCitations(quotes: readonly Quote[]): Citation[] {
  const numbers = new Map<string, number>();
  return quotes.map((q) => {
    let n = numbers.get(q.chunk.source);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(q.chunk.source, n);
    }
    return {
      n,
      source: q.chunk.source,
      title: q.chunk.title,
      ...(q.chunk.publisher ? { publisher: q.chunk.publisher } : {}),
      ...(q.chunk.date ? { date: q.chunk.date } : {}),
      quote: q.text,
      start: q.start,
      end: q.end,
      score: Math.round(q.score * 1000) / 1000,
      ...(q.short ? { short: q.short } : {}),
    };
  });
}

/** The date span a set of citations covers, e.g. "reports from 19 April to 1 August 2018". */
export function dateSpan(citations: readonly Citation[]): string | undefined {
  const dates = [...new Set(citations.map((c) => c.date).filter((d): d is string => !!d))].sort();
  if (dates.length < 2) return undefined;
  const first = dates[0] as string;
  const last = dates[dates.length - 1] as string;
  const a = formatDate(first) as string;
  const b = formatDate(last) as string;
  // Drop the repeated year: "19 April to 1 August 2018".
  const from = first.slice(0, 4) === last.slice(0, 4) ? a.replace(/ \d{4}$/, '') : a;
  return `reports from ${from} to ${b}`;
}

function sourcesBlock(citations: readonly Citation[]): string {
  const seen = new Set<number>();
  const lines: string[] = [];
  for (const c of citations) {
    if (seen.has(c.n)) continue;
    seen.add(c.n);
    lines.push(sourceLine(c));
  }
  return `Sources:\n${lines.join('\n')}`;
}

/** One quote line: every outlet that ran it, the words once, then all their markers. */
function quoteLine(group: readonly Citation[], text: string): string {
  const by = [...new Set(group.map((c) => attribution(c)).filter(Boolean))].join('; ');
  return `${by ? `${by}: ` : ''}“${text}” ${[...new Set(group.map((c) => c.n))].map((n) => `[${n}]`).join('')}`;
}

/**
 * Assemble the answer, trimming the longest quotes (never the citations) to fit `maxChars`. A quote that
 * other outlets ran word for word (a wire report) is shown once with all their markers; when the cited
 * articles give different figures for one fact, a "Sources differ" line says so above the sources.
 */
export function composeAnswer(question: string, quotes: readonly Quote[], maxChars = MAX_ANSWER_CHARS): Answer {
  const citations = markCopies(toCitations(quotes));
  const notes = newsNotes(question, citations);
  const groups = citations.filter((c) => c.copyOf === undefined).map((c) => [c, ...citations.filter((o) => o.copyOf === c.n)]);
  const span = dateSpan(citations);
  const footer = `${notes.length ? `\n\n${notes.join('\n')}` : ''}\n\n${sourcesBlock(citations)}`;
  const header = span ? `(${span})\n` : '';
  const texts = groups.map((g) => (g[0] as Citation).quote);
  const render = () => header + groups.map((g, i) => quoteLine(g, texts[i] as string)).join('\n') + footer;
  let answer = render();
  while (answer.length > maxChars) {
    const longest = texts.reduce((best, t, i) => (t.length > (texts[best] as string).length ? i : best), 0);
    const t = texts[longest] as string;
    const cut = Math.max(40, t.length - (answer.length - maxChars) - 1);
    // The one quote rule (src/quote-clip.ts): whole words, the cut marked, the answering span kept.
    const c = (groups[longest] as Citation[])[0] as Citation;
    const shorter = clipQuote(c.quote, cut + 1, shortRange(c));
    if (shorter === undefined || shorter.length >= t.length) break;
    texts[longest] = shorter;
    answer = render();
  }
  return { question, answer, abstained: false, citations, related: [], ...(notes.length ? { notes } : {}) };
}

/** The honest "not in the corpus" answer, naming the nearest articles when there are any. */
export function composeAbstention(question: string, related: readonly ArticleInfo[]): Answer {
  let answer = 'The articles in the corpus do not answer that question.';
  if (related.length) {
    answer += `\n\nPossibly related:\n${related.map((a) => `• ${a.title}${attribution(a) ? ` — ${attribution(a)}` : ''} (${a.source})`).join('\n')}`;
  }
  return { question, answer: answer.slice(0, MAX_ANSWER_CHARS), abstained: true, citations: [], related: [...related] };
}
