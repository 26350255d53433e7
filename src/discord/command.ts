// The shape of a slash command module and the context its handlers receive. Handlers get the engine as
// an argument instead of importing it, so loading the command modules (e.g. to deploy them) never loads
// a model or an index.
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Config } from '../config.js';
import type { FeedbackRecorder } from '../feedback.js';
import type { Logger } from '../log.js';
import type { Answer, Engine } from '../types.js';
import { BoundedMap } from './ids.js';
import { createLimits, type Limits } from './limits.js';
import type { SearchSession } from './views.js';

/** An answer kept so its 👍/👎 buttons can record what was rated. Voters live in memory only. */
export interface RememberedAnswer {
  answer: Answer;
  voters: Set<string>;
}

export interface BotContext {
  config: Config;
  log: Logger;
  feedback: FeedbackRecorder;
  limits: Limits;
  /** Recent answers by short id (the vote buttons' key). */
  answers: BoundedMap<string, RememberedAnswer>;
  /** Recent searches by short id (the pager buttons' key). */
  searches: BoundedMap<string, SearchSession>;
}

export interface Command {
  /** A SlashCommandBuilder (or anything with the same JSON). */
  data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, engine: Engine, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, engine: Engine, ctx: BotContext): Promise<void>;
  /** Buttons whose custom id starts with `<command name>:`; `parts` are the id's remaining segments. */
  button?(interaction: ButtonInteraction, engine: Engine, ctx: BotContext, parts: string[]): Promise<void>;
}

/** Sizes of the in-memory maps: enough for a busy day of clicks, small enough to never matter. */
const REMEMBERED_ANSWERS = 1000;
const REMEMBERED_SEARCHES = 200;

export function createContext(config: Config, log: Logger, feedback: FeedbackRecorder, limits?: Limits): BotContext {
  return {
    config,
    log,
    feedback,
    limits: limits ?? createLimits({ cooldownSeconds: config.COOLDOWN_SECONDS, maxConcurrent: config.MAX_CONCURRENT_QUESTIONS }),
    answers: new BoundedMap(REMEMBERED_ANSWERS),
    searches: new BoundedMap(REMEMBERED_SEARCHES),
  };
}
