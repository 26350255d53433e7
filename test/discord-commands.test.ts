// The other commands, mentions, DMs and command deployment, end to end against the stand-in Discord.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsJSON } from '../commands/index.js';
import { deployCommands } from '../src/bin/deploy-commands.js';
import { EPHEMERAL, customIds, embedOf, expectCleanRun, expectNobodyPinged, startHarness, type Harness } from './support/bot-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe('/search, /source, /sources, /timeline, /help', () => {
  it('pages search results with Next (a type 7 update with different hits)', async () => {
    const user = h.newUser();
    const sent = h.fake.slash('search', { query: 'Syrian Daesh Damascus regime forces' }, user);
    expect((await h.fake.callback(sent)).body.type).toBe(5);
    const first = embedOf((await h.fake.edit(sent)).body);
    expect(first.footer.text).toMatch(/^Page 1\/\d+/);
    const next = customIds(h.fake.original(sent)!).find((id) => id.startsWith('search:next:'))!;
    expect(next.length).toBeLessThanOrEqual(100);
    const click = h.fake.click(next, h.fake.original(sent)!, user);
    const update = await h.fake.callback(click);
    expect(update.body.type).toBe(7);
    const second = embedOf(update.body.data);
    expect(second.footer.text).toMatch(/^Page 2\//);
    expect(second.description).not.toEqual(first.description);
    expect(second.description).toMatch(/^\*\*6\. /);
  });

  it('lists the articles a /source name matches when it matches several', async () => {
    const cb = await h.fake.callback(h.fake.slash('source', { name: 'Islamic' }, h.newUser()));
    expect(cb.body.data.flags).toBe(EPHEMERAL);
    expect(cb.body.data.content).toMatch(/^Several articles match "Islamic":/);
    expect(cb.body.data.content).toContain('Islamic State loses ground to Syrian rebels in Damascus suburb');
    expect(cb.body.data.content).toContain('Syrian army, Islamic State wage fierce battle south of Damascus');
    const none = await h.fake.callback(h.fake.slash('source', { name: 'zzqx' }, h.newUser()));
    expect(none.body.data.content).toBe('No article named "zzqx" in the corpus.');
  });

  it('shows one article with a Next passage button', async () => {
    const user = h.newUser();
    const sent = h.fake.slash('source', { name: '002_dd5445a2a5432432.txt' }, user);
    const cb = await h.fake.callback(sent);
    const embed = embedOf(cb.body.data);
    expect(embed).toMatchObject({ title: 'Syrian regime launches offensive on IS-held areas in Damascus', url: 'https://example.org/new-arab/offensive' });
    expect(embed.footer.text).toMatch(/^Passage 1 of \d+/);
    const next = customIds(h.fake.original(sent)!).find((id) => id.startsWith('source:next:'))!;
    const update = await h.fake.callback(h.fake.click(next, h.fake.original(sent)!, user));
    expect(update.body.type).toBe(7);
    expect(embedOf(update.body.data).footer.text).toMatch(/^Passage 2 of/);
  });

  it('lists the articles', async () => {
    const cb = await h.fake.callback(h.fake.slash('sources', {}, h.newUser()));
    expect(embedOf(cb.body.data).description).toContain('Daesh cornered in pocket of southern Syria — AFP, 1 August 2018');
  });

  it('builds a timeline, oldest first', async () => {
    const sent = h.fake.slash('timeline', { topic: 'Yarmouk camp Daesh regime' }, h.newUser());
    const embed = embedOf((await h.fake.edit(sent)).body);
    const dates = [...embed.description.matchAll(/\*\*(\d{4}-\d{2}-\d{2})\*\*/g)].map((m: RegExpMatchArray) => m[1]);
    expect(dates.length).toBeGreaterThan(0);
    expect([...dates].sort()).toEqual(dates);
    expect(embed.fields[0].name).toBe('Sources');
  });

  it('explains itself', async () => {
    const cb = await h.fake.callback(h.fake.slash('help', {}, h.newUser()));
    expect(cb.body.data.flags).toBe(EPHEMERAL);
    expect(embedOf(cb.body.data).description).toContain('/ask');
  });
});

