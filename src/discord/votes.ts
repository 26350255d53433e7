// 👍/👎 clicks: append one anonymous line to the feedback file and thank the voter privately.
import type { ButtonInteraction } from 'discord.js';
import type { Vote } from '../feedback.js';
import type { BotContext } from './command.js';
import { ephemeral } from './respond.js';

export async function handleVote(interaction: ButtonInteraction, ctx: BotContext, [kind, answerId]: string[]): Promise<void> {
  const vote: Vote | undefined = kind === 'up' ? 'up' : kind === 'down' ? 'down' : undefined;
  const remembered = answerId ? ctx.answers.get(answerId) : undefined;
  if (!vote || !remembered) {
    // Answers are kept in memory only (bounded, lost on restart): an old button cannot be recorded.
    return void (await interaction.reply(ephemeral('That answer is too old to rate now, but thank you.')));
  }
  // One vote per person per answer; who voted is held in memory only and never written.
  if (remembered.voters.has(interaction.user.id)) {
    return void (await interaction.reply(ephemeral('You have already rated this answer — thanks.')));
  }
  remembered.voters.add(interaction.user.id);
  const { answer } = remembered;
  await ctx.feedback.record({
    time: new Date().toISOString(),
    question: answer.question,
    answer: answer.answer,
    sources: answer.citations.map((c) => ({ n: c.n, source: c.source, title: c.title })),
    vote,
  });
  ctx.log.info('feedback recorded', { vote });
  await interaction.reply(ephemeral('Thanks — recorded.'));
}
