// The short answer's span kinds beyond tagged entities (lists of names, quoted phrases, noun phrases) and
// names that start with a capitalised ordinal, on real BBC sentences (../shared/corpora/bbc, copied into a
// temporary folder, never into the repo), then through the real engine with the committed weights.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotate } from '../src/annotate.js';
import type { Candidate } from '../src/answer/candidates.js';
import { questionFeatures } from '../src/answer/features.js';
import { answerSpans, type SpanKind } from '../src/answer/highlight.js';
import { analyseQuestion } from '../src/answer/question.js';
import type { LoadedEngine } from '../src/engine.js';
import { article, engineOver, sentenceWith } from './support/bbc-sentences.js';

/** Real bbc-dev questions whose gold answer is a list, a quoted phrase or a name starting with an ordinal. */
const CASES = [
  { source: 'politics/109.txt', question: 'which countries beat the uk in the business ict rankings', short: 'Sweden and Ireland', kind: 'list' },
  { source: 'politics/282.txt', question: 'what did blair call the conservative spending plans', short: 'ludicrous improbability', kind: 'quoted' },
  { source: 'entertainment/367.txt', question: 'what did chris rock call awards shows', short: 'idiotic', kind: 'quoted' },
  { source: 'politics/095.txt', question: 'what union does jonathan baume head', short: 'First Division Association', kind: 'entity' },
] as const;
/** Other articles, so that retrieval has something to choose between. */
const OTHERS = ['business/099.txt', 'entertainment/137.txt', 'sport/059.txt', 'tech/173.txt', 'politics/001.txt', 'business/001.txt'];

const spansOf = (question: string, c: Candidate) =>
  answerSpans(questionFeatures(analyseQuestion(question), { idf: () => 1, known: () => true }), c).map((s) => ({ text: c.article.text.slice(s.start, s.end), kind: s.kind as SpanKind }));

describe('short-answer candidates on BBC sentences', () => {
  it('tags a capitalised ordinal before a proper noun as the start of the name, not as a rank', async () => {
    const a = await article('politics/095.txt');
    const named = (a.entities ?? []).map((e) => a.text.slice(e.start, e.end));
    expect(named).toContain('First Division Association');
    expect(named).not.toContain('Division Association');
    // A rank is still a rank.
    expect(annotate('Spain came first in 2004 and second in 2005.').map((e) => e.type)).toContain('ordinal');
  });

  it('offers lists of names, quoted phrases and noun phrases beside the entities, each verbatim', async () => {
    const ict = sentenceWith(await article('politics/109.txt'), 'Sweden and Ireland');
    expect(spansOf('which countries beat the uk in the business ict rankings', ict)).toContainEqual({ text: 'Sweden and Ireland', kind: 'list' });
    const blair = sentenceWith(await article('politics/282.txt'), 'ludicrous improbability');
    expect(spansOf('what did blair call the conservative spending plans', blair)).toContainEqual({ text: 'ludicrous improbability', kind: 'quoted' });
    const gm = sentenceWith(await article('business/099.txt'), 'high fuel prices');
    const gmSpans = spansOf('what did gm and ford blame for weak sales of pickups and suvs', gm);
    expect(gmSpans).toContainEqual({ text: 'high fuel prices', kind: 'phrase' });
    // A phrase made only of the question's words ("weak sales" is asked about) is not an answer.
    expect(gmSpans.map((s) => s.text)).not.toContain('sales');
    const glasto = sentenceWith(await article('entertainment/137.txt'), 'photo ID cards');
    expect(spansOf('what is glastonbury doing to stop ticket touts', glasto)).toContainEqual({ text: 'photo ID cards', kind: 'phrase' });
    for (const c of [ict, blair, gm, glasto]) for (const s of spansOf('what happened', c)) expect(c.text).toContain(s.text);
  });
});

describe('short answers of the new kinds through the engine', () => {
  let dir: string;
  let engine: LoadedEngine;
  beforeAll(async () => {
    ({ dir, engine } = await engineOver([...CASES.map((c) => c.source), ...OTHERS], 'short-kinds-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each(CASES)('"$question" → bold "$short", verbatim inside the first quote', async ({ question, short, source }) => {
    const { answer } = await engine.askTraced(question);
    const first = answer.citations[0];
    expect(first?.source).toBe(source);
    expect(first?.short?.text).toBe(short);
    const text = (await engine.backend.readArticles([source]))[0]!.text;
    expect(text.slice(first!.short!.start, first!.short!.end)).toBe(short);
    expect(first!.short!.start).toBeGreaterThanOrEqual(first!.start);
    expect(first!.short!.end).toBeLessThanOrEqual(first!.end);
    expect(first!.quote).toContain(short);
  });
});
