// The bot as a community meets it, through the real discord.js client against the stand-in Discord:
// Discord's 3-second window, 429s with retry_after, fatal and recoverable gateway closes, a channel the
// bot may not post in, quiet refusals, votes that survive a restart, and follow-ups in replies and threads.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../src/discord/client.js';
import { untilFatal } from '../src/discord/main.js';
import { WAIT_REACTION } from '../src/discord/messages.js';
import { summarizeFeedback } from '../src/feedback.js';
import { createLogger } from '../src/log.js';
import type { Engine } from '../src/types.js';
import { EPHEMERAL, customIds, embedOf, expectCleanRun, expectNobodyPinged, startHarness, type Harness } from './support/bot-harness.js';
import { makeFakeEngine } from './support/fake-engine.js';

/** The fake engine, slowed down: answering takes `ms`. */
function slowEngine(ms: number): Engine {
  const engine = makeFakeEngine();
  const ask = engine.ask.bind(engine);
  engine.ask = async (q, o) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return ask(q, o);
  };
  return engine;
}

const QUESTION = 'How many Syrian soldiers did Daesh kill in Al-Qadam?';

describe('with a fast engine', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    expectCleanRun(h);
    expectNobodyPinged(h.fake);
    await h.stop();
  });

  it('retries a 429 after retry_after and still delivers the reply', async () => {
    h.fake.rateLimit(/^POST \/channels\/\d+\/messages$/, 0.3, 1);
    const id = h.fake.say(QUESTION, h.newUser());
    const reply = await h.fake.waitFor((r) => r.method === 'POST' && r.body?.message_reference?.message_id === id && r !== h.fake.requests.find((x) => x.body?.message_reference?.message_id === id));
    expect(embedOf(reply.body).description).toContain('Al-Qadam');
    expect(h.fake.requests.filter((r) => r.body?.message_reference?.message_id === id)).toHaveLength(2);
  });

  it('answers a mention that must wait for the cooldown with a ⏳ reaction, not a channel message', async () => {
    const user = h.newUser();
    const first = h.fake.say(QUESTION, user);
    await h.fake.replyTo(first);
    const second = h.fake.say('In what year did IS take over Yarmouk?', user);
    const reaction = await h.fake.waitFor((r) => r.method === 'PUT' && r.route.includes(`/messages/${second}/reactions/`));
    expect(reaction.route).toContain(`/reactions/${WAIT_REACTION}/@me`);
    await expect(h.fake.replyTo(second, 300)).rejects.toThrow(/no matching request/);
    // In a DM a text reply is private, so there the reason is said in words.
    const dmFirst = h.fake.say(QUESTION, user, { dm: true });
    const dmReply = await h.fake.replyTo(dmFirst);
    expect(dmReply.body.content).toMatch(/Please wait \d+s/);
  });

  it('follows up a reply asking who reported it from the cited articles’ outlets', async () => {
    const first = h.fake.say('How many fighters were evacuated to the Badia desert?', h.newUser());
    await h.fake.replyTo(first);
    const answer = h.fake.botReplyTo(first)!;
    const sources = embedOf(answer).fields.find((f: { name: string }) => f.name === 'Sources').value as string;
    const followUp = h.fake.say('who reported that?', h.newUser(), { replyTo: answer });
    const reply = embedOf((await h.fake.replyTo(followUp)).body);
    expect(reply.title).toBe('who reported that?');
    for (const outlet of ['AFP', 'Middle East Monitor', 'The New Arab', 'ARA News'].filter((o) => sources.includes(o))) {
      expect(reply.description).toContain(`**${outlet}**`);
    }
    expect(reply.description).toMatch(/^The answer you replied to quoted these reports:/);
  });

  it('treats a reply to a /ask answer as a follow-up too', async () => {
    const sent = h.fake.slash('ask', { question: 'How many people were killed in the Sweida rampage on July 25?' }, h.newUser());
    await h.fake.edit(sent);
    const answer = h.fake.original(sent)!;
    const followUp = h.fake.say('when was that?', h.newUser(), { replyTo: answer });
    const reply = embedOf((await h.fake.replyTo(followUp)).body);
    expect(reply.description).toMatch(/^The articles that answer quoted were published on:\n\[1\] \*\*1 August 2018\*\*, AFP/);
  });

  it('answers a mention in a thread opened on an answer with that answer as context', async () => {
    const user = h.newUser();
    const first = h.fake.say(QUESTION, user);
    await h.fake.replyTo(first);
    const answer = h.fake.botReplyTo(first)!;
    const reader = h.newUser();
    const thread = h.fake.openThread(answer, reader);
    const inThread = h.fake.say('when was that?', reader, { thread });
    const reply = await h.fake.waitFor((r) => r.method === 'POST' && r.route === `/channels/${thread}/messages`);
    expect(reply.body.message_reference.message_id).toBe(inThread);
    expect(embedOf(reply.body).description).toMatch(/^The articles that answer quoted were published on:/);
  });

  it('logs a 403 on a reply with the channel id and sends no second failing message', async () => {
    h.fake.forbidden.add(h.fake.world.channelId);
    try {
      const id = h.fake.say(QUESTION, h.newUser());
      await h.fake.replyTo(id);
      await expect(h.fake.waitFor((r) => r.method === 'POST' && r.body?.message_reference?.message_id === id && r.body?.content !== undefined, 500)).rejects.toThrow();
      const logged = h.logs.find((l) => l.includes('no permission to reply in channel'));
      expect(logged).toContain(h.fake.world.channelId);
      expect(h.fake.requests.filter((r) => r.body?.message_reference?.message_id === id)).toHaveLength(1);
    } finally {
      h.fake.forbidden.clear();
    }
  });

  it('counts a vote on an answer posted before a restart, lets the voter change it, and marks the buttons', async () => {
    const user = h.newUser();
    const sent = h.fake.slash('ask', { question: 'How many people were killed in the Sweida rampage on July 25?' }, user);
    await h.fake.edit(sent);
    const message = h.fake.original(sent)!;

    // Restart: a new bot process would be a new client with the same feedback file.
    await h.bot.stop();
    const logs: string[] = [];
    const bot = createBot({ config: h.config, engine: h.engine, log: createLogger('debug', (l) => logs.push(l)) });
    await bot.start();
    try {
      const [up, down] = ['vote:up:', 'vote:down:'].map((p) => customIds(message).find((c) => c.startsWith(p))!);
      const first = await h.fake.callback(h.fake.click(up!, message, user));
      expect(first.body.type).toBe(7);
      expect(first.body.data.components[0].components.map((b: { label?: string }) => b.label ?? '')).toEqual(['1', '']);
      const again = await h.fake.callback(h.fake.click(up!, message, user));
      expect(again.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: expect.stringMatching(/already rated/) } });
      const changed = h.fake.click(down!, message, user);
      expect((await h.fake.callback(changed)).body.data.components[0].components.map((b: { label?: string }) => b.label ?? '')).toEqual(['', '1']);
      expect((await h.fake.followUp(changed)).body.content).toMatch(/changed from your earlier vote/);
      const other = await h.fake.callback(h.fake.click(up!, message, h.newUser()));
      expect(other.body.data.components[0].components.map((b: { label?: string }) => b.label ?? '')).toEqual(['1', '1']);
      expect(await summarizeFeedback(h.config.FEEDBACK_FILE)).toMatchObject({ up: 1, down: 1, total: 2 });
      expect(readFileSync(h.config.FEEDBACK_FILE, 'utf8')).not.toContain(user.id);
    } finally {
      await bot.stop();
    }
    h.bot = createBot({ config: h.config, engine: h.engine, log: createLogger('debug', (l) => h.logs.push(l)) });
    await h.bot.start();
  });

  it('resumes after a recoverable gateway close and keeps answering', async () => {
    const resumes = () => h.fake.frames.filter((f) => f.op === 6).length;
    const before = resumes();
    h.fake.closeGateway(4000);
    for (let i = 0; i < 100 && resumes() === before; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(resumes()).toBe(before + 1);
    const id = h.fake.say(QUESTION, h.newUser());
    expect(embedOf((await h.fake.replyTo(id, 10_000)).body).description).toContain('Al-Qadam');
  });
});