describe('mentions and DMs', () => {
  it('replies to a channel mention with the answer', async () => {
    const id = h.fake.say('How many fighters were evacuated from Yarmouk and Hajar al-Aswad to the Badia desert?', h.newUser());
    const reply = await h.fake.replyTo(id);
    expect(reply.route).toBe(`/channels/${h.fake.world.channelId}/messages`);
    expect(embedOf(reply.body).description).toContain('1,200');
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('answers any message in a DM', async () => {
    const user = h.newUser();
    const id = h.fake.say('How many ISIS checkpoints did the Free Syrian Army seize?', user, { dm: true });
    const reply = await h.fake.replyTo(id);
    expect(reply.route).toMatch(/^\/channels\/5\d+\/messages$/);
    expect(embedOf(reply.body).description).toContain('checkpoints');
  });

  it('answers a reply to one of its answers from the same articles', async () => {
    const user = h.newUser();
    const first = h.fake.say('How many Syrian soldiers did Daesh kill in Al-Qadam?', user);
    await h.fake.replyTo(first);
    const answer = h.fake.botReplyTo(first)!;
    const cited = embedOf(answer).fields.find((f: { name: string }) => f.name === 'Sources').value as string;
    // A reply with the (default) ping on lists the bot in `mentions`, which is what delivers its text.
    const followUp = h.fake.say('Where did the Daesh fighters attack the Syrian soldiers?', h.newUser(), { replyTo: answer });
    const reply = embedOf((await h.fake.replyTo(followUp)).body);
    const sources = reply.fields.find((f: { name: string }) => f.name === 'Sources').value as string;
    for (const line of sources.split('\n')) expect(cited).toContain(line.replace(/^\[\d+\] /, ''));
  });

  it('explains a reply without the ping privately, once, and posts nothing in the channel', async () => {
    const first = h.fake.say('How many Syrian soldiers did Daesh kill in Al-Qadam?', h.newUser());
    await h.fake.replyTo(first);
    const answer = h.fake.botReplyTo(first)!;
    // With the ping off Discord withholds the text (no MessageContent intent).
    const user = h.newUser();
    const unpinged = h.fake.say('', user, { replyTo: answer, mentionBot: false });
    const dm = await h.fake.waitFor((r) => r.method === 'POST' && r.route === `/channels/5${user.id.slice(1)}/messages`);
    expect(dm.body.content).toMatch(/without the @mention/);
    h.fake.say('', user, { replyTo: answer, mentionBot: false });
    await expect(h.fake.replyTo(unpinged, 300)).rejects.toThrow(/no matching request/);
    const dms = h.fake.requests.filter((r) => r.route === `/channels/5${user.id.slice(1)}/messages`);
    expect(dms).toHaveLength(1);
  });

  it('answers a bare mention with the help text, and ignores other bots', async () => {
    const bare = h.fake.say('', h.newUser());
    expect(embedOf((await h.fake.replyTo(bare)).body).title).toBe('What I do');
    const fromBot = h.fake.say('How many soldiers?', { id: '700000000000000001', username: 'otherbot', bot: true });
    await expect(h.fake.replyTo(fromBot, 300)).rejects.toThrow(/no matching request/);
  });

  it('refuses an over-long mentioned question', async () => {
    const id = h.fake.say('why '.repeat(80), h.newUser());
    expect((await h.fake.replyTo(id)).body.content).toMatch(/too long/);
  });
});

describe('deployCommands', () => {
  it('PUTs every command to the guild route when DISCORD_GUILD_ID is set, else globally', async () => {
    const guild = await deployCommands(h.makeConfig({ DISCORD_GUILD_ID: h.fake.world.guildId }));
    expect(guild).toMatchObject({ scope: 'guild', count: 7 });
    const put = await h.fake.waitFor((r) => r.method === 'PUT' && r.route === `/applications/${h.fake.world.appId}/guilds/${h.fake.world.guildId}/commands`);
    expect(put.body).toEqual(JSON.parse(JSON.stringify(commandsJSON(h.config.MAX_QUESTION_LENGTH))));
    // The question options' max_length is the runtime limit (200 here), so Discord stops longer input.
    const lengths = put.body.flatMap((c: { options?: Array<{ name: string; max_length?: number }> }) =>
      (c.options ?? []).filter((o) => ['question', 'query', 'topic'].includes(o.name)).map((o) => o.max_length),
    );
    expect(lengths).toEqual([200, 200, 200]);
    expect(put.body.map((c: { name: string }) => c.name).sort()).toEqual(['ask', 'help', 'search', 'source', 'sources', 'stats', 'timeline']);

    const global = await deployCommands(h.makeConfig());
    expect(global).toMatchObject({ scope: 'global', count: 7 });
    const putGlobal = await h.fake.waitFor((r) => r.method === 'PUT' && r.route === `/applications/${h.fake.world.appId}/commands`);
    expect(putGlobal.body).toHaveLength(7);
  });
});

describe('housekeeping', () => {
  it('never logs the token, calls only known routes, and pinged nobody in any message', () => {
    expectCleanRun(h);
    expect(expectNobodyPinged(h.fake)).toBeGreaterThan(10);
  });
});
