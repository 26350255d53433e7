// The bot end to end: the real discord.js client, started by the same createBot() that runBot() uses,
// against the stand-in Discord on 127.0.0.1. The engine is a small fake; startHarness(engine) takes any
// Engine, so the same flows can run against the real one.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EPHEMERAL, TOKEN, customIds, embedOf, expectCleanRun, expectNobodyPinged, startHarness, type Harness } from './support/bot-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe('connecting', () => {
  it('logs in over REST with the token and identifies with the three intents only', async () => {
    const gateway = await h.fake.waitFor((r) => r.route === '/gateway/bot');
    expect(gateway.headers.authorization).toBe(`Bot ${TOKEN}`);
    const identify = h.fake.frames.find((f) => f.op === 2)?.d as { intents: number; token: string };
    // Guilds (1) + GuildMessages (512) + DirectMessages (4096); no MessageContent (32768).
    expect(identify.intents).toBe(1 + 512 + 4096);
    expect(h.bot.client.isReady()).toBe(true);
  });
});

describe('/ask', () => {
  it('defers, then edits in an embed that quotes the article and cites it', async () => {
    const sent = h.fake.slash('ask', { question: 'How many Syrian soldiers did Daesh kill when they entered Al-Qadam?' }, h.newUser());
    expect((await h.fake.callback(sent)).body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = await h.fake.edit(sent);
    const embed = embedOf(edit.body);
    expect(embed.description).toContain('killed 36 Syrian Arab Army soldiers');
    expect(embed.description).toMatch(/\[1\]/);
    expect(embed.fields[0].value).toContain('[1] Daesh moves into Damascus suburb as Syrian regime forces opposition to retreat — Middle East Monitor');
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(customIds(h.fake.original(sent)!)).toEqual([expect.stringMatching(/^vote:up:/), expect.stringMatching(/^vote:down:/)]);
  });

  it('defers ephemerally when private', async () => {
    const sent = h.fake.slash('ask', { question: 'Which Daesh-allied group is surrounded in southwest Daraa?', private: true }, h.newUser());
    expect((await h.fake.callback(sent)).body.data.flags).toBe(EPHEMERAL);
    expect(embedOf((await h.fake.edit(sent)).body).description).toContain('Khaled Ben Al Waleed');
  });

  it('says plainly when the articles have no answer', async () => {
    const sent = h.fake.slash('ask', { question: 'What is the population of Peru?' }, h.newUser());
    const embed = embedOf((await h.fake.edit(sent)).body);
    expect(embed.description).toMatch(/don't answer this question/);
  });

  it('refuses a bad date with a helpful ephemeral message, before deferring', async () => {
    const sent = h.fake.slash('ask', { question: 'Who attacked Yarmouk camp?', from: '31 April 2018' }, h.newUser());
    const cb = await h.fake.callback(sent);
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags).toBe(EPHEMERAL);
    expect(cb.body.data.content).toMatch(/`from` should be a date like 2018-04-19/);
  });

  it('refuses an over-long question', async () => {
    const sent = h.fake.slash('ask', { question: 'why '.repeat(80) }, h.newUser());
    const cb = await h.fake.callback(sent);
    expect(cb.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: expect.stringMatching(/too long.*200/) } });
  });

  it('applies the per-user cooldown', async () => {
    const user = h.newUser();
    const first = h.fake.slash('ask', { question: 'How many fighters were evacuated to the Badia desert?' }, user);
    await h.fake.edit(first);
    const second = h.fake.slash('ask', { question: 'In what year did IS take over Yarmouk?' }, user);
    const cb = await h.fake.callback(second);
    expect(cb.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: expect.stringMatching(/Please wait \d+s/) } });
  });

  it('apologises with an error id when the engine throws, and keeps running', async () => {
    vi.spyOn(h.engine, 'ask').mockRejectedValueOnce(new Error('index exploded'));
    const sent = h.fake.slash('ask', { question: 'Who controls Al-Qadam?' }, h.newUser());
    expect((await h.fake.callback(sent)).body.type).toBe(5);
    const apology = await h.fake.followUp(sent);
    expect(apology.body.flags).toBe(EPHEMERAL);
    const id = /error id `([\w-]+)`/.exec(apology.body.content)?.[1];
    expect(id).toBeTruthy();
    const logged = h.logs.find((l) => l.includes(id!));
    expect(logged).toContain('index exploded');
    expect(logged).toContain('"stack"');

    expect(h.bot.client.isReady()).toBe(true);
    const later = h.fake.slash('ask', { question: 'How many ISIS checkpoints did the Free Syrian Army seize in Eastern Qalamoun?' }, h.newUser());
    expect(embedOf((await h.fake.edit(later)).body).description).toContain('three ISIS security checkpoints');
  });

  it('autocompletes article titles for source:', async () => {
    const sent = h.fake.autocomplete('ask', { question: 'x', source: 'damascus' }, 'source', h.newUser());
    const cb = await h.fake.callback(sent);
    expect(cb.body.type).toBe(8);
    const names = cb.body.data.choices.map((c: { name: string }) => c.name);
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const n of names) expect(n.toLowerCase()).toContain('damascus');
    expect(cb.body.data.choices[0].value).toMatch(/\.txt$/);
  });
});

