// /sources: every article (title, publisher, date), ten a page.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { pageFrom } from '../src/discord/ids.js';
import { SOURCES_PAGE_SIZE, pageCount, sourcesReply } from '../src/discord/views.js';

const data = new SlashCommandBuilder()
  .setName('sources')
  .setDescription('List the articles I can quote')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM);

export default {
  data,
  async execute(interaction, engine) {
    await interaction.reply(sourcesReply(engine.articles(), 0));
  },
  async button(interaction, engine, _ctx, [, page]) {
    const articles = engine.articles();
    await interaction.update(sourcesReply(articles, pageFrom(page, pageCount(articles.length, SOURCES_PAGE_SIZE))));
  },
} satisfies Command;
