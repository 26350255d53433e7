// /timeline: dated events about a topic, oldest first, each a quoted fragment with its source.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { readFilters, respondWithChoices } from '../src/discord/answering.js';
import { timelineReply } from '../src/discord/answer-view.js';
import { ERROR_MESSAGES } from '../src/errors.js';
import { checkQuestion } from '../src/discord/limits.js';
import { ephemeral, withGate } from '../src/discord/respond.js';
import { withFilters } from './shared-options.js';

const data = withFilters(
  new SlashCommandBuilder()
    .setName('timeline')
    .setDescription('Dated events about a topic, oldest first, with sources')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) => o.setName('topic').setDescription('What the events are about').setRequired(true).setMaxLength(4000)),
);

export default {
  data,
  async execute(interaction, engine, ctx) {
    const check = checkQuestion(interaction.options.getString('topic', true), ctx.config.MAX_QUESTION_LENGTH);
    if (check.kind === 'empty') return void (await interaction.reply(ephemeral(ERROR_MESSAGES.QUESTION_EMPTY())));
    if (check.kind === 'too-long') return void (await interaction.reply(ephemeral(check.message)));
    const filters = readFilters(interaction, engine);
    if (!filters.ok) return void (await interaction.reply(ephemeral(filters.message)));

    await withGate(interaction, ctx, async () => {
      await interaction.deferReply();
      const entries = await engine.timeline(check.question, filters.options);
      await interaction.editReply(timelineReply(check.question, entries));
    });
  },
  async autocomplete(interaction, engine) {
    await respondWithChoices(interaction, engine);
  },
} satisfies Command;
