// Pure pieces of the Discord front end: typed dates, the question queue, button ids, the feedback file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDateInput as parseDate, parseDateRange } from '../src/date-input.js';
import { BoundedMap, makeId, pagerRow, parseId } from '../src/discord/ids.js';
import { checkQuestion, createQuestionQueue } from '../src/discord/limits.js';
import { createFeedbackRecorder, formatFeedbackSummary, summarizeFeedback, voterKey } from '../src/feedback.js';

describe('dates', () => {
  it.each([
    ['2018-04-19', '2018-04-19'],
    ['2018-4-9', '2018-04-09'],
    ['19 April 2018', '2018-04-19'],
    ['19 April, 2018', '2018-04-19'],
    ['19th Apr 2018', '2018-04-19'],
    ['April 19, 2018', '2018-04-19'],
    ['Sept. 3 2018', '2018-09-03'],
    ['29 February 2020', '2020-02-29'],
  ])('%s → %s', (input, expected) => expect(parseDate(input)).toBe(expected));

  it.each(['31 April 2018', '2018-13-01', '29 February 2019', 'yesterday', '19/04/2018', 'Ma 3 2018', ''])('rejects %j', (input) =>
    expect(parseDate(input)).toBeUndefined(),
  );

  it('validates a range and names the bad option', () => {
    expect(parseDateRange('1 May 2018', null)).toEqual({ ok: true, from: '2018-05-01' });
    expect(parseDateRange(undefined, 'soon')).toMatchObject({ ok: false, message: expect.stringContaining('`to`') });
    expect(parseDateRange('2018-06-01', '2018-05-01')).toMatchObject({ ok: false, message: expect.stringContaining('after') });
  });
});

describe('question queue', () => {
  /** A job that finishes when the test says so. */
  function gate() {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  }

  it('enforces a per-user cooldown from the moment a question is queued', async () => {
    let now = 0;
    const queue = createQuestionQueue({ cooldownSeconds: 3, maxConcurrent: 5, maxWaitMs: 10_000 }, () => now);
    const first = queue.admit('u1');
    expect(first.ok).toBe(true);
    if (first.ok) await first.run(async () => undefined);
    now = 1000;
    expect(queue.admit('u1')).toMatchObject({ ok: false, reason: 'cooldown', message: expect.stringMatching(/wait 2s/) });
    now = 3000;
    const again = queue.admit('u1');
    expect(again.ok).toBe(true);
    if (again.ok) await again.run(async () => undefined);
  });

  it('queues a burst instead of refusing it, answering at most maxConcurrent at once', async () => {
    const queue = createQuestionQueue({ cooldownSeconds: 0, maxConcurrent: 2, maxWaitMs: 60_000, initialServiceMs: 100 });
    const g = gate();
    let peak = 0;
    const done = Array.from({ length: 10 }, (_, i) => {
      const a = queue.admit(`u${i}`);
      if (!a.ok) throw new Error(a.message);
      return a.run(async () => {
        peak = Math.max(peak, queue.running);
        await g.opened;
        return i;
      });
    });
    expect(queue.waiting + queue.running).toBe(10);
    g.open();
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(2);
  });

  it('holds one question per user, and refuses when the estimated wait passes the limit', async () => {
    const queue = createQuestionQueue({ cooldownSeconds: 0, maxConcurrent: 1, maxWaitMs: 2_500, initialServiceMs: 1000 });
    const g = gate();
    const runs: Array<Promise<unknown>> = [];
    for (const user of ['a', 'b', 'c']) {
      const a = queue.admit(user);
      if (!a.ok) throw new Error(a.message);
      runs.push(a.run(() => g.opened));
    }
    expect(queue.admit('a')).toMatchObject({ ok: false, reason: 'pending' });
    // Three ahead at one a second on one worker: 3 s > 2.5 s.
    expect(queue.admit('d')).toMatchObject({ ok: false, reason: 'full', message: expect.stringMatching(/about 3s/) });
    g.open();
    await Promise.all(runs);
    expect(queue.admit('a').ok).toBe(true);
  });

  it('lets a user who has asked less go before one who has asked a lot', async () => {
    const queue = createQuestionQueue({ cooldownSeconds: 0, maxConcurrent: 1, maxWaitMs: 60_000 });
    const order: string[] = [];
    const ask = async (user: string) => {
      const a = queue.admit(user);
      if (!a.ok) throw new Error(a.message);
      return a.run(async () => void order.push(user));
    };
    for (let i = 0; i < 3; i++) await ask('heavy');
    order.length = 0;
    const g = gate();
    const blocker = queue.admit('blocker');
    if (!blocker.ok) throw new Error('blocker');
    const held = blocker.run(() => g.opened);
    const later = [ask('heavy'), ask('light')];
    g.open();
    await Promise.all([held, ...later]);
    expect(order).toEqual(['light', 'heavy']);
  });

  it('checks question length and emptiness', () => {
    expect(checkQuestion('   ', 50)).toEqual({ kind: 'empty' });
    expect(checkQuestion(' who? ', 50)).toEqual({ kind: 'ok', question: 'who?' });
    expect(checkQuestion('x'.repeat(51), 50)).toMatchObject({ kind: 'too-long', message: expect.stringContaining('50') });
  });
});

