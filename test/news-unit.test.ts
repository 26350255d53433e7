// The news step on small plain objects: figures, claims, wire copies, notes, the extra quote, timelines.
import { describe, expect, it } from 'vitest';
import { composeAnswer, type Quote } from '../src/compose.js';
import { findEventDates } from '../src/dates.js';
import { extractFigures, questionFact } from '../src/figures.js';
import { collapseCopies, countsOtherFact, groupCopies, isWireCopy, markCopies, newsNotes, newsQuotes, places, type CitedText } from '../src/news.js';
import { buildTimeline, eventDate } from '../src/timeline.js';
import type { Chunk, ScoredChunk } from '../src/types.js';

const figures = (text: string) => extractFigures(text).map((f) => [f.value, f.side, f.outcome, f.text]);

function chunk(source: string, text: string, date?: string, publisher?: string): Chunk {
  return { id: `${source}#0`, source, title: `Title ${source}`, ordinal: 0, start: 0, end: text.length, text, ...(date ? { date } : {}), ...(publisher ? { publisher } : {}) };
}
/** A one-sentence article as a quote candidate. */
function sentence(source: string, text: string, score = 1, date?: string, publisher?: string): Quote & { evidence: number } {
  return { chunk: chunk(source, text, date, publisher), start: 0, end: text.length, text, score, evidence: score };
}
const cited = (n: number, source: string, quote: string, date?: string): CitedText => ({ n, source, quote, ...(date ? { date } : {}) });

describe('figures', () => {
  it('reads a count of people with its side and outcome', () => {
    expect(figures('The so-called Islamic State killed 36 Syrian Arab Army soldiers as they entered the district.')).toEqual([
      [36, 'government', 'killed', '36 Syrian Arab Army soldiers killed'],
    ]);
    expect(figures('At least 79 government fighters have also been killed, the Observatory said.')).toEqual([
      [79, 'government', 'killed', 'at least 79 government fighters killed'],
    ]);
    expect(figures('At least seven ISIS militants and four rebel fighters were killed in the clashes.')).toEqual([
      [7, 'militants', 'killed', 'at least seven ISIS militants killed'],
      [4, 'rebels', 'killed', 'four rebel fighters killed'],
    ]);
    expect(figures('a rampage that left more than 250 people dead')).toEqual([[250, 'people', 'killed', 'more than 250 people dead']]);
    expect(figures('Two hundred civilians were wounded.')).toEqual([[200, 'people', 'wounded', 'Two hundred civilians wounded']]);
  });

  it('ignores years, counts of things, and counts with nothing happening to them', () => {
    expect(figures('In 2018 soldiers were killed.')).toEqual([]);
    expect(figures('They fired 30 missile strikes and killed no one.')).toEqual([]);
    expect(figures('The deal moved some 1,200 fighters to the desert.')).toEqual([]);
  });

  it('reads what a question asks to count', () => {
    expect(questionFact('How many soldiers were killed in Qadam?')).toEqual({ side: 'government', outcome: 'killed' });
    expect(questionFact('What is the number of IS fighters who died?')).toEqual({ side: 'militants', outcome: 'killed' });
    expect(questionFact('How many people were injured?')).toEqual({ outcome: 'wounded' }); // "people" names no side
    // The counted phrase decides, not the actor: Daesh did the kidnapping, the women were counted.
    expect(questionFact('How many Druze women and children did Daesh kidnap?')).toEqual({ outcome: 'kidnapped' });
    expect(questionFact('How many IS militants have government forces killed?')).toEqual({ side: 'militants', outcome: 'killed' });
    expect(questionFact('How many died in the regime offensive?')).toEqual({ outcome: 'killed' });
  });

  it('finds the places a sentence names', () => {
    expect([...places('a surprise attack near the town of Mayadeen, eastern Syria')]).toEqual(['mayadeen']);
    expect([...places('They entered the district of Al-Qadam on Saturday in May.')]).toEqual(['qadam']);
  });
});

