// /stats: the corpus at a glance, and how answers have been rated.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { statsReply } from '../src/discord/views.js';

const data = new SlashCommandBuilder()
  .setName('stats')
  .setDescription('Articles, outlets, dates, the embedding model and the 👍/👎 tally')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM);

export default {
  data,
  async execute(interaction, engine, ctx) {
    await interaction.reply(statsReply(engine.stats(), await ctx.feedback.summary()));
  },
} satisfies Command;
