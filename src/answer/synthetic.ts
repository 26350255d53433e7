// Synthetic questions for the short-answer model (distant supervision). The span model learns from ~350 dev
// questions; the corpus has tens of thousands of sentences holding a name or a figure. A sentence becomes a
// question by putting the wh-phrase of one of its entities where the entity was, cloze-style ("… secure online
// access to information," said project manager Livio Costantini." → "immediate secure online access to information
// said who"), cut to a window around it and roughened the way people type in a chat (lower case, words dropped,
// the wh-phrase sometimes moved to the front). The removed entity is the gold span. Every choice is a hash of
// the seed and of what is being decided, so the set is the same on every run and does not shift when one
// article changes.
import { createHash } from 'node:crypto';
import { isHeading, splitSentences } from '../sentences.js';
import { entitiesIn } from '../spans.js';
import { isStopword } from '../terms.js';
import type { Article, Entity, EntityType, Span } from '../types.js';
import type { Candidate } from './candidates.js';
import { questionFeatures } from './features.js';
import type { Group } from './fitting.js';
import { spanCandidates } from './highlight.js';
import { analyseQuestion } from './question.js';

export interface SyntheticQuestion {
  question: string;
  article: Article;
  /** The sentence the question was made from (article offsets). */
  sentence: Span;
  /** The entity the wh-phrase replaced: the gold short answer. */
  answer: Entity;
}

export interface SyntheticOptions {
  seed: number;
  /** Questions made from one article at most (one per sentence), so that many articles take part. */
  perArticle: number;
  /**
   * Words right beside the entity left out of the question on each side: the relation a person would reword
   * ("with a surprise loss to Olivier Rochus" → "who knocked coria out"), so the answer is not simply the entity
   * next to the question's words. Mean of five splits, bbc / squad / seeds short: gap 0 → 0.431 / 0.155 / 0.571,
   * 1 → 0.434 / 0.154 / 0.571, 2 → 0.441 / 0.152 / 0.571, 3 → 0.441 / 0.151 / 0.571 (2,000 questions × 0.1, one span model).
   */
  gap: number;
}

/**
 * The wh-phrases that ask for each entity type, and the preposition before the entity that the phrase absorbs
 * ("in London" → "where", "for three years" → "how long"). Types whose question is not a fixed phrase (`name`,
 * a proper noun of no known kind) make no question.
 */
const WH: Partial<Record<EntityType, { phrases: readonly string[]; absorbs?: RegExp }>> = {
  person: { phrases: ['who'], absorbs: /^(mr|mrs|ms|miss|dr)$/i },
  organisation: { phrases: ['which organisation', 'what company', 'which firm', 'which group'] },
  place: { phrases: ['where', 'which place'], absorbs: /^(in|at)$/i },
  number: { phrases: ['how many'] },
  money: { phrases: ['how much'] },
  percent: { phrases: ['what percentage'] },
  date: { phrases: ['when'], absorbs: /^(in|on)$/i },
  time: { phrases: ['what time'], absorbs: /^at$/i },
  duration: { phrases: ['how long'], absorbs: /^for$/i },
  ordinal: { phrases: ['what position'] },
};

/** Chat-style roughening: the shares of questions lower-cased, of words dropped, of wh-phrases moved to the front. */
const ROUGH = { lower: 0.8, dropStopword: 0.3, dropWord: 0.1, front: 0.5, questionMark: 0.3 };
/** Words kept on each side of the wh-phrase: the window a question covers of its sentence. */
const WINDOW = { before: [2, 8], after: [1, 7] } as const;
/** Sentences shorter than this many words say too little to ask about. */
const MIN_WORDS = 6;

/** A number in [0, 1) fixed by the seed and the keys. */
export function draw(seed: number, ...keys: readonly (string | number)[]): number {
  return createHash('sha256').update(`${seed}|${keys.join('|')}`).digest().readUIntBE(0, 6) / 2 ** 48;
}

const choose = <T>(items: readonly T[], u: number): T => items[Math.min(items.length - 1, Math.floor(u * items.length))] as T;
const between = ([lo, hi]: readonly [number, number], u: number) => lo + Math.floor(u * (hi - lo + 1));

