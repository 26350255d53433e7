// /ask: answer a question by quoting the articles, with numbered sources and 👍/👎 buttons.
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { answerFor, readFilters, respondWithChoices } from '../src/discord/answering.js';
import { checkQuestion } from '../src/discord/limits.js';
import { ephemeral, withGate } from '../src/discord/respond.js';
import { helpReply } from '../src/discord/views.js';
import { withFilters } from './shared-options.js';

const data = withFilters(
  new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask about the articles; the answer quotes them word for word, with sources')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) => o.setName('question').setDescription('Your question').setRequired(true).setMaxLength(4000))
    .addStringOption((o) =>
      o.setName('source').setDescription('Only this article').setAutocomplete(true).setMaxLength(100),
    ),
).addBooleanOption((o) => o.setName('private').setDescription('Show the answer only to you'));

export default {
  data,
  async execute(interaction, engine, ctx) {
    const check = checkQuestion(interaction.options.getString('question', true), ctx.config.MAX_QUESTION_LENGTH);
    if (check.kind === 'empty') return void (await interaction.reply({ ...helpReply(), flags: MessageFlags.Ephemeral }));
    if (check.kind === 'too-long') return void (await interaction.reply(ephemeral(check.message)));
    const filters = readFilters(interaction, engine);
    if (!filters.ok) return void (await interaction.reply(ephemeral(filters.message)));
    const isPrivate = interaction.options.getBoolean('private') ?? false;

    await withGate(interaction, ctx, async () => {
      // Acknowledge first: answering can take longer than Discord's 3-second window.
      await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
      const reply = await answerFor(engine, ctx, check.question, filters.options, 'slash');
      await interaction.editReply(reply);
    });
  },
  async autocomplete(interaction, engine) {
    await respondWithChoices(interaction, engine);
  },
} satisfies Command;
