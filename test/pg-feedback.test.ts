// The feedback store shards share (src/pg/feedback.ts) against real Postgres (PGlite in-process): the
// same behaviour as the feedback file behind the same interface, votes from two shards racing on one
// answer, moving a file into Postgres; and the per-user turn shards share (src/pg/shared.ts): a user
// who reaches two shard processes still has one question at a time.
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFeedbackRecorder, summarizeFeedback, voterKey, type FeedbackRecorder, type Vote } from '../src/feedback.js';
import { importFeedbackFile, pgFeedbackRecorder, summarizePgFeedback } from '../src/pg/feedback.js';
import { pgliteDb } from '../src/pg/pglite.js';
import { migrate } from '../src/pg/schema.js';
import { claimTurn, sharedQueue } from '../src/pg/shared.js';

let db: Awaited<ReturnType<typeof pgliteDb>>;
let dir: string;
let files = 0;

beforeAll(async () => {
  db = await pgliteDb();
  await migrate(db);
  dir = await mkdtemp(path.join(tmpdir(), 'pg-feedback-'));
});
afterAll(async () => {
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.query('TRUNCATE nq_votes, nq_answers, nq_cooldowns');
});

const SOURCES = [{ n: 1, source: 'a.txt', title: 'A', publisher: 'SANA', date: '2018-04-19' }];
const answer = (id: string, question: string) => ({ id, time: new Date().toISOString(), question, answer: `answer to ${question}`, abstained: false, sources: SOURCES });

/** A vote as the bot records it (src/discord/votes.ts). */
function vote(store: FeedbackRecorder, answerId: string, question: string, user: string, v: Vote, time = new Date().toISOString()) {
  return store.record({ time, question, answer: `answer to ${question}`, sources: [], vote: v, answerId, voter: voterKey(answerId, user) });
}

// Each store, and how a restarted process (or another shard) opens it again.
const stores: Array<[string, () => { open: () => FeedbackRecorder }]> = [
  ['the feedback file', () => {
    const file = path.join(dir, `feedback-${files++}.jsonl`);
    return { open: () => createFeedbackRecorder(file) };
  }],
  ['Postgres', () => ({ open: () => pgFeedbackRecorder(db) })],
];

describe.each(stores)('feedback store: %s', (_name, make) => {
  it('finds an answer by id and by message after a restart, and counts each voter once with their latest vote', async () => {
    const where = make();
    const first = where.open();
    await first.remember(answer('a1', 'Who attacked Yarmouk?'));
    await first.link('a1', 'm1');
    await vote(first, 'a1', 'Who attacked Yarmouk?', 'u1', 'up');
    await vote(first, 'a1', 'Who attacked Yarmouk?', 'u1', 'down');
    await vote(first, 'a1', 'Who attacked Yarmouk?', 'u2', 'up');

    const again = where.open();
    expect(await again.answer('a1')).toMatchObject({ kind: 'answer', id: 'a1', question: 'Who attacked Yarmouk?', sources: SOURCES, messageId: 'm1', abstained: false });
    expect((await again.answerByMessage('m1'))?.id).toBe('a1');
    expect(await again.answer('nope')).toBeUndefined();
    expect(await again.answerByMessage('nope')).toBeUndefined();
    expect(await again.votes('a1', voterKey('a1', 'u1'))).toEqual({ mine: 'down', up: 1, down: 1 });
    expect(await again.votes('a1', voterKey('a1', 'u3'))).toEqual({ up: 1, down: 1 });
    expect(await again.votes('a2', voterKey('a2', 'u1'))).toEqual({ up: 0, down: 0 });
  });

  it('summarises like `npm run feedback`: one question however it is typed, most down-voted first', async () => {
    const store = make().open();
    const asked = [['q1', 'Who?'], ['q2', '  who? '], ['q3', 'Where?'], ['q4', 'When?']] as const;
    for (const [id, q] of asked) await store.remember(answer(id, q));
    const at = (s: number) => `2024-05-01T10:00:0${s}.000Z`;
    await vote(store, 'q1', 'Who?', 'u1', 'down', at(1));
    await vote(store, 'q2', '  who? ', 'u2', 'down', at(2));
    await vote(store, 'q3', 'Where?', 'u1', 'down', at(3));
    await vote(store, 'q3', 'Where?', 'u2', 'up', at(4));
    await vote(store, 'q4', 'When?', 'u1', 'up', at(5));
    expect(await store.summary()).toEqual({
      up: 2, down: 3, total: 5,
      mostDownvoted: [{ question: 'Who?', down: 2, up: 0 }, { question: 'Where?', down: 1, up: 1 }],
    });
  });

  it('keeps a vote whose answer record is missing (its write failed) instead of losing it', async () => {
    const store = make().open();
    await vote(store, 'lost', 'Who?', 'u1', 'down');
    expect(await store.votes('lost', voterKey('lost', 'u1'))).toEqual({ mine: 'down', up: 0, down: 1 });
    expect(await store.summary()).toMatchObject({ down: 1, mostDownvoted: [{ question: 'Who?', down: 1, up: 0 }] });
  });
});

