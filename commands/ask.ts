// /ask: answer a question by quoting the articles, with numbered sources and 👍/👎 buttons.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { answerFor, linkAnswer, readRequest, respondWithChoices } from '../src/discord/answering.js';
import { withQueue } from '../src/discord/respond.js';
import { helpReply } from '../src/discord/views.js';
import { DEFAULT_MAX_QUESTION, withFilters } from './shared-options.js';

const data = withFilters(
  new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask about the articles; the answer quotes them word for word, with sources')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((o) => o.setName('question').setDescription('Your question').setRequired(true).setMaxLength(DEFAULT_MAX_QUESTION))
    .addStringOption((o) =>
      o.setName('source').setDescription('Only this article').setAutocomplete(true).setMaxLength(100),
    ),
).addBooleanOption((o) => o.setName('private').setDescription('Show the answer only to you'));

export default {
  data,
  async execute(interaction, engine, ctx) {
    const request = await readRequest(interaction, engine, ctx.config.MAX_QUESTION_LENGTH, 'question', helpReply());
    if (!request) return;
    const isPrivate = interaction.options.getBoolean('private') ?? false;

    // Acknowledged at once (Discord's 3-second window), answered when the question's turn comes.
    await withQueue(interaction, ctx, { ephemeral: isPrivate }, async () => {
      const { reply, id } = await answerFor(engine, ctx, request.question, request.options, 'slash');
      const message = await interaction.editReply(reply);
      await linkAnswer(ctx, id, message.id);
    });
  },
  async autocomplete(interaction, engine) {
    await respondWithChoices(interaction, engine);
  },
} satisfies Command;
