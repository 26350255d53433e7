// The short answer: the exact span of a quoted sentence that answers the question (the name, the figure,
// the date), when the question asks for one. It is an entity found at ingest, of the expected kind, not
// already in the question, and the nearest such one to the question's words.
import type { Span } from '../types.js';
import type { Candidate } from './candidates.js';
import { distanceToQuestion, newEntities, type QuestionFeatures } from './features.js';

export function shortAnswer(qf: QuestionFeatures, c: Candidate): (Span & { text: string }) | undefined {
  const expected = newEntities(qf, c).filter((e) => qf.q.expects.includes(e.type));
  if (!expected.length) return undefined;
  // The most specific kind first (a person before a bare name), then the nearest to the question's words.
  const rank = (t: string) => qf.q.expects.indexOf(t as never);
  let best = expected[0];
  let bestKey = Infinity;
  for (const e of expected) {
    const key = rank(e.type) * 1000 + Math.min(distanceToQuestion(qf, c, e), 999);
    if (key < bestKey) {
      best = e;
      bestKey = key;
    }
  }
  if (!best) return undefined;
  return { start: best.start, end: best.end, text: c.article.text.slice(best.start, best.end) };
}
