import { describe, expect, it } from 'vitest';
import { composeAbstention, composeAnswer, dateSpan, formatDate, sourceLine, toCitations, type Quote } from '../src/compose.js';
import type { Chunk } from '../src/types.js';

const article = {
  text: 'Daesh militants have moved into a suburb. They killed 36 soldiers.\n\nTalks failed on Thursday.',
};
function chunk(source: string, extra: Partial<Chunk> = {}): Chunk {
  return { id: `${source}#0`, source, title: `Title of ${source}`, ordinal: 0, start: 0, end: article.text.length, text: article.text, ...extra };
}
function quote(c: Chunk, start: number, end: number, score = 1): Quote {
  return { chunk: c, start, end, text: article.text.slice(start, end), score };
}

describe('compose', () => {
  it('numbers citations by article and lists each source once', () => {
    const a = chunk('a.txt', { publisher: 'AFP', date: '2018-08-01' });
    const b = chunk('b.txt');
    const answer = composeAnswer('q', [quote(a, 0, 41), quote(b, 42, 66), quote(a, 68, 93)]);
    expect(answer.citations.map((c) => c.n)).toEqual([1, 2, 1]);
    expect(answer.answer).toContain('AFP, 1 August 2018: “Daesh militants have moved into a suburb.” [1]');
    expect(answer.answer).toContain('“They killed 36 soldiers.” [2]');
    expect(answer.answer.match(/^\[1\] /gm)).toHaveLength(1);
    expect(answer.answer).toContain('[1] Title of a.txt — AFP, 1 August 2018 (a.txt)');
    expect(answer.answer).toContain('[2] Title of b.txt (b.txt)');
    for (const c of answer.citations) expect(article.text.slice(c.start, c.end)).toBe(c.quote);
    expect(answer.abstained).toBe(false);
  });

  it('keeps the answer within 2,000 characters by trimming quotes, not citations', () => {
    const long = 'word '.repeat(600).trim() + '.';
    const c: Chunk = { id: 'x#0', source: 'x.txt', title: 'X', ordinal: 0, start: 0, end: long.length, text: long };
    const q: Quote = { chunk: c, start: 0, end: long.length, text: long, score: 1 };
    const answer = composeAnswer('q', [q, { ...q, chunk: { ...c, source: 'y.txt' } }]);
    expect(answer.answer.length).toBeLessThanOrEqual(2000);
    expect(answer.answer).toContain('…” [1]');
    expect(answer.answer).toContain('[2] X (y.txt)');
    // The citation itself still carries the full verbatim quote.
    expect(answer.citations[0]?.quote).toBe(long);
  });

  it('names the date span of multi-day answers', () => {
    const cites = toCitations([
      quote(chunk('a', { date: '2018-08-01' }), 0, 10),
      quote(chunk('b', { date: '2018-04-19' }), 0, 10),
    ]);
    expect(dateSpan(cites)).toBe('reports from 19 April to 1 August 2018');
    expect(dateSpan(cites.slice(0, 1))).toBeUndefined();
    expect(formatDate('2018-04-28')).toBe('28 April 2018');
    expect(sourceLine({ n: 3, title: 'T', source: 's.txt', publisher: 'MEE' })).toBe('[3] T — MEE (s.txt)');
  });

  it('abstains plainly and names related articles', () => {
    const a = composeAbstention('Who won?', [{ source: 'a.txt', title: 'A story', chunks: 2, publisher: 'AFP' }]);
    expect(a.abstained).toBe(true);
    expect(a.citations).toEqual([]);
    expect(a.answer).toMatch(/do not answer/);
    expect(a.answer).toContain('Possibly related:\n• A story — AFP (a.txt)');
  });
});
