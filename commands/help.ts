// /help: what the bot does and the ways to ask it.
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { helpReply } from '../src/discord/views.js';

const data = new SlashCommandBuilder()
  .setName('help')
  .setDescription('What I do and how to ask')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM);

export default {
  data,
  async execute(interaction) {
    await interaction.reply({ ...helpReply(), flags: MessageFlags.Ephemeral });
  },
} satisfies Command;
