// Questions outside slash commands: "@Bot who is the UN Syria envoy?" in a channel, any message in a DM,
// and a reply to one of the bot's answers (answered as its own question, in the same thread).
// Without the privileged MessageContent intent Discord still delivers the text of exactly these
// messages: ones that mention the bot, and DMs.
import type { Message } from 'discord.js';
import type { Engine } from '../types.js';
import { answerFor } from './answering.js';
import type { BotContext } from './command.js';
import { notice, type ReplyPayload } from './format.js';
import { checkQuestion } from './limits.js';
import { reportMessageFailure } from './respond.js';
import { helpReply } from './views.js';

/** Replies in a channel ping nobody, not even the asker (who is looking at the thread anyway). */
const QUIET = { allowedMentions: { parse: [] as [], repliedUser: false } };

type Via = 'dm' | 'mention' | 'reply';

const UNREAD_REPLY =
  "I can't read replies that don't mention me. Reply again with the @mention switched on (it is by default), or mention me.";

/** Why the bot should answer this message, or null to ignore it. */
export function addressedToMe(message: Message, myId: string): Via | null {
  if (message.author.bot || message.system || message.webhookId || message.author.id === myId) return null;
  if (!message.inGuild()) return 'dm';
  // `users` lists direct mentions only; @everyone/@here and role pings do not count as asking the bot.
  if (message.mentions.users.has(myId)) return message.mentions.repliedUser?.id === myId ? 'reply' : 'mention';
  if (message.mentions.repliedUser?.id === myId) return 'reply';
  return null;
}

/** The question with the bot's own mention(s) removed. */
export function questionText(content: string, myId: string): string {
  return content.replace(new RegExp(`<@!?${myId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

async function send(message: Message, reply: ReplyPayload): Promise<void> {
  await message.reply({ ...reply, ...QUIET });
}

export function createMessageHandler(engine: Engine, ctx: BotContext): (message: Message) => Promise<void> {
  return async (message) => {
    const me = message.client.user;
    const via = addressedToMe(message, me.id);
    if (!via) return;
    try {
      const check = checkQuestion(questionText(message.content, me.id), ctx.config.MAX_QUESTION_LENGTH);
      // A reply with its ping turned off does not mention the bot, so Discord withholds its text.
      if (check.kind === 'empty' && via === 'reply' && !message.mentions.users.has(me.id)) {
        return await send(message, notice(UNREAD_REPLY));
      }
      if (check.kind === 'empty') return await send(message, helpReply());
      if (check.kind === 'too-long') return await send(message, notice(check.message));

      const gate = await ctx.limits.tryStart(message.author.id);
      if (!gate.ok) return await send(message, notice(gate.message));
      try {
        // "Bot is typing…" while the engine works; purely cosmetic, so a failure here is ignored.
        if (message.channel.isSendable()) message.channel.sendTyping().catch(() => undefined);
        await send(message, await answerFor(engine, ctx, check.question, {}, via));
      } finally {
        gate.release();
      }
    } catch (err) {
      await reportMessageFailure(message, err, ctx.log);
    }
  };
}