describe("Discord's 3-second window", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(slowEngine(3500));
  });
  afterAll(() => h.stop());

  it('acknowledges at once and edits the answer in after the window, even for queued questions', async () => {
    const sends = Array.from({ length: 6 }, () => h.fake.slash('ask', { question: QUESTION }, h.newUser()));
    for (const sent of sends) expect((await h.fake.callback(sent, 2500)).body.type).toBe(5);
    for (const sent of sends) expect(embedOf((await h.fake.edit(sent, 20_000)).body).description).toContain('Al-Qadam');
    expect(h.fake.lateCallbacks).toEqual([]);
  });
});

describe('fatal gateway close codes', () => {
  it.each([
    [4013, /invalid intents/],
    [4014, /Privileged Gateway Intents/],
  ])('%i while running: one error line naming cause and fix, and the bot stops', async (code, fix) => {
    const h = await startHarness();
    try {
      h.fake.closeGateway(code);
      const log = createLogger('debug', (l) => h.logs.push(l));
      const error = await untilFatal(h.bot, log);
      expect(error.message).toContain(`code ${code}`);
      expect(error.message).toMatch(fix);
      const errors = h.logs.filter((l) => JSON.parse(l).level === 'error');
      expect(errors).toHaveLength(1);
      expect(JSON.parse(errors[0]!).msg).toBe(error.message);
    } finally {
      await h.fake.close();
    }
  });

  it('4004 at login rejects start with the token message', async () => {
    const { FakeDiscord } = await import('./support/fake-discord.js');
    const fake = await FakeDiscord.start();
    fake.closeOnIdentify = 4004;
    const { parseConfig } = await import('../src/config.js');
    const config = parseConfig({ DISCORD_TOKEN: 'MTIz.abc.def-ghi', DISCORD_CLIENT_ID: fake.world.appId, DISCORD_API_URL: fake.apiUrl, FEEDBACK_FILE: '/tmp/newsquote-4004.jsonl' });
    const bot = createBot({ config, engine: makeFakeEngine(), log: createLogger('error', () => undefined) });
    try {
      await expect(bot.start()).rejects.toThrow(/code 4004: authentication failed.*Reset Token/);
    } finally {
      await bot.stop();
      await fake.close();
    }
  });
});
