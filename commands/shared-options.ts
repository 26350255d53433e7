// Option definitions several commands share, so `from`/`to`/`outlet` read the same everywhere.
import type { SlashCommandBuilder, SlashCommandOptionsOnlyBuilder } from 'discord.js';

type Builder = SlashCommandBuilder | SlashCommandOptionsOnlyBuilder;

/** MAX_QUESTION_LENGTH's default; `deploy-commands` writes the configured value (commandsJSON). */
export const DEFAULT_MAX_QUESTION = 500;

/** Adds `from`, `to` (free-text dates, validated by the handler) and `outlet` (autocomplete). */
export function withFilters<B extends Builder>(builder: B): SlashCommandOptionsOnlyBuilder {
  return builder
    .addStringOption((o) =>
      o.setName('from').setDescription('Only articles on or after this date (2018-04-19 or "19 April 2018")').setMaxLength(40),
    )
    .addStringOption((o) =>
      o.setName('to').setDescription('Only articles on or before this date (2018-04-19 or "19 April 2018")').setMaxLength(40),
    )
    .addStringOption((o) =>
      o.setName('outlet').setDescription('Only articles from this outlet').setAutocomplete(true).setMaxLength(100),
    );
}
