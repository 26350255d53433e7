import { describe, expect, it } from 'vitest';
import { chooseQuotes, isHeading, numberVetoes, qualifierVetoes, questionType, typeCue, unsupportedTerms, type Candidate } from '../src/select.js';
import type { Chunk } from '../src/types.js';

const chunk: Chunk = { id: 'a#0', source: 'a.txt', title: 'A', ordinal: 0, start: 0, end: 100, text: '' };
const cand = (text: string, score: number, evidence: number, start: number): Candidate => ({ chunk, start, end: start + text.length, text, score, evidence });

describe('question analysis', () => {
  it('tells what kind of answer a question wants', () => {
    expect(questionType('How many soldiers were killed?')).toBe('number');
    expect(questionType('When did IS take Yarmouk?')).toBe('date');
    expect(questionType('In what year did it fall?')).toBe('date');
    expect(questionType('What did the negotiations disagree on?')).toBe('other');
    expect(questionType('What year did it fall?')).toBe('date');
    expect(questionType('Who leads the observatory?')).toBe('name');
    expect(questionType('Where were the fighters sent?')).toBe('place');
  });

  it('finds the asked-for kind in a sentence, not counting what the question already says', () => {
    expect(typeCue('number', 'They killed 36 soldiers.', 'How many?')).toBe(1);
    expect(typeCue('number', 'It happened in 2015.', 'How many?')).toBe(0);
    expect(typeCue('date', 'It was taken over in 2015.', 'When?')).toBe(1);
    expect(typeCue('name', 'the envoy Staffan de Mistura warned', 'Who is the envoy?')).toBe(1);
    expect(typeCue('name', 'the envoy warned', 'Who is the envoy?')).toBe(0);
  });

  it('names what the corpus does not support: unknown names and absent figures', () => {
    const known = new Set(['syria', 'armi', 'kill', 'soldier']);
    expect(unsupportedTerms('Which company makes the iPhone?', '', (t) => known.has(t))).toEqual(['name:iphon']);
    expect(unsupportedTerms('Did the Syria army kill 40 soldiers?', 'They killed 36 soldiers.', (t) => known.has(t))).toEqual(['figure:40']);
    expect(unsupportedTerms('Did the Syria army kill 36 soldiers?', 'They killed 36 soldiers.', (t) => known.has(t))).toEqual([]);
  });

  it('vetoes quotes that miss a negation or a restriction the question makes', () => {
    expect(qualifierVetoes('Who never signed the treaty?', [{ text: 'Rollo signed the treaty.' }])).toEqual(['negation']);
    expect(qualifierVetoes("Who didn't sign?", [{ text: 'He did not sign it.' }])).toEqual([]);
    expect(qualifierVetoes('Whether or not it is solvable, who studies it?', [{ text: 'Theorists study it.' }])).toEqual([]);
    expect(qualifierVetoes('How many died before the truce?', [{ text: '36 died.' }])).toEqual(['restriction:before']);
    expect(qualifierVetoes('How many died before the truce?', [{ text: '36 died before the truce.' }])).toEqual([]);
  });
});

describe('isHeading', () => {
  it('tells a sub-heading from a sentence, however short', () => {
    expect(isHeading('Deadliest attacks')).toBe(true);
    expect(isHeading('  Talks in Geneva  ')).toBe(true);
    expect(isHeading('He left.')).toBe(false);
    expect(isHeading('“We will stay here until the end,” the commander said')).toBe(false); // a sentence missing its stop
    expect(isHeading('The evacuation deal would not be the first between them')).toBe(false);
  });
});

describe('numberVetoes', () => {
  it('vetoes a "how many" answer whose quotes hold no number, and nothing else', () => {
    expect(numberVetoes('How many people were displaced?', [{ text: 'The offensive whittled down their territory.' }])).toEqual(['no-number']);
    expect(numberVetoes('How many people were displaced?', [{ text: 'No figure here.' }, { text: 'Some 200 fled.' }])).toEqual([]);
    expect(numberVetoes('How many outputs does a function problem expect?', [{ text: 'A single output is expected.' }])).toEqual([]);
    expect(numberVetoes('Who was displaced?', [{ text: 'The villagers were.' }])).toEqual([]);
    expect(numberVetoes('How many people were displaced?', [])).toEqual([]);
  });
});

describe('chooseQuotes', () => {
  it('takes the best sentence and close runners-up, skipping repeats and overlaps', () => {
    const chosen = chooseQuotes(
      [cand('Best one.', 1, 0.8, 0), cand('Best one.', 0.95, 0.8, 50), cand('Close second.', 0.9, 0.7, 20), cand('Far behind.', 0.5, 0.3, 40)],
    );
    expect(chosen.map((c) => c.text)).toEqual(['Best one.', 'Close second.']);
  });

  it('abstains when the best sentence has too little evidence', () => {
    expect(chooseQuotes([cand('Weak.', 1, 0.05, 0)])).toEqual([]);
    expect(chooseQuotes([])).toEqual([]);
  });
});
