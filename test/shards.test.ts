// `SHARDS=2 npm start` as a real process: discord.js's ShardingManager starts two shard processes, each
// IDENTIFYs with its shard id to the loopback Discord, which sends every guild's events to the shard
// owning it. Both shards answer from the same Postgres index (PGlite over the wire), and a user's
// cooldown, kept in Postgres, holds across shards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder, LOCAL_MODEL_ID } from '../src/embed.js';
import { ingestCorpus } from '../src/ingest.js';
import { pgliteDb, servePglite } from '../src/pg/pglite.js';
import { FakeDiscord, guildShard } from './support/fake-discord.js';
import type { FakeUser } from './support/fake-payloads.js';
import { runBin, type BinRun } from './support/run-bin.js';

const TOKEN = 'MTIz.abc.def-ghi';
let fake: FakeDiscord;
let db: Awaited<ReturnType<typeof pgliteDb>>;
let served: Awaited<ReturnType<typeof servePglite>>;
let bot: BinRun;
let feedbackDir: string;
let otherGuild: string;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  // A second guild that Discord's formula, (id >> 22) % 2, puts on the other shard.
  otherGuild = String(BigInt(fake.world.guildId) + (1n << 22n));
  expect(guildShard(otherGuild, 2)).not.toBe(guildShard(fake.world.guildId, 2));
  fake.extraGuilds.push(otherGuild);
  db = await pgliteDb();
  await ingestCorpus({ corpusDir: 'seeds', indexDir: 'unused', embedder: await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: '.cache/models' }), db });
  served = await servePglite(db.pglite);
  feedbackDir = await mkdtemp(path.join(tmpdir(), 'shards-feedback-'));
  bot = runBin('start', [], {
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: fake.world.appId,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_URL: served.url,
    SHARDS: '2',
    SHARD_SPAWN_DELAY: '0',
    COOLDOWN_SECONDS: '60',
    FEEDBACK_FILE: path.join(feedbackDir, 'feedback.jsonl'),
    LOG_LEVEL: 'info',
  });
  // Ready when the manager says every shard is.
  const deadline = Date.now() + 240_000;
  let out = '';
  bot.child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  while (!out.includes('all shards ready')) {
    if (Date.now() > deadline || bot.child.exitCode !== null) throw new Error(`shards did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});
afterAll(async () => {
  if (bot && bot.child.exitCode === null) {
    bot.child.kill('SIGTERM');
    await bot.done;
  }
  await served?.stop();
  await db?.close();
  await fake?.close();
  if (feedbackDir) await rm(feedbackDir, { recursive: true, force: true });
});

const user = (n: number): FakeUser => ({ id: `7000000000000${String(n).padStart(5, '0')}`, username: `reader${n}` });

describe('two shards', () => {
  it('identify with their shard ids, and each guild is answered by its own shard from the shared index', async () => {
    expect(fake.identifiedShards).toEqual([0, 1]);
    const frames = fake.frames.filter((f) => f.op === 2).map((f) => (f.d as { shard: [number, number] }).shard);
    expect(frames.sort()).toEqual([[0, 2], [1, 2]]);
    for (const [i, guildId] of [fake.world.guildId, otherGuild].entries()) {
      const sent = fake.slash('ask', { question: 'How many Syrian soldiers did Daesh kill when they entered Al-Qadam?' }, user(i + 1), { guildId });
      const edit = await fake.edit(sent, 60_000);
      expect(JSON.stringify(edit.body)).toMatch(/killed (\*\*)?36(\*\*)? Syrian Arab Army soldiers/);
    }
  });

  it('keeps a user’s cooldown across shards (held in Postgres)', async () => {
    const reader = user(9);
    const first = fake.slash('ask', { question: 'Who attacked Yarmouk camp?' }, reader);
    await fake.edit(first, 60_000);
    const second = fake.slash('ask', { question: 'Who attacked Yarmouk camp?' }, reader, { guildId: otherGuild });
    const refused = await fake.callback(second, 30_000);
    expect(refused.body).toMatchObject({ type: 4, data: { content: expect.stringMatching(/Please wait \d+s/) } });
  });

  it('stops every shard on SIGTERM', async () => {
    bot.child.kill('SIGTERM');
    const result = await bot.done;
    expect(result.code).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.identifiedShards).toEqual([]);
  });
});
