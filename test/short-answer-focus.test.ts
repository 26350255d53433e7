// The short answer reads the noun the question asks for (its focus): spans headed by another of the question's
// words (its own subject) are not offered, figures given as a range or a part ("three or four years", "Five of
// the eight") are, and a later quote is bolded when the best quote holds no likely span. On real BBC articles
// (../shared/corpora/bbc, copied into a temporary folder, never into the repo), then through the real engine.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotate } from '../src/annotate.js';
import type { Candidate } from '../src/answer/candidates.js';
import { questionFeatures } from '../src/answer/features.js';
import { answerSpans, shortAnswer } from '../src/answer/highlight.js';
import { analyseQuestion } from '../src/answer/question.js';
import { loadWeights } from '../src/answer/scorer.js';
import type { LoadedEngine } from '../src/engine.js';
import { article, engineOver, sentenceWith } from './support/bbc-sentences.js';

const features = (question: string) => questionFeatures(analyseQuestion(question), { idf: () => 1, known: () => true });
const spansOf = (question: string, c: Candidate) => answerSpans(features(question), c).map((s) => ({ text: c.article.text.slice(s.start, s.end), kind: s.kind }));

describe('the question\'s focus noun', () => {
  it.each([
    ['which airline did qantas try to link up with before a court threw the deal out?', 'airline'],
    ['how many of the critics tipped scorsese for best director', 'critics'],
    ['how many voice commands does the new opera browser have', 'commands'],
    ['What type of Turing machine is capable of multiple actions?', 'machine'],
    ['what year did brando win the oscar for the godfather', 'year'],
    ['who manages livingston', undefined],
    ["what's glastonbury doing to stop ticket touts", undefined],
  ])('"%s" → %s', (question, focus) => {
    expect(analyseQuestion(question).focus?.word).toBe(focus);
  });
});

describe('short-answer candidates on BBC sentences', () => {
  it('drops spans headed by the question\'s own words, keeps those headed by its focus noun', async () => {
    const qantas = sentenceWith(await article('business/455.txt'), 'Air New Zealand');
    const airline = spansOf('which airline did qantas try to link up with before a court threw the deal out?', qantas).map((s) => s.text);
    expect(airline).toContain('Air New Zealand');
    expect(airline).not.toContain('New Zealand High Court');
    const coria = sentenceWith(await article('sport/452.txt'), 'Olivier Rochus');
    const knocked = spansOf('who knocked coria out in auckland', coria).map((s) => s.text);
    expect(knocked).toContain('Olivier Rochus');
    expect(knocked.some((s) => /Coria$/.test(s))).toBe(false);
    // "11 titles" ends with the noun asked for: still a candidate.
    const federer = sentenceWith(await article('sport/473.txt'), '11 titles from 11 finals');
    expect(spansOf('how many titles did federer win in 2004', federer).map((s) => s.text)).toContain('11 titles');
  });

  it('offers a range or a part of a figure as one span, verbatim', async () => {
    const careers = sentenceWith(await article('sport/267.txt'), 'three or four years');
    expect(spansOf('how many years could injuries cut from players careers according to andy robinson', careers)).toContainEqual({ text: 'three or four years', kind: 'range' });
    const critics = sentenceWith(await article('entertainment/368.txt'), 'Five of the eight');
    expect(spansOf('how many of the critics tipped scorsese for best director', critics)).toContainEqual({ text: 'Five of the eight', kind: 'range' });
    // A change from one kind of value to another is no range.
    const text = 'Revenue rose 2.8% to 14.96bn euros in 2004.';
    const revenue = sentenceWith({ source: 'revenue.txt', title: 'Revenue', text, entities: annotate(text) }, 'Revenue');
    expect(spansOf('how much did revenue grow', revenue).map((s) => s.kind)).not.toContain('range');
    // A date next to a count is no range.
    expect(spansOf('how many titles did federer win in 2004', sentenceWith(await article('sport/473.txt'), '11 titles from 11 finals')).map((s) => s.kind)).not.toContain('range');
  });

  it('bolds a later quote only when the best quote holds no likely span', async () => {
    const qantas = sentenceWith(await article('business/455.txt'), 'Air New Zealand');
    const text = 'Talks went on behind closed doors.';
    const none = sentenceWith({ source: 'talks.txt', title: 'Talks', text, entities: annotate(text) }, 'Talks');
    const qf = features('which airline did qantas try to link up with before a court threw the deal out?');
    const span = loadWeights().span;
    const alone = shortAnswer(qf, [qantas], span);
    expect(alone?.quote).toBe(0);
    // The same sentence second, behind one with no likely span of its own, is where the bold goes.
    expect(shortAnswer(qf, [none], span)).toBeUndefined();
    expect(shortAnswer(qf, [none, qantas], span)).toEqual({ ...alone, quote: 1 });
    expect(shortAnswer(qf, [qantas, none], span)).toEqual(alone);
  });
});

describe('short answers through the engine', () => {
  const CASES = [
    { source: 'business/455.txt', question: 'which airline did qantas try to link up with before a court threw the deal out?', short: 'Air New Zealand' },
    { source: 'sport/452.txt', question: 'who knocked coria out in auckland', short: 'Olivier Rochus' },
  ] as const;
  const OTHERS = ['business/099.txt', 'entertainment/137.txt', 'sport/059.txt', 'tech/173.txt', 'politics/001.txt', 'business/001.txt'];
  let dir: string;
  let engine: LoadedEngine;
  beforeAll(async () => {
    ({ dir, engine } = await engineOver([...CASES.map((c) => c.source), ...OTHERS], 'short-focus-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** The one bold span of an answer, checked to be verbatim inside its own quote. */
  const boldOf = async (question: string) => {
    const { answer } = await engine.askTraced(question);
    const bold = answer.citations.filter((c) => c.short);
    expect(bold).toHaveLength(1);
    const c = bold[0]!;
    const text = (await engine.backend.readArticles([c.source]))[0]!.text;
    expect(text.slice(c.short!.start, c.short!.end)).toBe(c.short!.text);
    expect(c.short!.start).toBeGreaterThanOrEqual(c.start);
    expect(c.short!.end).toBeLessThanOrEqual(c.end);
    expect(c.quote).toContain(c.short!.text);
    return c;
  };

  it('bolds the airline asked for, not the court the question names', async () => {
    const c = await boldOf(CASES[0].question);
    expect(c.source).toBe(CASES[0].source);
    expect(c.short?.text).toBe(CASES[0].short);
  });

  it('never bolds the player the question names', async () => {
    const c = await boldOf(CASES[1].question);
    expect(c.source).toBe(CASES[1].source);
    expect(c.quote).toContain('Guillermo Coria');
    expect(c.short?.text).not.toMatch(/Coria/);
  });
});
