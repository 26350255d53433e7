// npm run deploy-commands: register every slash command with Discord. With DISCORD_GUILD_ID the commands
// go to that one guild (instant, for testing); without, they are global (can take up to an hour).
// Loads only the command definitions — no engine, no index, no model.
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import { commandsJSON } from '../../commands/index.js';
import { loadConfig, requireDiscord, type Config } from '../config.js';
import type { Logger } from '../log.js';
import { main } from './cli.js';

export interface DeployResult {
  count: number;
  scope: 'guild' | 'global';
  guildId?: string;
  /** Names as Discord stored them. */
  names: string[];
}

export async function deployCommands(config: Config, log?: Logger): Promise<DeployResult> {
  const discord = requireDiscord(config);
  // Discord then refuses to take a longer question than the bot would answer.
  const body = commandsJSON(config.MAX_QUESTION_LENGTH);
  const rest = new REST({ api: discord.DISCORD_API_URL }).setToken(discord.DISCORD_TOKEN);
  const guildId = discord.DISCORD_GUILD_ID;
  const route = guildId
    ? Routes.applicationGuildCommands(discord.DISCORD_CLIENT_ID, guildId)
    : Routes.applicationCommands(discord.DISCORD_CLIENT_ID);
  // PUT replaces the whole set, so commands removed from the code disappear from Discord too.
  const stored = (await rest.put(route, { body })) as Array<{ name?: string }>;
  const names = Array.isArray(stored) ? stored.map((c) => String(c.name)) : body.map((c) => c.name);
  const result: DeployResult = guildId
    ? { count: names.length, scope: 'guild', guildId, names }
    : { count: names.length, scope: 'global', names };
  log?.info('commands registered', { count: result.count, scope: result.scope, guildId });
  return result;
}

export function describeDeploy(r: DeployResult): string {
  const where = r.scope === 'guild' ? `in guild ${r.guildId} (available now)` : 'globally (may take up to an hour to appear)';
  return `Registered ${r.count} commands ${where}: ${r.names.map((n) => `/${n}`).join(', ')}`;
}

// Run only when executed directly, so tests can import deployCommands.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(async () => {
    const result = await deployCommands(loadConfig());
    process.stdout.write(describeDeploy(result) + '\n');
  });
}
