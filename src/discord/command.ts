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
import type { Engine } from '../types.js';
import { BoundedMap } from './ids.js';
import { DEFAULT_MAX_WAIT_MS, createQuestionQueue, type QuestionQueue } from './limits.js';
import type { SearchSession } from './views.js';

export interface BotContext {
  config: Config;
  log: Logger;
  feedback: FeedbackRecorder;
  /** Questions wait their turn here (fair between users, bounded wait). */
  queue: QuestionQueue;
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

/** Searches are kept in memory (answers are in the feedback store): enough for a busy day of paging. */
const REMEMBERED_SEARCHES = 200;

export function createContext(config: Config, log: Logger, feedback: FeedbackRecorder, maxWaitMs = DEFAULT_MAX_WAIT_MS): BotContext {
  return {
    config,
    log,
    feedback,
    queue: createQuestionQueue({ cooldownSeconds: config.COOLDOWN_SECONDS, maxConcurrent: config.MAX_CONCURRENT_QUESTIONS, maxWaitMs }),
    searches: new BoundedMap(REMEMBERED_SEARCHES),
  };
}