describe('feedback in Postgres shared by shards', () => {
  it('records votes racing from two shards on one answer: one row per voter, counts exact', async () => {
    const [shard0, shard1] = [pgFeedbackRecorder(db), pgFeedbackRecorder(db)];
    await shard0.remember(answer('hot', 'Who controls Al-Qadam?'));
    const voters = Array.from({ length: 40 }, (_, i) => `user${i}`);
    // Every voter clicks on both shards at once (👍 on one, 👎 on the other), and again.
    await Promise.all(
      voters.flatMap((u, i) => [
        vote(i % 2 ? shard0 : shard1, 'hot', 'Who controls Al-Qadam?', u, 'up'),
        vote(i % 2 ? shard1 : shard0, 'hot', 'Who controls Al-Qadam?', u, 'down'),
        vote(shard0, 'hot', 'Who controls Al-Qadam?', u, i < 10 ? 'up' : 'down'),
      ]),
    );
    const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM nq_votes WHERE answer_id = 'hot'`);
    expect(rows[0]?.n).toBe(40);
    const tally = await shard1.votes('hot', voterKey('hot', 'nobody'));
    expect(tally.up + tally.down).toBe(40);
    expect(await shard1.summary()).toMatchObject({ total: 40 });
  });

  it('keeps the later of two clicks whichever shard writes last', async () => {
    const [shard0, shard1] = [pgFeedbackRecorder(db), pgFeedbackRecorder(db)];
    await shard0.remember(answer('a', 'Who?'));
    await vote(shard0, 'a', 'Who?', 'u1', 'down', '2024-05-01T10:00:02.000Z');
    await vote(shard1, 'a', 'Who?', 'u1', 'up', '2024-05-01T10:00:01.000Z'); // arrives late, clicked earlier
    expect(await shard1.votes('a', voterKey('a', 'u1'))).toEqual({ mine: 'down', up: 0, down: 1 });
  });

  it('moves a feedback file into Postgres: the same tally, old buttons still count, a second import changes nothing', async () => {
    const file = path.join(dir, 'move.jsonl');
    const old = createFeedbackRecorder(file);
    await old.remember(answer('f1', 'Who?'));
    await old.link('f1', 'mf1');
    await vote(old, 'f1', 'Who?', 'u1', 'up');
    await vote(old, 'f1', 'Who?', 'u1', 'down');
    await vote(old, 'f1', 'Who?', 'u2', 'down');
    await old.summary();
    // Lines from before votes carried ids, and a line torn by a crash.
    await appendFile(file, '{"time":"2023-01-01T00:00:00.000Z","question":"Where?","answer":"x","sources":[],"vote":"up"}\n{"kind":"answer","id":"to');

    expect(await importFeedbackFile(db, file)).toEqual({ answers: 1, votes: 3 });
    const inFile = await summarizeFeedback(file);
    expect(await summarizePgFeedback(db)).toEqual(inFile);
    expect(inFile).toMatchObject({ up: 1, down: 2, total: 3 });
    const store = pgFeedbackRecorder(db);
    expect((await store.answerByMessage('mf1'))?.question).toBe('Who?');
    expect(await store.votes('f1', voterKey('f1', 'u1'))).toEqual({ mine: 'down', up: 0, down: 2 });

    // The bot votes on in Postgres; importing the old file again neither duplicates nor undoes that.
    await vote(store, 'f1', 'Who?', 'u1', 'up');
    await importFeedbackFile(db, file);
    expect(await summarizePgFeedback(db)).toMatchObject({ up: 2, down: 1, total: 3 });
    expect(await store.votes('f1', voterKey('f1', 'u1'))).toEqual({ mine: 'up', up: 1, down: 1 });
  });
});

describe('a user reaching two shards (a guild on one, DMs on shard 0)', () => {
  const options = { cooldownSeconds: 0, maxConcurrent: 2, maxWaitMs: 30_000 };

  it('has one question in flight across both: the second shard refuses until the first answers', async () => {
    const [guildShard, dmShard] = [sharedQueue(db, options), sharedQueue(db, options)];
    const first = await guildShard.admit('reader');
    if (!first.ok) throw new Error(`refused: ${first.message}`);
    let finish!: () => void;
    const answering = first.run(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(await dmShard.admit('reader')).toMatchObject({ ok: false, reason: 'pending', message: expect.stringMatching(/previous question/) });
    // Someone else is not held up.
    const other = await dmShard.admit('someone-else');
    expect(other.ok).toBe(true);
    if (other.ok) await other.run(async () => undefined);
    finish();
    await answering;
    const next = await dmShard.admit('reader');
    expect(next.ok).toBe(true);
    if (next.ok) await next.run(async () => undefined);
  });

  it('shares the cooldown, and a question the full queue refused costs no turn on the other shard', async () => {
    const cooled = { ...options, cooldownSeconds: 60 };
    const [a, b] = [sharedQueue(db, cooled), sharedQueue(db, cooled)];
    const first = await a.admit('reader');
    if (first.ok) await first.run(async () => undefined);
    expect(await b.admit('reader')).toMatchObject({ ok: false, reason: 'cooldown', message: expect.stringMatching(/Please wait (59|60)s/) });

    // A shard whose queue is full (one answer running, no wait allowed) refuses; the user can ask elsewhere.
    const full = sharedQueue(db, { cooldownSeconds: 60, maxConcurrent: 1, maxWaitMs: 0 });
    const busy = await full.admit('busy-user');
    let release!: () => void;
    const running = busy.ok ? busy.run(() => new Promise<void>((r) => (release = r))) : Promise.reject(new Error('refused'));
    expect(await full.admit('late-user')).toMatchObject({ ok: false, reason: 'full' });
    const elsewhere = await b.admit('late-user');
    expect(elsewhere.ok).toBe(true);
    if (elsewhere.ok) await elsewhere.run(async () => undefined);
    release();
    await running;
  });

  it('lets a question in flight on a shard that died lapse after its lease', async () => {
    expect(await claimTurn(db, 'orphan', 0, 0.3)).toEqual({ ok: true });
    expect(await claimTurn(db, 'orphan', 0, 0.3)).toEqual({ ok: false, reason: 'pending' });
    await new Promise((r) => setTimeout(r, 400));
    expect(await claimTurn(db, 'orphan', 0, 0.3)).toEqual({ ok: true });
  });
});
