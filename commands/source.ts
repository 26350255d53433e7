// /source: one article's metadata and its passages, one at a time, stepped with buttons.
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { articleRef, resolveArticle, respondWithChoices, unresolvedMessage } from '../src/discord/answering.js';
import { ERROR_MESSAGES } from '../src/errors.js';
import { ephemeral } from '../src/discord/respond.js';
import { sourceReply } from '../src/discord/views.js';

/** Room left for the article reference in `source:next:<ordinal>:<ref>` (100 characters in all). */
const REF_ROOM = 100 - 'source:prev:99999:'.length;

const data = new SlashCommandBuilder()
  .setName('source')
  .setDescription("Show one article's details and its passages")
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .addStringOption((o) =>
    o.setName('name').setDescription('The article (start typing its title)').setRequired(true).setAutocomplete(true).setMaxLength(100),
  );

export default {
  data,
  async execute(interaction, engine) {
    const name = interaction.options.getString('name', true).trim();
    const found = resolveArticle(engine, name);
    if (!found) return void (await interaction.reply(ephemeral(unresolvedMessage(engine, name))));
    const passages = engine.passages(found.article.source) ?? [];
    await interaction.reply(sourceReply(found.article, passages, 0, articleRef(found.article, found.index, REF_ROOM)));
  },
  async autocomplete(interaction, engine) {
    await respondWithChoices(interaction, engine);
  },
  async button(interaction, engine, _ctx, [, ordinalPart, ...refParts]) {
    // The source path may itself contain ':'; it is always the last part of the id.
    const ref = refParts.join(':');
    const found = resolveArticle(engine, ref);
    if (!found) return void (await interaction.reply(ephemeral(ERROR_MESSAGES.SOURCE_UNKNOWN(ref))));
    const passages = engine.passages(found.article.source) ?? [];
    const ordinal = Math.min(Math.max(0, Number.parseInt(ordinalPart ?? '0', 10) || 0), Math.max(0, passages.length - 1));
    await interaction.update(sourceReply(found.article, passages, ordinal, ref));
  },
} satisfies Command;
