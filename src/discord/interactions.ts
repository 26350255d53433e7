// Routes every interaction to its handler: slash commands and autocomplete by command name, buttons by
// the prefix of their custom id (a command name, or "vote"). Any failure is caught here, logged with an
// error id and apologised for, so one bad interaction never takes the bot down.
import type { ButtonInteraction, Interaction } from 'discord.js';
import type { Engine } from '../types.js';
import type { BotContext, Command } from './command.js';
import { parseId } from './ids.js';
import { ephemeral, reportInteractionFailure } from './respond.js';
import { handleVote } from './votes.js';
import { ERROR_MESSAGES } from '../errors.js';

const OUTDATED = 'I do not know that command any more; the command list may be out of date (run `npm run deploy-commands`).';

function describe(interaction: Interaction): string {
  if (interaction.isChatInputCommand()) return `/${interaction.commandName}`;
  if (interaction.isAutocomplete()) return `autocomplete /${interaction.commandName}`;
  if (interaction.isButton()) return `button ${parseId(interaction.customId).prefix}`;
  return `interaction type ${interaction.type}`;
}

async function routeButton(
  interaction: ButtonInteraction,
  commands: ReadonlyMap<string, Command>,
  engine: Engine,
  ctx: BotContext,
): Promise<void> {
  const { prefix, parts } = parseId(interaction.customId);
  if (prefix === 'vote') return handleVote(interaction, ctx, parts);
  const command = commands.get(prefix);
  if (command?.button) return command.button(interaction, engine, ctx, parts);
  await interaction.reply(ephemeral(ERROR_MESSAGES.SESSION_EXPIRED()));
}

export function createInteractionHandler(
  commands: ReadonlyMap<string, Command>,
  engine: Engine,
  ctx: BotContext,
): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    const where = describe(interaction);
    try {
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command) return void (await interaction.reply(ephemeral(OUTDATED)));
        ctx.log.debug('command', { command: interaction.commandName });
        await command.execute(interaction, engine, ctx);
      } else if (interaction.isAutocomplete()) {
        const command = commands.get(interaction.commandName);
        if (command?.autocomplete) await command.autocomplete(interaction, engine, ctx);
        else await interaction.respond([]);
      } else if (interaction.isButton()) {
        await routeButton(interaction, commands, engine, ctx);
      }
    } catch (err) {
      await reportInteractionFailure(interaction, err, ctx.log, where);
    }
  };
}
