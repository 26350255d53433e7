// The short span (the words that answer the question) through the terminal and JSON surfaces, and the
// quote rule in the composed answer text: a long quote is cut at word boundaries, keeping the short span.
import { describe, expect, it } from 'vitest';
import { askJson } from '../src/bin/format.js';
import { composeAnswer, type Quote } from '../src/compose.js';
import { ELLIPSIS } from '../src/quote-clip.js';
import { formatTimeline, terminalAnswer } from '../src/terminal.js';
import type { Answer, Chunk, Citation } from '../src/types.js';

const ARTICLE = 'Intro sentence here. After weeks of fighting, officials said on Sunday that 79 government fighters were killed in the battle south of Damascus.';
const QUOTE_START = ARTICLE.indexOf('After');
const QUOTE = ARTICLE.slice(QUOTE_START);
const SHORT = '79 government fighters';

function cited(withShort: boolean): Citation {
  const s = ARTICLE.indexOf(SHORT);
  return {
    n: 1,
    source: 'a.txt',
    title: 'Battle',
    publisher: 'Middle East Eye',
    date: '2018-04-28',
    quote: QUOTE,
    start: QUOTE_START,
    end: ARTICLE.length,
    score: 0.9,
    ...(withShort ? { short: { start: s, end: s + SHORT.length, text: ARTICLE.slice(s, s + SHORT.length) } } : {}),
  };
}

function answer(c: Citation): Answer {
  return { question: 'How many died?', answer: `Middle East Eye, 28 April 2018: “${QUOTE}” [1]\n\nSources:\n[1] Battle`, abstained: false, citations: [c], related: [] };
}

describe('ask --json', () => {
  it('returns the first citation’s short text', () => {
    const json = JSON.parse(askJson(answer(cited(true))));
    expect(json.short).toBe(SHORT);
    expect(Object.keys(json)).toEqual(['question', 'answer', 'abstained', 'short', 'citations', 'normalised']);
  });
  it('returns null when no citation carries a short', () => {
    expect(JSON.parse(askJson(answer(cited(false)))).short).toBeNull();
    expect(JSON.parse(askJson({ question: 'q', answer: 'no', abstained: true, citations: [], related: [] })).short).toBeNull();
  });
});

describe('terminal answer', () => {
  it('sets the short span in ANSI bold inside its quote on a TTY', () => {
    const out = terminalAnswer(answer(cited(true)), true);
    expect(out).toContain(`that \x1b[1m${SHORT}\x1b[22m were killed`);
    expect(out.replace(/\x1b\[\d+m/g, '')).toBe(answer(cited(true)).answer);
  });
  it('prints plain text when stdout is not a TTY, or without a short', () => {
    expect(terminalAnswer(answer(cited(true)), false)).toBe(answer(cited(true)).answer);
    expect(terminalAnswer(answer(cited(false)), true)).toBe(answer(cited(false)).answer);
  });
  it('bolds the short in timeline lines too', () => {
    const out = formatTimeline([{ date: '2018-04-28', citation: cited(true) }], true);
    expect(out).toContain(`\x1b[1m${SHORT}\x1b[22m`);
    expect(formatTimeline([{ date: '2018-04-28', citation: cited(true) }], false)).not.toContain('\x1b');
  });
});

describe('composed answer text', () => {
  it('cuts a long quote at word boundaries with "…", keeping the short span', () => {
    const long = `${'The observatory reported heavy shelling across the southern districts again. '.repeat(40)}Later 3368 residents fled the village of Tell Mardikh.`;
    const chunk: Chunk = { id: 'a.txt#0', source: 'a.txt', title: 'T', ordinal: 0, start: 0, end: long.length, text: long };
    const quotes: Quote[] = [{ chunk, start: 0, end: long.length, text: long, score: 1 }];
    const composed = composeAnswer('How many fled?', quotes, 600);
    expect(composed.answer.length).toBeLessThanOrEqual(600);
    const [, shown] = /“([^”]*)”/.exec(composed.answer)!;
    expect(shown!.endsWith(ELLIPSIS)).toBe(true);
    // What is left after the mark is whole words of the quote.
    const core = shown!.slice(0, -1);
    expect(long.replace(/\s+/g, ' ').startsWith(`${core} `)).toBe(true);
  });
});
