// The short answer: the exact span of the quoted sentence that answers the question (the name, the
// figure, the date). Candidates are the entities found at ingest that the question does not already
// name; a third learned model (`npm run train`) scores each on its kind against the expected one, its
// closeness to the question's words and its place in the sentence. None is shown below a floor: a bold
// wrong name is worse than none.
import type { Entity, Span } from '../types.js';
import type { Candidate } from './candidates.js';
import { contentTerms, distanceToQuestion, newEntities, questionWordsIn, type QuestionFeatures } from './features.js';
import { likeliest, type LinearModel } from './linear.js';
import { TUNING } from './tuning.js';

export const SPAN_FEATURES = [
  'typePrimary', 'typeExpected', 'typeRank', 'near', 'questionWordsNear', 'position', 'isName', 'isValue', 'isDate',
  'words', 'speaker', 'agent', 'inTitle', 'sameType', 'noneExpected', 'givenShare',
] as const;

const NAME = new Set(['person', 'organisation', 'place', 'name']);
const DATE = new Set(['date', 'time', 'duration']);
const SPEECH = /^\s*(said|says|told|added|argued|claimed|warned|insisted)\b/i;

/** Share of the span's words that the question already has. */
function givenShare(qf: QuestionFeatures, span: string): number {
  const terms = contentTerms(span);
  return terms.length ? terms.filter((t) => qf.terms.has(t.term)).length / terms.length : 0;
}

/** Features of one entity of a candidate sentence as the answer to the question. */
export function spanFeatures(qf: QuestionFeatures, c: Candidate, e: Entity, fresh: readonly Entity[]): number[] {
  const { expects } = qf.q;
  const text = c.article.text;
  const rank = expects.indexOf(e.type);
  const d = distanceToQuestion(qf, c, e);
  const near = questionWordsIn(qf, c).filter((w) => Math.abs(w.start - e.start) <= TUNING.nearChars * 1.5).length;
  const span = text.slice(e.start, e.end);
  return [
    rank === 0 ? 1 : 0,
    rank >= 0 ? 1 : 0,
    rank >= 0 ? 1 / (1 + rank) : 0,
    Number.isFinite(d) ? Math.exp(-d / TUNING.nearChars) : 0,
    qf.terms.size ? Math.min(1, near / qf.terms.size) : 0,
    c.end > c.start ? (e.start - c.start) / (c.end - c.start) : 0,
    NAME.has(e.type) ? 1 : 0,
    !NAME.has(e.type) && !DATE.has(e.type) ? 1 : 0,
    DATE.has(e.type) ? 1 : 0,
    Math.min(span.split(/\s+/).length, 5) / 5,
    SPEECH.test(text.slice(e.end, e.end + 12)) ? 1 : 0,
    /\bby\s+$/i.test(text.slice(Math.max(0, e.start - 4), e.start)) ? 1 : 0,
    c.article.title.toLowerCase().includes(span.toLowerCase()) ? 1 : 0,
    Math.min(fresh.filter((f) => f.type === e.type).length - 1, 3) / 3,
    expects.length ? 0 : 1,
    // "Guillermo Coria" when the question asks who knocked Coria out: a name sharing the question's words
    // is usually the question's own subject, not its answer.
    givenShare(qf, span),
  ];
}

/** Each candidate entity of the sentence with its features (the question's own names left out). */
export function spanCandidates(qf: QuestionFeatures, c: Candidate): { entity: Entity; x: number[] }[] {
  const fresh = newEntities(qf, c);
  return fresh.map((entity) => ({ entity, x: spanFeatures(qf, c, entity, fresh) }));
}

export function shortAnswer(qf: QuestionFeatures, c: Candidate, model: LinearModel): (Span & { text: string }) | undefined {
  const best = likeliest(model, spanCandidates(qf, c), TUNING.shortFloor)?.entity;
  return best ? { start: best.start, end: best.end, text: c.article.text.slice(best.start, best.end) } : undefined;
}