describe('wire copies', () => {
  const a = 'The Syrian government forces have killed 68 IS militants over the last few days, the Observatory said.';
  const b = 'Syrian government forces have killed 68 IS militants over the past few days, the Observatory said.';
  it('tells a republished sentence from a different one', () => {
    expect(isWireCopy(a, b)).toBe(true);
    expect(isWireCopy(a, 'At least 79 government fighters have also been killed, the Observatory said.')).toBe(false);
  });

  it('groups copies across outlets only, keeping the first one’s place', () => {
    const items = [{ s: 'x', t: a }, { s: 'y', t: 'Something else entirely.' }, { s: 'z', t: b }, { s: 'x', t: b }];
    expect(groupCopies(items, (i) => i.t, (i) => i.s).map((g) => g.map((i) => i.s))).toEqual([['x', 'z'], ['y'], ['x']]);
  });

  it('marks a cited copy with the marker of the quote it repeats', () => {
    const marked = markCopies([cited(1, 'x', a), cited(2, 'y', 'Other words here.'), cited(3, 'z', b)]);
    expect(marked.map((c) => c.copyOf)).toEqual([undefined, undefined, 1]);
  });

  it('folds republished search hits into one, keeping every outlet', () => {
    const hit = (source: string, text: string, score: number): ScoredChunk => ({ chunk: chunk(source, text), score, keyword: score, vector: score });
    const hits = collapseCopies([hit('x', a, 0.9), hit('y', 'Other words here.', 0.8), hit('z', b, 0.7)]);
    expect(hits.map((h) => [h.chunk.source, h.copies?.map((c) => c.source)])).toEqual([['x', ['z']], ['y', undefined]]);
  });
});

describe('notes on what the sources say', () => {
  const q = 'How many soldiers were killed in Qadam?';
  it('shows differing figures for one fact with their markers', () => {
    const notes = newsNotes(q, [
      cited(1, 'a', 'IS killed 36 Syrian Arab Army soldiers as they entered the district of Al-Qadam.'),
      cited(2, 'b', 'At least 79 government fighters have also been killed, the Observatory said.', '2018-04-28'),
    ]);
    expect(notes).toEqual(['Sources differ: 36 Syrian Arab Army soldiers killed [1]; at least 79 government fighters killed [2]']);
  });

  it('says when sources agree, and credits a wire copy’s outlet too', () => {
    const notes = newsNotes(q, [
      cited(1, 'a', 'IS killed 36 soldiers in Qadam.'),
      cited(2, 'b', 'Officials said 36 soldiers were killed.'),
      { ...cited(3, 'c', 'IS killed 36 soldiers in Qadam.'), copyOf: 1 },
    ]);
    expect(notes).toEqual(['Sources agree: 36 soldiers killed [1][3][2]']);
  });

  it('does not compare another side, another place, another time, or one article with itself', () => {
    const none = (citations: CitedText[]) => expect(newsNotes(q, citations)).toEqual([]);
    none([cited(1, 'a', 'IS killed 36 soldiers.'), cited(2, 'b', 'The army killed 68 IS militants.')]);
    none([cited(1, 'a', '36 soldiers were killed in Qadam.'), cited(2, 'b', '25 soldiers were killed near the town of Mayadeen.')]);
    none([cited(1, 'a', '36 soldiers were killed.', '2018-04-19'), cited(2, 'b', '79 soldiers were killed.', '2018-08-01')]);
    none([cited(1, 'a', '36 soldiers were killed.'), cited(1, 'a', 'Later, 79 soldiers were killed.')]);
    expect(newsNotes('Who attacked the soldiers?', [cited(1, 'a', '36 soldiers were killed.'), cited(2, 'b', '79 soldiers were killed.')])).toEqual([]);
  });

  it('compares dates for a "when" question, placing a yearless date by its article', () => {
    const notes = newsNotes('When did ISIS threaten to invade Damascus?', [
      cited(1, 'a', 'On October 23, ISIS threatened to invade Damascus.', '2016-11-02'),
      cited(2, 'b', 'ISIS threatened on 25 October 2016 to invade Damascus.'),
    ]);
    expect(notes).toEqual(['Sources differ: 23 October 2016 [1]; 25 October 2016 [2]']);
  });
});

