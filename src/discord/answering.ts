// What /ask, mentions and DMs share: asking the engine and remembering the answer for its vote buttons,
// reading the filter options (source, dates, outlet), and naming articles in autocomplete and buttons.
import { MessageFlags, type ApplicationCommandOptionChoiceData, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { ERROR_MESSAGES } from '../errors.js';
import type { Logger } from '../log.js';
import type { Answer, ArticleInfo, AskOptions, Engine } from '../types.js';
import { answerReply } from './answer-view.js';
import type { BotContext } from './command.js';
import { parseDateRange } from '../date-input.js';
import { DISCORD_LIMITS, clip, notice, oneLine, type ReplyPayload } from './format.js';
import { shortId } from './ids.js';
import { checkQuestion } from './limits.js';

/** A reply showing an answer, and the id its vote buttons (and later follow-ups) know it by. */
export interface AnswerReply {
  reply: ReplyPayload;
  id: string;
}

/** Ask the engine and build the answer embed; the answer is recorded durably under the buttons' id. */
export async function answerFor(
  engine: Engine,
  ctx: BotContext,
  question: string,
  options: AskOptions,
  via: 'slash' | 'mention' | 'dm' | 'reply' | 'thread',
): Promise<AnswerReply> {
  const started = Date.now();
  const answer = await engine.ask(question, options);
  logAnswer(ctx.log, via, Date.now() - started, answer.abstained, answer.citations.length);
  return recordedReply(ctx, answer);
}

/** Record `answer` (question, text, cited articles) in the feedback store (file, or Postgres with DATABASE_URL) and build its embed. */
export async function recordedReply(ctx: BotContext, answer: Answer): Promise<AnswerReply> {
  const id = shortId();
  const sources = answer.citations
    .filter((c, i, all) => all.findIndex((o) => o.source === c.source) === i)
    .map((c) => ({ n: c.n, source: c.source, title: c.title, ...(c.publisher ? { publisher: c.publisher } : {}), ...(c.date ? { date: c.date } : {}) }));
  const record = { id, time: new Date().toISOString(), question: answer.question, answer: answer.answer, abstained: answer.abstained, sources };
  // Losing the record costs only votes and follow-ups on this answer; the user still gets the answer.
  await ctx.feedback.remember(record).catch((error: unknown) => ctx.log.warn('could not record answer', { error }));
  return { reply: answerReply(answer, id), id };
}

/** Note which message shows answer `id`, so replies to it are follow-ups; a failure costs only that. */
export async function linkAnswer(ctx: BotContext, id: string, messageId: string): Promise<void> {
  await ctx.feedback.link(id, messageId).catch((error: unknown) => ctx.log.warn('could not record answer message', { error }));
}

/** Question text is the user's business: log only what helps operate the bot. */
function logAnswer(log: Logger, via: string, ms: number, abstained: boolean, citations: number): void {
  log.info('question answered', { via, ms, abstained, citations });
}

/**
 * An article named by an option or a button: its source path, `#index` into `engine.articles()` (for
 * paths too long for Discord's 100-character values), or — when typed by hand — its exact title or a
 * title fragment that matches one article only.
 */
export function resolveArticle(engine: Engine, ref: string): { article: ArticleInfo; index: number } | undefined {
  const articles = engine.articles();
  const hash = /^#(\d+)$/.exec(ref);
  if (hash) {
    const index = Number(hash[1]);
    const article = articles[index];
    return article ? { article, index } : undefined;
  }
  let index = articles.findIndex((a) => a.source === ref);
  if (index === -1) {
    const wanted = oneLine(ref).toLowerCase();
    index = articles.findIndex((a) => oneLine(a.title).toLowerCase() === wanted);
    if (index === -1) {
      const partial = articles.flatMap((a, i) => (a.title.toLowerCase().includes(wanted) ? [i] : []));
      if (partial.length === 1) index = partial[0]!;
    }
  }
  const article = articles[index];
  return article ? { article, index } : undefined;
}

/** Why `ref` names no single article: several titles contain it (listed), or none does. */
export function unresolvedMessage(engine: Engine, ref: string): string {
  const wanted = oneLine(ref).toLowerCase();
  const matches = engine.articles().filter((a) => a.title.toLowerCase().includes(wanted));
  if (matches.length < 2) return ERROR_MESSAGES.SOURCE_UNKNOWN(ref);
  const titles = matches.slice(0, 10).map((a) => `“${oneLine(a.title)}”`);
  return ERROR_MESSAGES.SOURCE_AMBIGUOUS(ref, `${titles.join(', ')}${matches.length > 10 ? ` and ${matches.length - 10} more` : ''}`);
}

/** How buttons and choices refer to an article within `room` characters. */
export function articleRef(article: ArticleInfo, index: number, room: number = DISCORD_LIMITS.choiceValue): string {
  return article.source.length <= room ? article.source : `#${index}`;
}

export type Filters = { ok: true; options: AskOptions } | { ok: false; message: string };

/** Read and validate `source`, `from`, `to` and `outlet`; a bad one yields a message saying how to fix it. */
export function readFilters(interaction: ChatInputCommandInteraction, engine: Engine): Filters {
  const options: AskOptions = {};
  const dates = parseDateRange(interaction.options.getString('from'), interaction.options.getString('to'));
  if (!dates.ok) return dates;
  if (dates.from) options.from = dates.from;
  if (dates.to) options.to = dates.to;

  const outlet = interaction.options.getString('outlet')?.trim();
  if (outlet) {
    const known = engine.outlets();
    const match = known.find((o) => o.toLowerCase() === outlet.toLowerCase());
    if (!match) return { ok: false, message: ERROR_MESSAGES.OUTLET_UNKNOWN(outlet, known.join(', ') || 'none') };
    options.outlet = match;
  }

  // Only /ask has a `source` option; for the others this is simply null.
  const source = interaction.options.getString('source')?.trim();
  if (source) {
    const found = resolveArticle(engine, source);
    if (!found) return { ok: false, message: unresolvedMessage(engine, source) };
    options.source = found.article.source;
  }
  return { ok: true, options };
}

/**
 * The text option (`question`, `query`, `topic`) and the filters of a slash command, validated. When
 * something is wrong the user has already been told (ephemerally) and the result is undefined.
 */
export async function readRequest(
  interaction: ChatInputCommandInteraction,
  engine: Engine,
  maxLength: number,
  option: string,
  onEmpty: ReplyPayload = notice(ERROR_MESSAGES.QUESTION_EMPTY()),
): Promise<{ question: string; options: AskOptions } | undefined> {
  const check = checkQuestion(interaction.options.getString(option, true), maxLength);
  const filters = readFilters(interaction, engine);
  let problem: ReplyPayload | undefined;
  if (check.kind === 'empty') problem = onEmpty;
  else if (check.kind === 'too-long') problem = notice(check.message);
  else if (!filters.ok) problem = notice(filters.message);
  if (problem || check.kind !== 'ok' || !filters.ok) {
    await interaction.reply({ ...problem, flags: MessageFlags.Ephemeral });
    return undefined;
  }
  return { question: check.question, options: filters.options };
}

/** Rank: title starts with the text, then a word starts with it, then it appears anywhere. */
function rank(haystack: string, needle: string): number {
  const h = haystack.toLowerCase();
  if (!needle) return 1;
  if (h.startsWith(needle)) return 3;
  if (h.split(/\W+/).some((w) => w.startsWith(needle))) return 2;
  return h.includes(needle) ? 1 : 0;
}

export function articleChoices(engine: Engine, typed: string): ApplicationCommandOptionChoiceData<string>[] {
  const needle = oneLine(typed).toLowerCase();
  return engine
    .articles()
    .map((article, index) => ({ article, index, score: Math.max(rank(article.title, needle), rank(article.source, needle)) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, DISCORD_LIMITS.choices)
    .map(({ article, index }) => ({
      name: clip(oneLine(article.date ? `${article.title} (${article.date})` : article.title), DISCORD_LIMITS.choiceName),
      value: articleRef(article, index),
    }));
}

export function outletChoices(engine: Engine, typed: string): ApplicationCommandOptionChoiceData<string>[] {
  const needle = oneLine(typed).toLowerCase();
  return engine
    .outlets()
    .filter((o) => rank(o, needle) > 0)
    .slice(0, DISCORD_LIMITS.choices)
    .map((o) => ({ name: clip(o, DISCORD_LIMITS.choiceName), value: clip(o, DISCORD_LIMITS.choiceValue) }));
}

/** Autocomplete for whichever of `source` / `outlet` is focused. */
export async function respondWithChoices(interaction: AutocompleteInteraction, engine: Engine): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value);
  if (focused.name === 'source' || focused.name === 'name') await interaction.respond(articleChoices(engine, typed));
  else if (focused.name === 'outlet') await interaction.respond(outletChoices(engine, typed));
  else await interaction.respond([]);
}
