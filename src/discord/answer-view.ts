// Answers and timelines as embeds, pure. Quotes are verbatim article text: they are escaped (so they read
// as written) and, when the message would be too long, shortened by the one quote rule (src/quote-clip.ts):
// whole words only, every cut marked "…", the answering span kept and shown in bold — never reworded.
import type { APIEmbed } from 'discord.js';
import type { Answer, Citation, TimelineEntry } from '../types.js';
import {
  DISCORD_LIMITS,
  clipSafe,
  describeArticle,
  discordQuote,
  linesToFields,
  oneLine,
  payload,
  safeText,
  type ReplyPayload,
} from './format.js';
import { attribution } from '../compose.js';
import { packQuotes, shortRange, type Range } from '../quote-clip.js';
import { voteRow } from './ids.js';

const ANSWER_COLOR = 0x5865f2;
const ABSTAIN_COLOR = 0x99aab5;
const FOOTER = 'Quotes are verbatim from the articles. Was this useful? Rate it below.';

/** Room kept for the title, footer and markers when dividing the 6,000-character total. */
function quoteBudget(fieldsLength: number, titleLength: number): number {
  const total = DISCORD_LIMITS.embedTotal - fieldsLength - titleLength - FOOTER.length - 16;
  return Math.max(200, Math.min(DISCORD_LIMITS.description, total));
}

/** A quote as the embed shows it: outlet and date first, as the terminal answer does. */
export interface QuoteItem {
  n: number;
  quote: string;
  also?: readonly number[];
  /** "Outlet, 19 April 2018" of every outlet that ran these words, when known. */
  by?: string;
  /** The span (into `quote`) that answers the question: bold, and never cut away. */
  keep?: Range;
}

/**
 * `Outlet, date: “quote” [n]` lines (`[n][m]` when other outlets ran the same words) within `budget`,
 * by the one quote rule: whole quotes while they fit, fewer quotes rather than cut ones; only the first
 * is cut (at word boundaries, marked "…") when even it does not fit. Says how many were left out.
 */
export function quoteLines(quotes: readonly QuoteItem[], budget: number): string[] {
  const SEP = 2; // the blank line between quotes
  const NOTE = 60; // room kept for the "left out" line
  const heads = quotes.map((q) => (q.by ? `${safeText(q.by)}: ` : ''));
  const markers = quotes.map((q) => [q.n, ...(q.also ?? [])].map((n) => `[${n}]`).join(''));
  const line = (i: number, room?: number): string | undefined => {
    const q = quotes[i]!;
    const frame = `${heads[i]}“” ${markers[i]}`.length;
    const max = room === undefined ? Infinity : room - frame;
    const text = discordQuote(q.quote, max, q.keep);
    return text === undefined ? undefined : `${heads[i]}“${text}” ${markers[i]}`;
  };
  const { lines, omitted } = packQuotes(quotes.length, budget - NOTE, SEP, line);
  if (omitted.length) {
    const which = omitted.map((i) => markers[i]).join(' ');
    lines.push(`*${omitted.length} more quote${omitted.length > 1 ? 's' : ''} (${which}) left out for space; see the sources below.*`);
  }
  return lines;
}

/** One line per distinct marker: "[n] Title — Publisher, date". */
export function sourceLines(citations: readonly Citation[]): string[] {
  const seen = new Set<number>();
  const lines: string[] = [];
  for (const c of [...citations].sort((a, b) => a.n - b.n)) {
    if (seen.has(c.n)) continue;
    seen.add(c.n);
    lines.push(`[${c.n}] ${describeArticle(c)}`);
  }
  return lines;
}

