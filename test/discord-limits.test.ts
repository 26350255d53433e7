// Pure pieces of the Discord front end: typed dates, fair-use limits, button ids, the feedback file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDateInput as parseDate, parseDateRange } from '../src/date-input.js';
import { BoundedMap, makeId, pagerRow, parseId } from '../src/discord/ids.js';
import { checkQuestion, createLimits } from '../src/discord/limits.js';
import { createFeedbackRecorder, formatFeedbackSummary, summarizeFeedback } from '../src/feedback.js';

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

describe('limits', () => {
  it('enforces a per-user cooldown', () => {
    let now = 0;
    const limits = createLimits({ cooldownSeconds: 3, maxConcurrent: 5 }, () => now);
    const first = limits.tryStart('u1');
    expect(first.ok).toBe(true);
    if (first.ok) first.release();
    now = 1000;
    expect(limits.tryStart('u1')).toMatchObject({ ok: false, reason: 'cooldown', retryAfterSeconds: 2 });
    expect(limits.tryStart('u2').ok).toBe(true);
    now = 3000;
    expect(limits.tryStart('u1').ok).toBe(true);
  });

  it('caps concurrent questions and frees the slot on release (once)', () => {
    const limits = createLimits({ cooldownSeconds: 0, maxConcurrent: 2 }, () => 0);
    const a = limits.tryStart('a');
    const b = limits.tryStart('b');
    expect(limits.tryStart('c')).toMatchObject({ ok: false, reason: 'busy' });
    if (a.ok) {
      a.release();
      a.release();
    }
    expect(limits.active).toBe(1);
    expect(limits.tryStart('c').ok).toBe(true);
    expect(b.ok).toBe(true);
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

  it('treats a missing file as no votes and skips malformed lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-'));
    expect(await summarizeFeedback(join(dir, 'none.jsonl'))).toEqual({ up: 0, down: 0, total: 0, mostDownvoted: [] });
    const file = join(dir, 'f.jsonl');
    writeFileSync(file, '{"question":"q","vote":"up"}\nnot json\n{"vote":"sideways"}\n');
    expect(await summarizeFeedback(file)).toMatchObject({ up: 1, down: 0, total: 1 });
  });
});