describe('choosing quotes', () => {
  const q = 'How many soldiers were killed in Qadam?';
  const best = sentence('a', 'IS killed 36 Syrian Arab Army soldiers in Qadam.', 1);
  const rival = sentence('b', 'At least 79 government fighters have also been killed.', 0.5);
  const copy = sentence('c', 'IS killed 36 Syrian Arab Army soldiers in Qadam.', 0.99);
  const unrelated = sentence('d', 'Talks resumed on Friday.', 0.9);

  it('adds other outlets’ copies after the quote and one differing figure from another article', () => {
    const out = newsQuotes(q, [best], [best, copy, unrelated, rival]);
    expect(out).toEqual([best, copy, rival]);
  });

  it('adds nothing when the question asks no figure, or the rival is too weak', () => {
    expect(newsQuotes('Who entered Qadam?', [best], [best, rival])).toEqual([best]);
    expect(newsQuotes(q, [best], [best, { ...rival, score: 0.1 }])).toEqual([best]);
  });

  it('drops a further quote that only counts another fact, never the first', () => {
    const asked = 'How many government fighters were killed?';
    const answer = sentence('e', 'At least 79 government fighters have also been killed.', 1);
    const otherSide = sentence('e', 'Government forces have killed 68 IS militants.', 0.9);
    const context = sentence('e', 'The battle south of Damascus went on for a week.', 0.9);
    expect(newsQuotes(asked, [answer, otherSide, context], [answer, otherSide, context])).toEqual([answer, context]);
    expect(newsQuotes(asked, [otherSide, answer], [otherSide, answer])).toEqual([otherSide, answer]);
    expect(newsQuotes('Who fought south of Damascus?', [answer, otherSide], [answer, otherSide])).toEqual([answer, otherSide]);
  });

  it('tells a sentence whose every count is of another fact than the one asked (a scorer feature)', () => {
    const dead = 'The rampage left more than 250 people dead.';
    expect(countsOtherFact('How many people were displaced?', dead)).toBe(true);
    expect(countsOtherFact('How many people were killed?', dead)).toBe(false);
    expect(countsOtherFact('How many people were displaced?', 'About 1,200 people were displaced.')).toBe(false);
    // A sentence without any count says nothing of another fact.
    expect(countsOtherFact('How many people were displaced?', 'Talks resumed.')).toBe(false);
    expect(countsOtherFact('Who was displaced?', dead)).toBe(false);
  });

  it('renders copies once with every marker, and the note above the sources', () => {
    const answer = composeAnswer(q, newsQuotes(q, [best], [best, copy, rival]));
    expect(answer.citations.map((c) => [c.n, c.source, c.copyOf])).toEqual([[1, 'a', undefined], [2, 'c', 1], [3, 'b', undefined]]);
    expect(answer.answer.match(/IS killed 36/g)).toHaveLength(1);
    expect(answer.answer).toContain('“IS killed 36 Syrian Arab Army soldiers in Qadam.” [1][2]');
    expect(answer.notes).toEqual(['Sources differ: 36 Syrian Arab Army soldiers killed [1][2]; at least 79 government fighters killed [3]']);
    expect(answer.answer).toMatch(/\[3\]\n\nSources differ: .*\n\nSources:\n\[1\]/);
  });

  it('stays within 2,000 characters with long quotes and a note', () => {
    const long = (s: string, n: number) => sentence(s, `${'word '.repeat(300)}then ${n} soldiers were killed in Qadam.`, 1);
    const answer = composeAnswer(q, [long('a', 36), long('b', 79)]);
    expect(answer.answer.length).toBeLessThanOrEqual(2000);
    expect(answer.answer).toContain('Sources differ: 36 soldiers killed [1]; 79 soldiers killed [2]');
  });
});

describe('timeline', () => {
  it('dates an event by its own sentence first, a yearless date by its article', () => {
    expect(findEventDates('On October 23, ISIS threatened Damascus.', '2016-11-02').map((d) => d.date)).toEqual(['2016-10-23']);
    expect(findEventDates('On December 28 they attacked.', '2019-01-05').map((d) => d.date)).toEqual(['2018-12-28']);
    expect(findEventDates('On October 23, ISIS threatened Damascus.')).toEqual([]);
    expect(findEventDates('They may 5 times refuse.', '2018-01-01')).toEqual([]);
    expect(eventDate('Talks failed on Thursday.', '2018-04-19')).toEqual({ date: '2018-04-19', own: false });
    expect(eventDate('Talks failed on Thursday.')).toBeUndefined();
  });

  it('lists events oldest first, at most two per article, undated ones left out, one marker per article', () => {
    const entries = buildTimeline([
      sentence('late', 'The regime now controls the area.', 0.9, '2018-08-01'),
      sentence('late', 'A rampage on July 25 left 250 people dead.', 0.8, '2018-08-01'),
      sentence('late', 'A third sentence of the same report on July 20.', 0.7, '2018-08-01'),
      sentence('early', 'Forces targeted the Yarmouk camp.', 0.85, '2018-04-19'),
      sentence('early', 'Another sentence with no date of its own.', 0.6, '2018-04-19'),
      sentence('undated', 'Clashes broke out on Sunday.', 0.95),
      sentence('weak', 'Barely related, on 1 May 2018.', 0.01),
    ]);
    expect(entries.map((e) => [e.date, e.citation.source, e.citation.n])).toEqual([
      ['2018-04-19', 'early', 1],
      ['2018-07-25', 'late', 2],
      ['2018-08-01', 'late', 2],
    ]);
  });
});
