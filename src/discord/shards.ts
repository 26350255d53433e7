// `SHARDS=auto|N npm start`: discord.js's ShardingManager runs the bot as N shard processes (Discord
// requires sharding from 2,500 servers on). This process only supervises: it loads no model and no
// index; each shard is `npm start` again (discord.js tells it its shard id), answers from the same
// index (Postgres when DATABASE_URL is set) and shares cooldowns through it.
import path from 'node:path';
import { REST, Routes, ShardingManager } from 'discord.js';
import type { Config } from '../config.js';
import { appError } from '../errors.js';
import type { Logger } from '../log.js';

/** Is this process a shard started by the manager? (discord.js sets these for its children.) */
export function isShardProcess(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SHARDING_MANAGER === 'true' && env.SHARD_COUNT !== undefined;
}

/** Discord's recommended shard count, asked of the configured API (so the loopback Discord works too). */
async function recommendedShards(config: Config & { DISCORD_TOKEN: string }): Promise<number> {
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  try {
    const { shards } = (await rest.get(Routes.gatewayBot())) as { shards: number };
    return Math.max(1, shards);
  } catch (err) {
    const e = err as { status?: number; message?: string; code?: string };
    if (e.status === 401) throw appError('DISCORD_TOKEN_REJECTED');
    throw appError('DISCORD_UNREACHABLE', config.DISCORD_API_URL, e.message ?? String(e.code));
  }
}

export async function runShards(config: Config & { DISCORD_TOKEN: string }, log: Logger, entry = path.resolve('src/bin/start.ts')): Promise<ShardingManager> {
  const totalShards = config.SHARDS === 'auto' ? await recommendedShards(config) : Number(config.SHARDS);
  if (!Number.isInteger(totalShards) || totalShards < 1) throw appError('CONFIG_INVALID', 'SHARDS must be "auto" or at least 1');
  if (!config.DATABASE_URL) log.warn('sharding without DATABASE_URL: every shard loads its own copy of the index and keeps its own cooldowns');
  const manager = new ShardingManager(entry, {
    token: config.DISCORD_TOKEN,
    totalShards,
    mode: 'process',
    // The shards run TypeScript like `npm start` does.
    execArgv: ['--import', 'tsx'],
  });
  manager.on('shardCreate', (shard) => {
    log.info('shard started', { shard: shard.id, of: totalShards });
    shard.on('death', () => log.warn('shard process exited; restarting it', { shard: shard.id }));
  });
  const stop = (signal: NodeJS.Signals) => {
    log.info('shutting down shards', { signal });
    for (const shard of manager.shards.values()) shard.kill();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await manager.spawn({ amount: totalShards, delay: config.SHARD_SPAWN_DELAY * 1000, timeout: 120_000 });
  log.info('all shards ready', { shards: totalShards });
  return manager;
}
