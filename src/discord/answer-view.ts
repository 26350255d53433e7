// Answers and timelines as embeds, pure. Quotes are verbatim article text: they are escaped (so they read
// as written) and, when the message would be too long, clipped with an ellipsis — never reworded.
import type { APIEmbed } from 'discord.js';
import type { Answer, Citation, TimelineEntry } from '../types.js';
import {
  DISCORD_LIMITS,
  ELLIPSIS,
  clipSafe,
  describeArticle,
  linesToFields,
  oneLine,
  payload,
  safeText,
  shareBudget,
  type ReplyPayload,
} from './format.js';
import { voteRow } from './ids.js';

const ANSWER_COLOR = 0x5865f2;
const ABSTAIN_COLOR = 0x99aab5;
const FOOTER = 'Quotes are verbatim from the articles. Was this useful? Rate it below.';

/** Room kept for the title, footer and markers when dividing the 6,000-character total. */
function quoteBudget(fieldsLength: number, titleLength: number): number {
  const total = DISCORD_LIMITS.embedTotal - fieldsLength - titleLength - FOOTER.length - 16;
  return Math.max(200, Math.min(DISCORD_LIMITS.description, total));
}

/** `“quote” [n]` pieces (`[n][m]` when other outlets ran the same words), each clipped to a fair share of `budget`. */
export function quoteLines(quotes: ReadonlyArray<{ n: number; quote: string; also?: readonly number[] }>, budget: number): string[] {
  const sep = 2; // the blank line between quotes
  const markers = quotes.map((q) => [q.n, ...(q.also ?? [])].map((n) => `[${n}]`).join(''));
  const overheads = markers.map((m) => `“” ${m}`.length + sep);
  const room = budget - overheads.reduce((a, b) => a + b, 0);
  // Escaping lengthens text, so budget on the escaped length.
  // (Measured on at most `budget` characters: no quote can use more, and escaping long text is slow.)
  const escaped = quotes.map((q) => safeText(oneLine(q.quote).slice(0, Math.max(0, budget))).length);
  const caps = shareBudget(escaped, room);
  return quotes.map((q, i) => `“${clipSafe(oneLine(q.quote), Math.max(1, caps[i]!))}” ${markers[i]}`);
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

  if (answer.abstained || answer.citations.length === 0) {
    embed.color = ABSTAIN_COLOR;
    embed.description = answer.abstained
      ? "The articles don't answer this question, so I won't guess."
      : clipSafe(answer.answer, DISCORD_LIMITS.description);
    const related = answer.related.map((a) => `• ${describeArticle(a)}`);
    if (related.length > 0) embed.fields = linesToFields('Possibly related', related, 1);
    return payload([embed], [voteRow(answerId)]);
  }

  embed.color = ANSWER_COLOR;
  // Where the articles disagree (or agree) on a figure, say so above the sources.
  const notes = (answer.notes ?? []).map((n) => safeText(n));
  embed.fields = [...(notes.length ? linesToFields('Reports compared', notes, 1) : []), ...linesToFields('Sources', sourceLines(answer.citations), 3)];
  const fieldsLength = embed.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  // A wire report other outlets also ran is quoted once, with every outlet's marker.
  const ordered = [...answer.citations]
    .sort((a, b) => a.n - b.n)
    .filter((c) => c.copyOf === undefined)
    .map((c) => ({ ...c, also: answer.citations.filter((o) => o.copyOf === c.n).map((o) => o.n) }));
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
    return { date: e.date, n, quote: e.citation.quote };
  });

  const fields = linesToFields('Sources', sourceLines(sources), 3);
  const fieldsLength = fields.reduce((a, f) => a + f.name.length + f.value.length, 0);
  const budget = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - fieldsLength - title.length - 16);
  // Each line gets the same share, at most a sentence-sized fragment, so the list stays scannable.
  const per = Math.max(24, Math.min(220, Math.floor(budget / rows.length) - 32));
  let description = '';
  for (const r of rows) {
    const line = `**${r.date}** — “${clipSafe(oneLine(r.quote), per)}” [${r.n}]`;
    if (description.length + line.length + 1 > budget) {
      description += `\n${ELLIPSIS}`;
      break;
    }
    description += description ? `\n${line}` : line;
  }
  return payload([{ title, color: ANSWER_COLOR, description, fields }]);
}
