// /search: the best-matching passages with their scores, five a page. The hits are fetched once and kept
// under a short id, so Previous/Next answer instantly (no engine call inside the 3-second window).
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { readRequest, respondWithChoices } from '../src/discord/answering.js';
import { ERROR_MESSAGES } from '../src/errors.js';
import { pageFrom, shortId } from '../src/discord/ids.js';
import { ephemeral, withQueue } from '../src/discord/respond.js';
import { SEARCH_PAGE_SIZE, pageCount, searchReply } from '../src/discord/views.js';
import { DEFAULT_MAX_QUESTION, withFilters } from './shared-options.js';

/** Ten pages at most: beyond that a better query beats paging. */
const MAX_HITS = 50;
/** Cosine similarity a passage with none of the query's words needs to count as a match. */
const MIN_SIMILARITY = 0.5;

const data = withFilters(
  new SlashCommandBuilder()
    .setName('search')
    .setDescription('Find passages matching some words, with their scores')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) => o.setName('query').setDescription('What to look for').setRequired(true).setMaxLength(DEFAULT_MAX_QUESTION)),
);

export default {
  data,
  async execute(interaction, engine, ctx) {
    const request = await readRequest(interaction, engine, ctx.config.MAX_QUESTION_LENGTH, 'query');
    if (!request) return;

    await withQueue(interaction, ctx, { ephemeral: false }, async () => {
      // Search ranks every passage; only those that share a word with the query or are truly close in
      // meaning are matches, so a query matching nothing says so instead of listing the whole corpus.
      const ranked = await engine.search(request.question, { ...request.options, limit: MAX_HITS });
      const hits = ranked.filter((h) => h.keyword > 0 || h.vector >= MIN_SIMILARITY);
      const id = shortId();
      const session = { query: request.question, hits };
      ctx.searches.set(id, session);
      await interaction.editReply(searchReply(session, id, 0));
    });
  },
  async autocomplete(interaction, engine) {
    await respondWithChoices(interaction, engine);
  },
  async button(interaction, _engine, ctx, [, id, page]) {
    const session = id ? ctx.searches.get(id) : undefined;
    if (!session) return void (await interaction.reply(ephemeral(ERROR_MESSAGES.SESSION_EXPIRED())));
    const pages = pageCount(session.hits.length, SEARCH_PAGE_SIZE);
    await interaction.update(searchReply(session, id!, pageFrom(page, pages)));
  },
} satisfies Command;
