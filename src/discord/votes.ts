// 👍/👎 clicks: the answer is looked up in the feedback store (the file, or Postgres shared by every
// shard), so answers from before a restart can be rated; the vote is recorded there, the buttons marked
// with the counts, and the voter thanked privately. Clicking the other button changes one's vote; the
// same button again changes nothing.
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { voterKey, type Vote } from '../feedback.js';
import type { BotContext } from './command.js';
import { voteRow } from './ids.js';
import { ephemeral } from './respond.js';

const THANKS: Record<Vote, string> = { up: 'Thanks — recorded 👍.', down: 'Thanks — recorded 👎.' };

export async function handleVote(interaction: ButtonInteraction, ctx: BotContext, [kind, answerId]: string[]): Promise<void> {
  const vote: Vote | undefined = kind === 'up' ? 'up' : kind === 'down' ? 'down' : undefined;
  const record = vote && answerId ? await ctx.feedback.answer(answerId) : undefined;
  if (!vote || !answerId || !record) {
    // Only answers posted before answers were recorded (or a hand-made button) end up here.
    return void (await interaction.reply(ephemeral('I have no record of that answer, so it cannot be rated — sorry.')));
  }
  const voter = voterKey(answerId, interaction.user.id);
  const before = await ctx.feedback.votes(answerId, voter);
  if (before.mine === vote) {
    return void (await interaction.reply(ephemeral(`You already rated this ${vote === 'up' ? '👍' : '👎'}; click the other button to change it.`)));
  }
  await ctx.feedback.record({
    time: new Date().toISOString(),
    question: record.question,
    answer: record.answer,
    sources: record.sources.map((s) => ({ n: s.n, source: s.source, title: s.title })),
    vote,
    answerId,
    voter,
  });
  ctx.log.info('feedback recorded', { vote, changed: before.mine !== undefined });
  const after = await ctx.feedback.votes(answerId, voter);
  // An answer only its asker sees can show which button they chose; a public one shows the counts.
  const onlyMine = interaction.message.flags.has(MessageFlags.Ephemeral);
  await interaction.update({ components: [voteRow(answerId, after, onlyMine ? vote : undefined)] });
  const change = before.mine ? ' (changed from your earlier vote)' : '';
  await interaction.followUp(ephemeral(`${THANKS[vote]}${change}`));
}
