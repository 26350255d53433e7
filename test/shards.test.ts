// `SHARDS=2 npm start` as a real process: discord.js's ShardingManager starts two shard processes, each
// IDENTIFYs with its shard id to the loopback Discord, which sends every guild's events to the shard
// owning it. Both shards answer from the same Postgres index (PGlite over the wire); a user's
// cooldown, and the answers and votes, kept in Postgres, hold across shards and shard restarts.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder, LOCAL_MODEL_ID } from '../src/embed.js';
import { ingestCorpus } from '../src/ingest.js';
import { pgliteDb, servePglite } from '../src/pg/pglite.js';
import { customIds, embedOf } from './support/bot-harness.js';
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
/** Everything the manager and its shards logged (shards inherit the manager's standard error). */
let out = '';

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

  it('keeps answers and votes in Postgres: the other shard counts a vote, and the answer outlives its shard’s process', async () => {
    const asker = user(20);
    const voter = user(21);
    const sent = fake.slash('ask', { question: 'How many fighters were evacuated from Yarmouk?' }, asker, { guildId: otherGuild });
    await fake.edit(sent, 60_000);
    const message = fake.original(sent)!;
    const [up, down] = ['vote:up:', 'vote:down:'].map((p) => customIds(message).find((c) => c.startsWith(p))!);
    const labels = (r: { body: any }) => r.body.data.components[0].components.map((b: { label?: string }) => b.label ?? '');

    // 👍 on the shard that posted the answer; the other shard's /stats counts it.
    expect(labels(await fake.callback(fake.click(up!, message, voter, { guildId: otherGuild }), 30_000))).toEqual(['1', '']);
    const stats = await fake.callback(fake.slash('stats', {}, user(22)), 30_000);
    expect(embedOf(stats.body.data).fields.find((f: { name: string }) => f.name === 'Feedback')?.value).toBe('👍 1 · 👎 0');
    // A resharding moves guilds between shards: a click under an old answer then reaches a shard
    // process that never saw it, and finds it in Postgres.
    expect(labels(await fake.callback(fake.click(up!, message, user(23), { guildId: fake.world.guildId }), 30_000))).toEqual(['2', '']);

    // The answering shard's process is killed; the manager starts it again, and the voter changes their vote there.
    const readyBefore = out.split('discord bot ready').length;
    process.kill(await shardPid(bot.child.pid!, guildShard(otherGuild, 2)), 'SIGKILL');
    const deadline = Date.now() + 120_000;
    while (out.split('discord bot ready').length === readyBefore || fake.identifiedShards.length < 2) {
      if (Date.now() > deadline) throw new Error(`the shard did not come back:\n${out.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(out).toContain('shard process exited; restarting it');
    const changed = fake.click(down!, message, voter, { guildId: otherGuild });
    expect(labels(await fake.callback(changed, 30_000))).toEqual(['1', '1']);
    expect((await fake.followUp(changed, 30_000)).body.content).toMatch(/changed from your earlier vote/);

    // `npm run feedback` reads the same tally from the database; the per-machine file was never written.
    const report = await runBin('feedback', [], { DATABASE_URL: served.url, FEEDBACK_FILE: path.join(feedbackDir, 'feedback.jsonl') }).done;
    expect(report.stdout).toContain('Feedback in Postgres (DATABASE_URL): 2 votes — 👍 1, 👎 1');
    expect(existsSync(path.join(feedbackDir, 'feedback.jsonl'))).toBe(false);
  });

  it('stops every shard on SIGTERM', async () => {
    bot.child.kill('SIGTERM');
    const result = await bot.done;
    expect(result.code).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.identifiedShards).toEqual([]);
  });
});

/** The pid of shard `id`'s process: a child of the manager whose environment says SHARDS=id (discord.js sets it). */
async function shardPid(managerPid: number, id: number): Promise<number> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === managerPid && (await readFile(`/proc/${entry}/environ`, 'utf8')).split('\0').includes(`SHARDS=${id}`)) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  throw new Error(`no process for shard ${id} under ${managerPid}`);
}
