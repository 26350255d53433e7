// Running the bot as a process: start it, keep going through stray errors, and shut down cleanly on
// Ctrl-C or a service manager's SIGTERM.
import type { Config } from '../config.js';
import { AppError, appError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Engine } from '../types.js';
import { createBot, type Bot, type BotOptions } from './client.js';

/** Exit code after Discord refused the bot for good (the error line says why): not 0, so it is restarted or alerted. */
export const EXIT_FATAL = 2;

/** Start the bot; resolves once it is ready (the open gateway keeps the process alive). */
export async function runBot(config: Config, engine: Engine, log: Logger, extra: Pick<BotOptions, 'queue' | 'feedback'> = {}): Promise<Bot> {
  const bot = createBot({ config, engine, log, ...extra });

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

  try {
    await bot.start();
  } catch (err) {
    await bot.stop().catch(() => undefined);
    throw startError(err, config.DISCORD_API_URL);
  }
  return bot;
}

/**
 * Resolves when the bot has stopped because Discord closed the gateway for good (4004, 4010–4014), after
 * one `error` line naming the cause and the fix: the caller then exits non-zero, so a supervisor
 * (`Restart=on-failure`) sees the failure instead of a clean exit.
 */
export async function untilFatal(bot: Bot, log: Logger): Promise<AppError> {
  const error = await bot.fatal;
  log.error(error.message, { code: error.code });
  await bot.stop().catch(() => undefined);
  return error;
}

/** Turn a failed login into one clear line (the token itself never appears in it). */
function startError(err: unknown, apiUrl: string): unknown {
  const e = err as { code?: string | number; status?: number; message?: string };
  if (e?.code === 'TokenInvalid' || e?.status === 401 || /invalid token|^401\b/i.test(e?.message ?? '')) return appError('DISCORD_TOKEN_REJECTED');
  if (typeof e?.code === 'string' && /^(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|UND_ERR_CONNECT_TIMEOUT)$/.test(e.code)) {
    return appError('DISCORD_UNREACHABLE', apiUrl, e.message ?? e.code);
  }
  return err;
}
