// Questions outside slash commands: "@Bot who is the UN Syria envoy?" in a channel, any message in a DM,
// and follow-ups — a reply to one of the bot's answers, or a mention in a thread opened on one — which
// are answered with that answer as context (follow-up.ts). Without the privileged MessageContent intent
// Discord still delivers the text of exactly these messages: ones that mention the bot, and DMs.
//
// Nothing here posts noise in a channel: a question that must wait for the cooldown, or cannot be queued,
// gets a ⏳ reaction (the reason is explained in a DM, where a text reply is private anyway); a reply
// that does not ping the bot (so its text is withheld) is explained once, privately, by DM.
import { RESTJSONErrorCodes, type Message } from 'discord.js';
import type { AnswerRecord } from '../feedback.js';
import type { Engine } from '../types.js';
import { answerFor, linkAnswer, type AnswerReply } from './answering.js';
import type { BotContext } from './command.js';
import { notice, type ReplyPayload } from './format.js';
import { followUpFor } from './follow-up.js';
import { BoundedMap, parseId } from './ids.js';
import { checkQuestion } from './limits.js';
import { reportMessageFailure } from './respond.js';
import { helpReply } from './views.js';

/** Replies in a channel ping nobody, not even the asker (who is looking at the thread anyway). */
const QUIET = { allowedMentions: { parse: [] as [], repliedUser: false } };

/** The reaction that says "not now" without a message in the channel. */
export const WAIT_REACTION = '⏳';

type Via = 'dm' | 'mention' | 'reply' | 'thread';

const UNREAD_REPLY =
  "You replied to one of my answers without the @mention, so Discord didn't show me your text. Reply again with the @mention switched on (it is by default), or mention me.";

/** Why the bot should answer this message, or null to ignore it. */
export function addressedToMe(message: Message, myId: string): Via | null {
  if (message.author.bot || message.system || message.webhookId || message.author.id === myId) return null;
  if (!message.inGuild()) return 'dm';
  const repliesToMe = message.mentions.repliedUser?.id === myId;
  // `users` lists direct mentions only; @everyone/@here and role pings do not count as asking the bot.
  if (message.mentions.users.has(myId)) return repliesToMe ? 'reply' : message.channel.isThread() ? 'thread' : 'mention';
  if (repliesToMe) return 'reply';
  return null;
}

/** The question with the bot's own mention(s) removed. */
export function questionText(content: string, myId: string): string {
  return content.replace(new RegExp(`<@!?${myId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

/** The answer a follow-up refers to: the replied-to message, or the message a thread was opened on. */
async function previousAnswer(message: Message, via: Via, ctx: BotContext): Promise<AnswerRecord | undefined> {
  const messageId = via === 'reply' ? message.reference?.messageId : via === 'thread' ? message.channelId : undefined;
  if (!messageId) return undefined;
  const known = await ctx.feedback.answerByMessage(messageId);
  if (known) return known;
  // Not linked yet (the link is written just after sending) or the write failed: the vote buttons on
  // the answer message carry its id.
  const channel = message.channel;
  const shown =
    via === 'reply' ? await message.fetchReference().catch(() => undefined) : channel.isThread() ? await channel.fetchStarterMessage().catch(() => null) : undefined;
  for (const row of shown?.components ?? []) {
    for (const c of 'components' in row ? row.components : []) {
      const { prefix, parts } = parseId('customId' in c && c.customId ? c.customId : '');
      if (prefix === 'vote' && parts[1]) return ctx.feedback.answer(parts[1]);
    }
  }
  return undefined;
}

export function createMessageHandler(engine: Engine, ctx: BotContext): (message: Message) => Promise<void> {
  const explained = new BoundedMap<string, true>(10_000);

  const send = async (message: Message, reply: ReplyPayload) => message.reply({ ...reply, ...QUIET });
  /** Tell the author something without a public message: a DM reply is private; in a channel, react. */
  const quietly = async (message: Message, text: string) => {
    if (!message.inGuild()) await send(message, notice(text));
    else await message.react(WAIT_REACTION);
  };

  return async (message) => {
    const me = message.client.user;
    const via = addressedToMe(message, me.id);
    if (!via) return;
    try {
      const check = checkQuestion(questionText(message.content, me.id), ctx.config.MAX_QUESTION_LENGTH);
      // A reply with its ping turned off does not mention the bot, so Discord withholds its text.
      if (check.kind === 'empty' && via === 'reply' && !message.mentions.users.has(me.id)) {
        if (explained.get(message.author.id)) return;
        explained.set(message.author.id, true);
        await message.author.send(notice(UNREAD_REPLY)).catch((error: unknown) => ctx.log.info('could not explain by DM', { error: String(error) }));
        return;
      }
      if (check.kind === 'empty') return void (await send(message, helpReply()));
      if (check.kind === 'too-long') return void (await send(message, notice(check.message)));

      const admission = ctx.queue.admit(message.author.id);
      if (!admission.ok) {
        ctx.log.info('question refused', { reason: admission.reason, channelId: message.channelId });
        return await quietly(message, admission.message);
      }
      await admission.run(async () => {
        // "Bot is typing…" while the engine works; purely cosmetic, so a failure here is ignored.
        if (message.channel.isSendable()) message.channel.sendTyping().catch(() => undefined);
        const previous = via === 'reply' || via === 'thread' ? await previousAnswer(message, via, ctx) : undefined;
        const answered: AnswerReply =
          previous && (via === 'reply' || via === 'thread')
            ? await followUpFor(engine, ctx, check.question, previous, via)
            : await answerFor(engine, ctx, check.question, {}, via === 'thread' ? 'mention' : via);
        const sent = await send(message, answered.reply);
        await linkAnswer(ctx, answered.id, sent.id);
      });
    } catch (err) {
      if (isForbidden(err)) {
        // The bot may not post (or react) here: say where, once, in the log — a second message would fail too.
        ctx.log.warn('no permission to reply in channel', { channelId: message.channelId, guildId: message.guildId, code: (err as { code?: unknown }).code });
        return;
      }
      await reportMessageFailure(message, err, ctx.log);
    }
  };
}

/** Discord's 403s: Missing Access / Missing Permissions (or any 403). */
export function isForbidden(err: unknown): boolean {
  const e = err as { status?: number; code?: number };
  return e?.status === 403 || e?.code === RESTJSONErrorCodes.MissingPermissions || e?.code === RESTJSONErrorCodes.MissingAccess;
}
