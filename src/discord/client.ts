// The discord.js client with everything attached. Intents are the fewest that work: Guilds (the channel
// cache messages need), GuildMessages and DirectMessages. MessageContent is deliberately NOT requested:
// Discord delivers the text of messages that mention the bot and of DMs without it, and those are the
// only messages the bot reads. DM channels arrive uncached, hence Partials.Channel.
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { commandMap } from '../../commands/index.js';
import { requireDiscord, type Config } from '../config.js';
import { createFeedbackRecorder, type FeedbackRecorder } from '../feedback.js';
import { AppError, appError } from '../errors.js';
import { maskSecret, type Logger } from '../log.js';
import type { Engine } from '../types.js';
import { createContext, type BotContext } from './command.js';
import { createInteractionHandler } from './interactions.js';
import type { QuestionQueue } from './limits.js';
import { createMessageHandler } from './messages.js';

export interface BotOptions {
  config: Config;
  engine: Engine;
  log: Logger;
  /** Defaults to a recorder appending to config.FEEDBACK_FILE; shards with a database use src/pg/feedback.ts. */
  feedback?: FeedbackRecorder;
  /** Defaults to an in-process queue; shards share cooldowns through Postgres (src/pg/shared.ts). */
  queue?: QuestionQueue;
}

export interface Bot {
  client: Client;
  context: BotContext;
  /** Log in and resolve once the client is ready (guilds received). */
  start(): Promise<void>;
  /** Disconnect; safe to call twice. */
  stop(): Promise<void>;
  /** Settles (never rejects) if Discord closes the gateway for good: the bot cannot go on. */
  fatal: Promise<AppError>;
}

export function createBot(options: BotOptions): Bot {
  const config = requireDiscord(options.config);
  const log = maskSecret(options.log, config.DISCORD_TOKEN);
  const feedback = options.feedback ?? createFeedbackRecorder(config.FEEDBACK_FILE);
  const context = { ...createContext(config, log, feedback), ...(options.queue ? { queue: options.queue } : {}) };

  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    // `api` is the base without the version; @discordjs/rest appends `/v10`.
    rest: { api: config.DISCORD_API_URL },
    // Default for every payload discord.js builds; each view also sets it explicitly.
    allowedMentions: { parse: [], repliedUser: false },
    // Answer even if the question was deleted meanwhile, instead of failing the reply.
    failIfNotExists: false,
  });

  let stopped = false;
  const onInteraction = createInteractionHandler(commandMap, options.engine, context);
  const onMessage = createMessageHandler(options.engine, context);
  // Handlers catch their own errors; the extra catch keeps a bug in that path from becoming an
  // unhandled rejection.
  client.on(Events.InteractionCreate, (i) => void onInteraction(i).catch((err) => log.error('interaction handler crashed', { error: err })));
  client.on(Events.MessageCreate, (m) => void onMessage(m).catch((err) => log.error('message handler crashed', { error: err })));
  client.on(Events.Error, (error) => log.error('discord client error', { error }));
  client.on(Events.Warn, (message) => log.warn('discord client warning', { message }));
  client.on(Events.ShardError, (error, shardId) => log.warn('gateway connection error', { shardId, error: error.message }));
  // discord.js gives up only on codes Discord will not accept again (4004, 4010–4014): fatal for us too.
  let onFatal!: (error: AppError) => void;
  const fatal = new Promise<AppError>((resolve) => (onFatal = resolve));
  client.on(Events.ShardDisconnect, (event, shardId) => {
    if (stopped) return;
    log.debug('gateway disconnected for good', { shardId, code: event.code });
    onFatal(appError('DISCORD_GATEWAY_FATAL', event.code));
  });
  // Our own destroy() also closes the shard, which discord.js reports as "reconnecting": not news.
  client.on(Events.ShardReconnecting, (shardId) => void (stopped || log.info('gateway reconnecting', { shardId })));
  client.on(Events.Debug, (message) => log.debug('discord.js', { message }));

  return {
    client,
    context,
    fatal,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      const refused = fatal.then((error) => Promise.reject(error));
      refused.catch(() => undefined);
      await Promise.race([client.login(config.DISCORD_TOKEN).then(() => ready), refused]);
      log.info('discord bot ready', { user: client.user?.tag, guilds: client.guilds.cache.size, commands: commandMap.size });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await client.destroy();
      log.info('discord bot stopped');
    },
  };
}
