// The interactive terminal chat: the same engine as Discord, one question a line.
import { createInterface } from 'node:readline/promises';
import { attribution, formatDate, sourceLine } from './compose.js';
import { AppError } from './errors.js';
import type { FeedbackSummary } from './feedback.js';
import type { CorpusStats, Engine, ScoredChunk, TimelineEntry } from './types.js';

export const CHAT_HELP = `Ask a question about the articles, or:
  /search <words>     the best-matching passages
  /timeline <topic>   dated events about a topic, oldest first
  /sources            the articles in the corpus
  /stats              what the index holds
  /help, /quit`;

/** A quote shortened at a word for a one-line listing; the words kept are verbatim. */
export function clipQuote(quote: string, max = 200): string {
  if (quote.length <= max) return quote;
  const cut = quote.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).trimEnd()}…`;
}

/** "28 April 2018 — “quote…” [n]" lines, oldest first, then the numbered sources. */
export function formatTimeline(entries: readonly TimelineEntry[]): string {
  if (!entries.length) return 'No dated passages about that topic.';
  const lines = entries.map((e) => `${formatDate(e.date)} — “${clipQuote(e.citation.quote)}” [${e.citation.n}]`);
  const sources = entries.map((e) => e.citation).filter((c, i, all) => all.findIndex((o) => o.n === c.n) === i);
  return `${lines.join('\n')}\n\nSources:\n${sources.map(sourceLine).join('\n')}`;
}

/** Search hits, each with the other outlets that ran the same passage. */
export function formatSearch(hits: readonly ScoredChunk[]): string {
  if (!hits.length) return 'No passage matches.';
  return hits
    .map((h, i) => {
      const by = attribution(h.chunk) ?? 'undated';
      const also = h.copies?.length ? `\n   also in: ${h.copies.map((c) => `${attribution(c) ?? 'undated'} (${c.source})`).join('; ')}` : '';
      return `${i + 1}. ${h.chunk.title} (${by}, score ${h.score.toFixed(2)})\n   ${clipQuote(h.chunk.text.replace(/\s+/g, ' '))}${also}`;
    })
    .join('\n');
}

/** What the index holds, and (when given) how answers have been rated. */
export function formatStats(s: CorpusStats, feedback?: FeedbackSummary): string {
  const lines = [
    `${s.articles} articles, ${s.chunks} chunks, ${s.outlets.length} outlets (${s.outlets.join(', ') || 'none known'})`,
    `dates: ${s.from ? `${formatDate(s.from)} to ${formatDate(s.to)}` : 'none'}${s.undated ? `, ${s.undated} undated` : ''}`,
    `model: ${s.model} (${s.dimensions} dimensions); index built ${s.builtAt}`,
  ];
  if (feedback) lines.push(`feedback: ${feedback.total} votes — 👍 ${feedback.up}, 👎 ${feedback.down}`);
  return lines.join('\n');
}

/** Answer one line of chat input; returns the text to print. Pure apart from the engine call. */
export async function chatTurn(engine: Engine, line: string): Promise<string> {
  const [, command, rest = ''] = /^\/(\w+)\s*(.*)$/s.exec(line.trim()) ?? [];
  try {
    switch (command) {
      case undefined:
        return (await engine.ask(line)).answer;
      case 'help':
        return CHAT_HELP;
      case 'sources':
        return engine.articles().map((a) => `• ${a.title}${attribution(a) ? ` — ${attribution(a)}` : ' — undated'} (${a.source})`).join('\n');
      case 'search':
        return formatSearch(await engine.search(rest, { limit: 5 }));
      case 'timeline':
        return formatTimeline(await engine.timeline(rest));
      case 'stats':
        return formatStats(engine.stats());
      default:
        return `Unknown command /${command}.\n${CHAT_HELP}`;
    }
  } catch (err) {
    if (err instanceof AppError) return err.message;
    throw err;
  }
}

export async function runChat(engine: Engine, intro?: string): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (intro) console.log(intro);
  console.log(`${engine.articles().length} articles loaded. Type a question, /help, or /quit.`);
  rl.setPrompt('> ');
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text) console.log(`\n${await chatTurn(engine, text)}\n`);
    rl.prompt();
  }
  rl.close();
}