const WORD = /[£$€]?[\p{L}\p{N}]+(?:['’.,%-][\p{L}\p{N}]+)*%?/gu;

/** The question made from one entity of a sentence, or none when the entity's kind has no wh-phrase. */
export function clozeQuestion(article: Article, sentence: Span, answer: Entity, seed: number, gap = 0): string | undefined {
  const wh = WH[answer.type];
  if (!wh) return undefined;
  const key = `${article.source}@${answer.start}`;
  const u = (what: string, i = 0) => draw(seed, key, what, i);
  const tokens = [...article.text.slice(sentence.start, sentence.end).matchAll(WORD)].map((m) => ({ word: m[0], start: sentence.start + (m.index ?? 0) }));
  const before = tokens.filter((t) => t.start < answer.start).map((t) => t.word);
  const after = tokens.filter((t) => t.start >= answer.end).map((t) => t.word);
  if (wh.absorbs?.test(before.at(-1) ?? '')) before.pop();
  before.splice(Math.max(0, before.length - gap));
  after.splice(0, gap);
  const phrase = choose(wh.phrases, u('phrase'));
  const left = before.slice(Math.max(0, before.length - between(WINDOW.before, u('before'))));
  let right = after.slice(0, between(WINDOW.after, u('after')));
  // The rest of the sentence, roughened word by word; the wh-phrase (and for "how many" its noun) stays.
  const rough = (ws: readonly string[], side: string) =>
    ws.filter((w, i) => u(`drop ${side}`, i) >= (isStopword(w) ? ROUGH.dropStopword : ROUGH.dropWord));
  let head = [phrase];
  if (phrase === 'how many' && right[0] && /^\p{Ll}+$/u.test(right[0])) [head, right] = [[phrase, right[0]], right.slice(1)];
  const [l, r] = [rough(left, 'left'), rough(right, 'right')];
  const words = u('front') < ROUGH.front ? [...head, ...l, ...r] : [...l, ...head, ...r];
  let question = words.join(' ');
  if (u('lower') < ROUGH.lower) question = question.toLowerCase();
  if (u('mark') < ROUGH.questionMark) question += '?';
  const answerText = article.text.slice(answer.start, answer.end).toLowerCase();
  // A question that still holds its answer (the name said twice) asks nothing.
  return words.length >= 3 && !question.toLowerCase().includes(answerText) ? question : undefined;
}

/** Up to `perArticle` questions from an article's sentences, one entity each (the entities need `article.entities`). */
export function syntheticQuestions(article: Article, options: SyntheticOptions): SyntheticQuestion[] {
  const out: SyntheticQuestion[] = [];
  const sentences = splitSentences(article.text).filter((s) => {
    const text = article.text.slice(s.start, s.end);
    return !isHeading(text) && text.split(/\s+/).length >= MIN_WORDS;
  });
  // Sentences in an order fixed by the seed, so the questions are not all from the lead.
  const order = sentences.map((s) => ({ s, u: draw(options.seed, article.source, 'sentence', s.start) })).sort((a, b) => a.u - b.u);
  for (const { s: sentence } of order) {
    if (out.length >= options.perArticle) break;
    const askable = entitiesIn(article.entities ?? [], sentence.start, sentence.end).filter((e) => WH[e.type]);
    if (!askable.length) continue;
    const answer = choose(askable, draw(options.seed, article.source, 'entity', sentence.start));
    const question = clozeQuestion(article, sentence, answer, options.seed, options.gap);
    // The question must ask for the kind of thing it removed, as question analysis reads it.
    if (question && analyseQuestion(question).expects.includes(answer.type)) out.push({ question, article, sentence, answer });
  }
  return out;
}

/** Features need the corpus's idf only for sentence features; span features read the question's words alone. */
const NO_CORPUS = { idf: () => 1, known: () => true };

/**
 * A synthetic question as a group for the span model's listwise fit: the real span candidates and features of
 * its sentence, the removed entity's text the right answer. None when no candidate is right or every one is.
 */
export function syntheticGroup(s: SyntheticQuestion, weight: number): Group | undefined {
  const { article, sentence } = s;
  const text = article.text.slice(sentence.start, sentence.end);
  const chunk = { id: `${article.source}#synthetic`, source: article.source, title: article.title, ordinal: 0, start: sentence.start, end: sentence.end, text };
  const c: Candidate = {
    chunk, article, start: sentence.start, end: sentence.end, text, index: 0, chunkRank: 0, articleRank: 0, chunkScore: 1, articleScore: 1,
    entities: entitiesIn(article.entities ?? [], sentence.start, sentence.end),
  };
  const gold = article.text.slice(s.answer.start, s.answer.end).toLowerCase();
  const spans = spanCandidates(questionFeatures(analyseQuestion(s.question), NO_CORPUS), c);
  // An entity inside a list or a range ("three" of "three or four years") is not the whole answer a person would want.
  if (spans.some(({ span }) => span.kind !== 'entity' && span.kind !== 'phrase' && span.start <= s.answer.start && span.end >= s.answer.end)) return undefined;
  const labels = spans.map(({ span }) => article.text.slice(span.start, span.end).toLowerCase() === gold);
  // Its rows stay out of the calibration: the floor reads a probability of the dev questions' kind (with them in
  // it, mean of five splits bbc / squad short 0.425 / 0.154 → 0.399 / 0.114).
  return labels.some(Boolean) && labels.some((l) => !l) ? { rows: spans.map((x) => x.x), labels, weight, calibrate: false } : undefined;
}
