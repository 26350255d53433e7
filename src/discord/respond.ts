// Responding safely: ephemeral notices, the question queue around engine calls, and the apology for
// anything unexpected — logged with a short error id the user can quote, without ever crashing the bot.
import { MessageFlags, type Interaction, type Message, type RepliableInteraction } from 'discord.js';
import { AppError, ERROR_MESSAGES } from '../errors.js';
import type { Logger } from '../log.js';
import type { BotContext } from './command.js';
import { notice, type ReplyPayload } from './format.js';
import { shortId } from './ids.js';

/** A notice only the clicking/typing user sees. */
export function ephemeral(text: string): ReplyPayload & { flags: MessageFlags.Ephemeral } {
  return { ...notice(text), flags: MessageFlags.Ephemeral };
}

/** Tell only this user something, whatever state the interaction is in. */
export async function tellUser(interaction: RepliableInteraction, text: string): Promise<void> {
  if (interaction.isMessageComponent() && (interaction.deferred || interaction.replied)) {
    // A component's deferred update belongs to the message with the buttons: never edit or delete that.
    await interaction.followUp(ephemeral(text));
  } else if (interaction.replied) {
    await interaction.followUp(ephemeral(text));
  } else if (interaction.deferred) {
    if (interaction.ephemeral) {
      await interaction.editReply({ ...notice(text), embeds: [], components: [] });
    } else {
      // A public "thinking…" placeholder would show the notice to everyone: remove it, then tell the
      // user privately (with the placeholder gone the follow-up is a new, ephemeral message).
      await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp(ephemeral(text));
    }
  } else {
    await interaction.reply(ephemeral(text));
  }
}

/**
 * Queue `work` behind other users' questions: acknowledge at once (`defer`, within Discord's 3 seconds,
 * while the question waits), then run it when its turn comes. A refusal (cooldown, a question already
 * waiting, or a wait past the limit) is told only to this user, and nothing is deferred.
 */
export async function withQueue(
  interaction: RepliableInteraction,
  ctx: BotContext,
  defer: { ephemeral: boolean },
  work: () => Promise<void>,
): Promise<void> {
  const admission = ctx.queue.admit(interaction.user.id);
  if (!admission.ok) {
    ctx.log.info('question refused', { reason: admission.reason });
    await interaction.reply(ephemeral(admission.message));
    return;
  }
  const deferred = interaction.deferReply(defer.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  await admission.run(async () => {
    await deferred;
    await work();
  });
}

/**
 * Log a failure and give the user something to go on. An AppError is expected (bad input, unknown
 * source) and its message is meant for users; anything else gets an apology quoting a fresh error id
 * that is also in the log line with the stack.
 */
export function describeFailure(err: unknown, log: Logger, where: string): string {
  if (err instanceof AppError) {
    log.warn('request refused', { where, code: err.code, message: err.message });
    return err.message;
  }
  const errorId = shortId();
  log.error('handler failed', { where, errorId, error: err instanceof Error ? err : new Error(String(err)) });
  return ERROR_MESSAGES.INTERNAL(errorId);
}

export async function reportInteractionFailure(interaction: Interaction, err: unknown, log: Logger, where: string): Promise<void> {
  const text = describeFailure(err, log, where);
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
    } else if (interaction.isRepliable()) {
      await tellUser(interaction, text);
    }
  } catch (sendErr) {
    // The interaction may have expired (3 s / 15 min); nothing more can be done but note it.
    log.warn('could not deliver failure notice', { where, error: sendErr instanceof Error ? sendErr.message : String(sendErr) });
  }
}

export async function reportMessageFailure(message: Message, err: unknown, log: Logger): Promise<void> {
  const text = describeFailure(err, log, 'message');
  try {
    await message.reply({ ...notice(text), allowedMentions: { parse: [], repliedUser: false } });
  } catch (sendErr) {
    log.warn('could not deliver failure notice', { where: 'message', error: sendErr instanceof Error ? sendErr.message : String(sendErr) });
  }
}
