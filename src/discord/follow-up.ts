// Follow-ups: a reply to one of the bot's answers (or a mention in a thread opened on one) is read with
// that answer as context. "Who reported that?" and "when was that?" are answered from the cited
// articles' outlet and date; any other question is asked of the cited articles first, so "how many died
// there?" stays on the same story. The previous answer comes from the feedback file, so this works for
// answers posted before a restart too.
import { analyseQuestion } from '../answer/question.js';
import { formatDate } from '../compose.js';
import type { AnswerRecord, RecordedSource } from '../feedback.js';
import type { Engine } from '../types.js';
import { answerFor, recordedReply, type AnswerReply } from './answering.js';
import type { BotContext } from './command.js';
import { DISCORD_LIMITS, clipSafe, oneLine, payload, safeText } from './format.js';
import { shortId, voteRow } from './ids.js';

export type MetadataAsk = 'outlet' | 'date';

/** Pointing back at the answer ("that", "it", "this story"): the question is about those articles. */
const DEICTIC = /\b(that|this|it|those|these|they|them|there|story|report|article)\b/i;
const WHO_REPORTED = /\b(who|which|what)\b.*\b(report(ed|s|ing)?|publish(ed|es)?|wr[oi]te|written|source|sources|outlet|paper|newspaper|agency|site|website|media|channel)\b/i;

/** Whether a follow-up asks for the cited articles' outlet or date rather than for their content. */
export function metadataQuestion(question: string): MetadataAsk | undefined {
  const words = question.trim().split(/\s+/).length;
  const aboutThem = DEICTIC.test(question) || words <= 4;
  if (WHO_REPORTED.test(question) && aboutThem && words <= 8) return 'outlet';
  // The engine's own question analysis says whether a date is asked for ("when was that?", "what day?").
  const kind = analyseQuestion(question).kind;
  if ((kind === 'date' || kind === 'time') && aboutThem && words <= 6) return 'date';
  return undefined;
}

/** One line per cited article, saying what was asked for. */
export function metadataLines(kind: MetadataAsk, sources: readonly RecordedSource[]): string[] {
  return sources.map((s) => {
    const title = clipSafe(oneLine(s.title), 150);
    const date = formatDate(s.date);
    if (kind === 'outlet') {
      const by = s.publisher ? `**${safeText(s.publisher)}**` : 'an outlet the article does not name';
      return `[${s.n}] ${by}${date ? `, ${date}` : ''} — ${title}`;
    }
    return `[${s.n}] ${date ? `**${date}**` : 'undated (the article gives no date)'}${s.publisher ? `, ${safeText(s.publisher)}` : ''} — ${title}`;
  });
}

async function metadataReply(ctx: BotContext, question: string, kind: MetadataAsk, previous: AnswerRecord): Promise<AnswerReply> {
  const lead = kind === 'outlet' ? 'The answer you replied to quoted these reports:' : 'The articles that answer quoted were published on:';
  const lines = metadataLines(kind, previous.sources);
  const text = `${lead}\n${lines.join('\n')}`;
  const id = shortId();
  await ctx.feedback.remember({ id, time: new Date().toISOString(), question, answer: text, abstained: false, sources: previous.sources });
  const embed = {
    title: clipSafe(oneLine(question), DISCORD_LIMITS.title),
    color: 0x5865f2,
    description: text,
    footer: { text: kind === 'date' ? 'Publication dates; the events may be earlier.' : 'From the articles’ own bylines and metadata.' },
  };
  return { reply: payload([embed], [voteRow(id)]), id };
}

/** Answer `question` in the context of `previous` (the answer it replies to). */
export async function followUpFor(
  engine: Engine,
  ctx: BotContext,
  question: string,
  previous: AnswerRecord,
  via: 'reply' | 'thread',
): Promise<AnswerReply> {
  const kind = metadataQuestion(question);
  if (kind && previous.sources.length > 0) return metadataReply(ctx, question, kind, previous);
  const sources = previous.sources.map((s) => s.source);
  // An abstention cited nothing: there is no story to stay on.
  if (sources.length === 0) return answerFor(engine, ctx, question, {}, via);
  const started = Date.now();
  let answer = await engine.ask(question, { sources });
  if (answer.abstained) {
    // "How many died there?" names nothing; the earlier question says what "there" is.
    const again = await engine.ask(`${question} ${previous.question}`, { sources });
    if (!again.abstained) answer = { ...again, question };
  }
  ctx.log.info('question answered', { via, ms: Date.now() - started, abstained: answer.abstained, citations: answer.citations.length, followUp: true });
  return recordedReply(ctx, answer);
}
