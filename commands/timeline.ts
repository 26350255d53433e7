// /timeline: dated events about a topic, oldest first, each a quoted fragment with its source.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { readRequest, respondWithChoices } from '../src/discord/answering.js';
import { timelineReply } from '../src/discord/answer-view.js';
import { withQueue } from '../src/discord/respond.js';
import { DEFAULT_MAX_QUESTION, withFilters } from './shared-options.js';

const data = withFilters(
  new SlashCommandBuilder()
    .setName('timeline')
    .setDescription('Dated events about a topic, oldest first, with sources')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) => o.setName('topic').setDescription('What the events are about').setRequired(true).setMaxLength(DEFAULT_MAX_QUESTION)),
);

export default {
  data,
  async execute(interaction, engine, ctx) {
    const request = await readRequest(interaction, engine, ctx.config.MAX_QUESTION_LENGTH, 'topic');
    if (!request) return;

    await withQueue(interaction, ctx, { ephemeral: false }, async () => {
      const entries = await engine.timeline(request.question, request.options);
      await interaction.editReply(timelineReply(request.question, entries));
    });
  },
  async autocomplete(interaction, engine) {
    await respondWithChoices(interaction, engine);
  },
} satisfies Command;
