// The interactive terminal chat: the same engine as Discord, one question a line.
import { createInterface } from 'node:readline/promises';
import { attribution, formatDate, sourceLine } from './compose.js';
import { AppError } from './errors.js';
import type { FeedbackSummary } from './feedback.js';
import { ELLIPSIS, clipPiece, plainRender, shortRange, type Range, type Render } from './quote-clip.js';
import type { Answer, CorpusStats, Engine, ScoredChunk, TimelineEntry } from './types.js';

export const CHAT_HELP = `Ask a question about the articles, or:
  /search <words>     the best-matching passages
  /timeline <topic>   dated events about a topic, oldest first
  /sources            the articles in the corpus
  /stats              what the index holds
  /help, /quit`;

/** ANSI bold, for the span that answers the question, when printing to a terminal. */
const BOLD = (t: string) => `\x1b[1m${t}\x1b[22m`;

/** A piece of a quote as the terminal writes it: the kept span in ANSI bold when `bold`. */
function terminalRender(bold: boolean): Render {
  return (p) => (bold && p.bold.trim() ? plainRender({ ...p, bold: BOLD(p.bold) }) : plainRender(p));
}

/** A quote for a one-line listing by the one quote rule (src/quote-clip.ts): whole words, cuts marked "…". */
export function listingQuote(quote: string, max = 200, keep?: Range, bold = false): string {
  const piece = clipPiece(quote, (p) => plainRender(p).length <= max, keep);
  return piece ? terminalRender(bold)(piece) : ELLIPSIS;
}

/**
 * The composed answer for a terminal: when `bold` (stdout is a TTY), each citation's short span — the
 * words that answer the question — is set in ANSI bold inside its quote; otherwise the text as composed.
 */
export function terminalAnswer(answer: Answer, bold: boolean): string {
  // When shorthand or typos were repaired, say what was read, as a search engine says what it searched for.
  const readAs = answer.normalised ? `(read as: ${answer.normalised})\n` : '';
  const shorts = answer.citations.filter((c) => c.short?.text.trim());
  if (!bold || shorts.length === 0) return readAs + answer.answer;
  // Each quote is `“…” [n][m]`; bold the first occurrence of its citation's short text inside it.
  return readAs + answer.answer.replace(/“([^”]*)”((?:\s?\[\d+\])+)/g, (whole, text: string, markers: string) => {
    const ns = [...markers.matchAll(/\d+/g)].map((m) => Number(m[0]));
    const c = shorts.find((s) => ns.includes(s.n) && text.includes(s.short!.text));
    return c ? `“${text.replace(c.short!.text, BOLD(c.short!.text))}”${markers}` : whole;
  });
}

/** "28 April 2018 — “quote…” [n]" lines, oldest first, then the numbered sources. */
export function formatTimeline(entries: readonly TimelineEntry[], bold = false): string {
  if (!entries.length) return 'No dated passages about that topic.';
  const lines = entries.map((e) => `${formatDate(e.date)} — “${listingQuote(e.citation.quote, 200, shortRange(e.citation), bold)}” [${e.citation.n}]`);
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
      return `${i + 1}. ${h.chunk.title} (${by}, score ${h.score.toFixed(2)})\n   ${listingQuote(h.chunk.text)}${also}`;
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
export async function chatTurn(engine: Engine, line: string, bold = false): Promise<string> {
  const [, command, rest = ''] = /^\/(\w+)\s*(.*)$/s.exec(line.trim()) ?? [];
  try {
    switch (command) {
      case undefined:
        return terminalAnswer(await engine.ask(line), bold);
      case 'help':
        return CHAT_HELP;
      case 'sources':
        return engine.articles().map((a) => `• ${a.title}${attribution(a) ? ` — ${attribution(a)}` : ' — undated'} (${a.source})`).join('\n');
      case 'search':
        return formatSearch(await engine.search(rest, { limit: 5 }));
      case 'timeline':
        return formatTimeline(await engine.timeline(rest), bold);
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
    if (text) console.log(`\n${await chatTurn(engine, text, process.stdout.isTTY === true)}\n`);
    rl.prompt();
  }
  rl.close();
}
