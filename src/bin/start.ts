// npm start: with DISCORD_TOKEN set, runs the bot; without, opens the terminal chat and says how to
// connect Discord. Either way the index is built first when it is missing or damaged, and a re-ingest
// while it runs is picked up between questions (no restart). With SHARDS=auto|N the bot runs as N shard
// processes under discord.js's ShardingManager (this file is each shard, too).
import { connectIndexDb, ensureIndex, loadEmbedder, loadLiveEngine } from '../app.js';
import { loadConfig, requireDiscord } from '../config.js';
import { DEFAULT_MAX_WAIT_MS } from '../discord/limits.js';
import { EXIT_FATAL, runBot, untilFatal } from '../discord/main.js';
import { isShardProcess, runShards } from '../discord/shards.js';
import { createLogger } from '../log.js';
import { pgFeedbackRecorder } from '../pg/feedback.js';
import { sharedQueue } from '../pg/shared.js';
import { runChat } from '../terminal.js';
import { main } from './cli.js';

const CONNECT = `No DISCORD_TOKEN configured, so this is the terminal chat.
To run the Discord bot: copy .env.example to .env, set DISCORD_TOKEN and DISCORD_CLIENT_ID
(see docs/discord-setup.md), run \`npm run deploy-commands\`, then \`npm start\` again.`;

await main(async () => {
  const config = loadConfig();
  // The bot masks its own token in everything it logs (maskSecret in createBot).
  const log = createLogger(config.LOG_LEVEL);
  if (!config.DISCORD_TOKEN) {
    const engine = await loadLiveEngine(config, log, { buildIfMissing: true, pollMs: 2000, maxQuestionLength: config.MAX_QUESTION_LENGTH });
    await runChat(engine, CONNECT);
    return;
  }
  const discord = requireDiscord(config);
  const shard = isShardProcess();
  if (config.SHARDS && !shard) {
    // Build a missing index once here, not in every shard at the same time.
    await ensureIndex(config, await loadEmbedder(config, log), log);
    await runShards(discord, log);
    return;
  }
  const engine = await loadLiveEngine(config, log, { buildIfMissing: !shard, pollMs: 2000 });
  const queueOptions = { cooldownSeconds: config.COOLDOWN_SECONDS, maxConcurrent: config.MAX_CONCURRENT_QUESTIONS, maxWaitMs: DEFAULT_MAX_WAIT_MS };
  // With a database, every shard (on any machine) shares cooldowns, questions in flight, answers and votes.
  const db = config.DATABASE_URL ? await connectIndexDb(config.DATABASE_URL) : undefined;
  const shared = db ? { queue: sharedQueue(db, queueOptions), feedback: pgFeedbackRecorder(db) } : {};
  const bot = await runBot(discord, engine, log, shared);
  // Runs until a signal (exit 0, see runBot) or a fatal gateway close, which must exit non-zero.
  await untilFatal(bot, log);
  process.exit(EXIT_FATAL);
});