describe('feedback', () => {
  it('records a 👍 click as one anonymous JSON line, marks the buttons and thanks the voter privately', async () => {
    const user = h.newUser();
    const sent = h.fake.slash('ask', { question: 'How many people were killed in the Sweida rampage on July 25?' }, user);
    await h.fake.edit(sent);
    const message = h.fake.original(sent)!;
    const up = customIds(message).find((id) => id.startsWith('vote:up:'))!;
    const click = h.fake.click(up, message, user);
    // The buttons are marked with the count for everyone; the voter is thanked privately.
    const update = (await h.fake.callback(click)).body;
    expect(update.type).toBe(7);
    expect(update.data.components[0].components.map((b: { label?: string }) => b.label ?? '')).toEqual(['1', '']);
    expect((await h.fake.followUp(click)).body).toMatchObject({ flags: EPHEMERAL, content: 'Thanks — recorded 👍.' });
    const lines = readFileSync(h.config.FEEDBACK_FILE, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const votes = lines.filter((l) => l.vote);
    expect(votes).toHaveLength(1);
    const entry = votes[0]!;
    expect(Object.keys(entry).sort()).toEqual(['answer', 'answerId', 'question', 'sources', 'time', 'vote', 'voter']);
    expect(entry).toMatchObject({ vote: 'up', question: 'How many people were killed in the Sweida rampage on July 25?' });
    const text = readFileSync(h.config.FEEDBACK_FILE, 'utf8');
    expect(text).not.toContain(user.id);
    expect(text).not.toContain(user.username);

    const stats = h.fake.slash('stats', {}, h.newUser());
    const fields = embedOf((await h.fake.callback(stats)).body.data).fields as Array<{ name: string; value: string }>;
    expect(fields.find((f) => f.name === 'Feedback')?.value).toBe('👍 1 · 👎 0');
  });
});

describe('pinging nobody', () => {
  it('neutralises @everyone and sends allowed_mentions parse [] in every message', async () => {
    const viaSlash = h.fake.slash('ask', { question: '@everyone how many Syrian soldiers did Daesh kill in Al-Qadam?' }, h.newUser());
    const edit = await h.fake.edit(viaSlash);
    expect(edit.body.embeds[0].title).toContain('@\u200beveryone');
    const viaMention = h.fake.say('@everyone @here how many soldiers did Daesh kill in Al-Qadam?', h.newUser());
    const reply = await h.fake.replyTo(viaMention);
    expect(JSON.stringify(reply.body)).not.toMatch(/@everyone|@here/);

    expect(expectNobodyPinged(h.fake)).toBeGreaterThan(10);
  });
});

describe('housekeeping', () => {
  it('never logs the token, calls only known routes, and pinged nobody in any message', () => {
    expectCleanRun(h);
    expect(expectNobodyPinged(h.fake)).toBeGreaterThan(10);
  });
});
