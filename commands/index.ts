// The one command loader, shared by the bot and `deploy-commands`. Static imports (rather than reading
// the folder) keep it type-checked and bundler-proof; importing it loads no engine or model, because
// handlers receive the engine as an argument.
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
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

/** Options that carry a question; their `max_length` is the runtime limit, so Discord stops a user typing more. */
const QUESTION_OPTIONS = new Set(['question', 'query', 'topic']);

/** The JSON Discord stores for each command, with question options capped at `maxQuestionLength`. */
export function commandsJSON(maxQuestionLength?: number): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((c) => {
    const json = c.data.toJSON();
    if (maxQuestionLength === undefined) return json;
    const options = json.options?.map((o) => (QUESTION_OPTIONS.has(o.name) && o.type === ApplicationCommandOptionType.String ? { ...o, max_length: maxQuestionLength } : o));
    return options ? { ...json, options } : json;
  });
}
