// Running the bot as a process: start it, keep going through stray errors, and shut down cleanly on
// Ctrl-C or a service manager's SIGTERM.
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Engine } from '../types.js';
import { createBot, type Bot } from './client.js';

/** Start the bot; resolves once it is ready (the open gateway keeps the process alive). */
export async function runBot(config: Config, engine: Engine, log: Logger): Promise<Bot> {
  const bot = createBot({ config, engine, log });

  // A long-running bot should log a stray rejection and carry on, not die (Node's default).
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled rejection', { error: reason instanceof Error ? reason : new Error(String(reason)) });
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    bot
      .stop()
      .catch((error: unknown) => log.error('error while stopping', { error }))
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  await bot.start();
  return bot;
}
