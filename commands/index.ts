// The one command loader, shared by the bot and `deploy-commands`. Static imports (rather than reading
// the folder) keep it type-checked and bundler-proof; importing it loads no engine or model, because
// handlers receive the engine as an argument.
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import ask from './ask.js';
import help from './help.js';
import search from './search.js';
import source from './source.js';
import sources from './sources.js';
import stats from './stats.js';
import timeline from './timeline.js';

export const commands: readonly Command[] = [ask, search, source, sources, timeline, stats, help];

/** By name, for routing interactions and the `<name>:` prefix of button ids. */
export const commandMap: ReadonlyMap<string, Command> = new Map(commands.map((c) => [c.data.name, c]));

/** The JSON Discord stores for each command. */
export function commandsJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((c) => c.data.toJSON());
}