describe('button ids', () => {
  it('round-trips and refuses ids over 100 characters', () => {
    expect(parseId(makeId('search', 'next', 'abc', 3))).toEqual({ prefix: 'search', parts: ['next', 'abc', '3'] });
    expect(() => makeId('x', 'y'.repeat(100))).toThrow(/100/);
  });

  it('gives Previous and Next distinct ids even on a single page', () => {
    const [prev, next] = pagerRow('sources', null, 0, 1).components.map((b) => ('custom_id' in b ? b : undefined));
    expect(prev!.custom_id).not.toBe(next!.custom_id);
    expect(prev!.disabled && next!.disabled).toBe(true);
  });

  it('forgets the least recently used entries', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2);
    map.get('a');
    map.set('c', 3);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([1, undefined, 3]);
  });
});

describe('feedback file', () => {
  it('appends lines and summarises them, most down-voted first', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fb-')), 'nested', 'feedback.jsonl');
    const recorder = createFeedbackRecorder(file);
    const vote = (question: string, v: 'up' | 'down') =>
      recorder.record({ time: new Date().toISOString(), question, answer: 'a', sources: [], vote: v });
    await Promise.all([vote('Who?', 'down'), vote('who? ', 'down'), vote('Where?', 'down'), vote('Where?', 'up'), vote('When?', 'up')]);
    const summary = await recorder.summary();
    expect(summary).toMatchObject({ up: 2, down: 3, total: 5 });
    expect(summary.mostDownvoted[0]).toEqual({ question: 'Who?', down: 2, up: 0 });
    expect(formatFeedbackSummary(file, summary)).toContain('👍 2, 👎 3');
  });

  it('keeps answers and votes across a restart, closes a torn line, and counts a changed vote once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fb-')), 'feedback.jsonl');
    // A crash mid-write left half a line at the end of the file.
    writeFileSync(file, '{"question":"old","vote":"up"}\n{"kind":"answer","id":"tor');
    const before = createFeedbackRecorder(file);
    await before.remember({ id: 'a1', time: 't', question: 'Who?', answer: 'x', abstained: false, sources: [{ n: 1, source: 's.txt', title: 'S' }] });
    await before.link('a1', 'm1');
    const vote = (v: 'up' | 'down', voter: string) =>
      before.record({ time: 't', question: 'Who?', answer: 'x', sources: [], vote: v, answerId: 'a1', voter: voterKey('a1', voter) });
    await vote('up', 'u1');
    await vote('down', 'u1');
    await vote('up', 'u2');

    const after = createFeedbackRecorder(file);
    expect((await after.answerByMessage('m1'))?.question).toBe('Who?');
    expect(await after.votes('a1', voterKey('a1', 'u1'))).toEqual({ mine: 'down', up: 1, down: 1 });
    expect(await after.summary()).toMatchObject({ up: 2, down: 1, total: 3 });
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[1]).toBe('{"kind":"answer","id":"tor');
    expect(JSON.parse(lines[2]!)).toMatchObject({ kind: 'answer', id: 'a1' });
    expect(voterKey('a1', 'u1')).not.toContain('u1');
  });

  it('treats a missing file as no votes and skips malformed lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-'));
    expect(await summarizeFeedback(join(dir, 'none.jsonl'))).toEqual({ up: 0, down: 0, total: 0, mostDownvoted: [] });
    const file = join(dir, 'f.jsonl');
    writeFileSync(file, '{"question":"q","vote":"up"}\nnot json\n{"vote":"sideways"}\n');
    expect(await summarizeFeedback(file)).toMatchObject({ up: 1, down: 0, total: 1 });
  });
});