/** The answer embed with its 👍/👎 row. `answerId` keys the remembered answer for feedback. */
export function answerReply(answer: Answer, answerId: string): ReplyPayload {
  const title = clipSafe(oneLine(answer.question), DISCORD_LIMITS.title);
  const embed: APIEmbed = { title, footer: { text: FOOTER } };
  // When shorthand or typos were repaired, the question as read, so a surprising answer can be checked.
  const readAs = answer.normalised ? [{ name: 'Read as', value: clipSafe(oneLine(answer.normalised), DISCORD_LIMITS.fieldValue) }] : [];

  if (answer.abstained || answer.citations.length === 0) {
    embed.color = ABSTAIN_COLOR;
    embed.description = answer.abstained
      ? "The articles don't answer this question, so I won't guess."
      : clipSafe(answer.answer, DISCORD_LIMITS.description);
    const related = answer.related.map((a) => `• ${describeArticle(a)}`);
    const fields = [...readAs, ...(related.length > 0 ? linesToFields('Possibly related', related, 1) : [])];
    if (fields.length > 0) embed.fields = fields;
    return payload([embed], [voteRow(answerId)]);
  }

  embed.color = ANSWER_COLOR;
  // Where the articles disagree (or agree) on a figure, say so above the sources.
  const notes = (answer.notes ?? []).map((n) => safeText(n));
  embed.fields = [...readAs, ...(notes.length ? linesToFields('Reports compared', notes, 1) : []), ...linesToFields('Sources', sourceLines(answer.citations), 3)];
  const fieldsLength = embed.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  // A wire report other outlets also ran is quoted once, with every outlet's marker.
  const ordered = [...answer.citations]
    .sort((a, b) => a.n - b.n)
    .filter((c) => c.copyOf === undefined)
    .map((c) => {
      const copies = answer.citations.filter((o) => o.copyOf === c.n);
      const by = [...new Set([c, ...copies].map((o) => attribution(o)).filter(Boolean))].join('; ');
      const keep = shortRange(c);
      return { n: c.n, quote: c.quote, also: copies.map((o) => o.n), ...(by ? { by } : {}), ...(keep ? { keep } : {}) };
    });
  embed.description = quoteLines(ordered, quoteBudget(fieldsLength, title.length)).join('\n\n');
  return payload([embed], [voteRow(answerId)]);
}

/**
 * Timeline: one line per event, oldest first: "**date** — “fragment” [n]". Markers are numbered per
 * article in order of first appearance, so two events from one article share a source line.
 */
export function timelineReply(topic: string, entries: readonly TimelineEntry[]): ReplyPayload {
  const title = clipSafe(`Timeline: ${oneLine(topic)}`, DISCORD_LIMITS.title);
  if (entries.length === 0) {
    return payload([{ title, color: ABSTAIN_COLOR, description: 'No dated events about this in the articles.' }]);
  }
  const numbers = new Map<string, number>();
  const sources: Citation[] = [];
  const sorted = [...entries].sort((a, b) => a.date.localeCompare(b.date));
  const rows = sorted.map((e) => {
    let n = numbers.get(e.citation.source);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(e.citation.source, n);
      sources.push({ ...e.citation, n });
    }
    const keep = shortRange(e.citation);
    return { date: e.date, n, quote: e.citation.quote, ...(keep ? { keep } : {}) };
  });

  const fields = linesToFields('Sources', sourceLines(sources), 3);
  const fieldsLength = fields.reduce((a, f) => a + f.name.length + f.value.length, 0);
  const budget = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - fieldsLength - title.length - 16);
  // Each line is at most a sentence-sized fragment, so the list stays scannable; a line that does not fit
  // in what is left is not started (and said so), rather than cut.
  const per = Math.max(40, Math.min(220, Math.floor(budget / rows.length) - 32));
  const NOTE = 40;
  const line = (i: number, room?: number) => {
    const r = rows[i]!;
    const head = `**${r.date}** — “`;
    const tail = `” [${r.n}]`;
    const text = discordQuote(r.quote, Math.min(per, (room ?? Infinity) - head.length - tail.length), r.keep);
    return text === undefined ? undefined : `${head}${text}${tail}`;
  };
  // Timeline lines are fragments by design: every line may be cut to its share, so pack with room.
  const lines: string[] = [];
  let used = 0;
  let left = 0;
  for (let i = 0; i < rows.length; i++) {
    const l = line(i, budget - NOTE - used - 1);
    if (l === undefined || used + l.length + 1 > budget - NOTE) left++;
    else {
      lines.push(l);
      used += l.length + 1;
    }
  }
  if (left) lines.push(`*${left} more dated line${left > 1 ? 's' : ''} left out for space.*`);
  const description = lines.join('\n');
  return payload([{ title, color: ANSWER_COLOR, description, fields }]);
}
