// The short answer: the exact span of the quoted sentence that answers the question (the name, the
// figure, the date, the phrase). Candidates are the entities found at ingest that the question does not
// already name, lists of them ("Sweden and Ireland"), short phrases in quotation marks ("ludicrous
// improbability") and noun phrases ("high fuel prices"); a third learned model (`npm run train`) scores each
// on its kind against the expected one, its closeness to the question's words and its place in the
// sentence. None is shown below a floor: a bold wrong name is worse than none.
import { nounPhrases } from '../annotate.js';
import type { Entity, EntityType, Span } from '../types.js';
import type { Candidate } from './candidates.js';
import { contentTerms, distanceToQuestion, newEntities, questionWordsIn, type QuestionFeatures } from './features.js';
import { likeliest, type LinearModel } from './linear.js';
import { TUNING } from './tuning.js';

export const SPAN_FEATURES = [
  'typePrimary', 'typeExpected', 'typeRank', 'near', 'questionWordsNear', 'position', 'isName', 'isValue', 'isDate',
  'words', 'speaker', 'agent', 'inTitle', 'sameType', 'noneExpected', 'givenShare',
  'kindList', 'kindQuoted', 'kindPhrase', 'listForPlural', 'quotedForCalled', 'phraseForOpen',
  'headFocus', 'kindRange',
] as const;

/** Where a candidate span comes from: an entity, a list of entities, a quoted phrase, a noun phrase. */
export type SpanKind = 'entity' | 'list' | 'quoted' | 'phrase' | 'range';
export interface AnswerSpan extends Span {
  /** The entity's type (a list takes its first member's); phrases have none of their own. */
  type: EntityType | 'phrase';
  kind: SpanKind;
}

const NAME = new Set<string>(['person', 'organisation', 'place', 'name']);
const DATE = new Set<string>(['date', 'time', 'duration']);
const SPEECH = /^\s*(said|says|told|added|argued|claimed|warned|insisted)\b/i;
/** What joins the members of a list: "Sweden and Ireland", "Russia, Iran and Turkey". */
const LIST_JOIN = /^(,\s*|,?\s+(and|or)\s+|\s*&\s*)$/;
/** A short phrase in quotation marks (not an apostrophe inside a word). */
const QUOTED = /(?<![\p{L}\p{N}])["“‘']([^"“”‘’\n]{2,80}?)["”’'](?![\p{L}\p{N}])/gu;

/** Share of the span's words that the question already has. */
function givenShare(qf: QuestionFeatures, span: string): number {
  const terms = contentTerms(span);
  return terms.length ? terms.filter((t) => qf.terms.has(t.term)).length / terms.length : 0;
}

/** The index term of a span's last content word: the head of a name or a noun phrase ("Coria", "titles"). */
const headTerm = (span: string): string | undefined => contentTerms(span).at(-1)?.term;

/**
 * A span whose head is one of the question's words other than the noun it asks for is the question's own
 * subject, not its answer: "Guillermo Coria" for "who knocked Coria out in Auckland", "the New Zealand High Court"
 * for "which airline did Qantas try to link up with before a court threw the deal out". "11 titles" for "how
 * many titles" stays (its head is the focus noun).
 */
const namesTheSubject = (qf: QuestionFeatures, span: string): boolean => {
  const head = headTerm(span);
  return head !== undefined && head !== qf.q.focus?.term && qf.terms.has(head);
};

/** Lists of names of the sentence: two or more name entities joined by commas and a final "and"/"or". */
function lists(c: Candidate): AnswerSpan[] {
  const names = c.entities.filter((e) => NAME.has(e.type));
  const out: AnswerSpan[] = [];
  for (let i = 0; i < names.length; i++) {
    const first = names[i] as Entity;
    for (let j = i; j + 1 < names.length; j++) {
      const gap = c.article.text.slice((names[j] as Entity).end, (names[j + 1] as Entity).start);
      if (!LIST_JOIN.test(gap)) break;
      if (/and|or|&/.test(gap)) out.push({ start: first.start, end: (names[j + 1] as Entity).end, type: first.type, kind: 'list' });
    }
  }
  return out;
}

/** What joins two values into one approximate or partial figure: "three or four years", "five of the eight", "two to three". */
const RANGE_JOIN = /^\s+(or|to)\s+$/i;
const PART_JOIN = /^\s+(of|of the|out of)\s+$/i;
const VALUE = new Set<string>(['number', 'money', 'percent', 'duration', 'date', 'time']);

function ranges(c: Candidate): AnswerSpan[] {
  const values = c.entities.filter((e) => VALUE.has(e.type));
  const out: AnswerSpan[] = [];
  for (let i = 0; i + 1 < values.length; i++) {
    const [a, b] = [values[i] as Entity, values[i + 1] as Entity];
    const gap = c.article.text.slice(a.end, b.start);
    // "rose 2.8% to 14.96bn euros" is a change, not a range: the first value is of the second's kind or a bare count.
    const alike = a.type === b.type || a.type === 'number';
    if ((RANGE_JOIN.test(gap) && alike) || (PART_JOIN.test(gap) && a.type === 'number' && b.type === 'number')) out.push({ start: a.start, end: b.end, type: b.type, kind: 'range' });
  }
  return out;
}

function quotedPhrases(c: Candidate): AnswerSpan[] {
  return [...c.text.matchAll(QUOTED)].flatMap((m) => {
    const inner = m[1] as string;
    if (inner.trim().split(/\s+/).length > TUNING.quotedWords || inner.trim() !== inner) return [];
    const start = c.start + (m.index ?? 0) + 1;
    return [{ start, end: start + inner.length, type: 'phrase' as const, kind: 'quoted' as const }];
  });
}

/**
 * The sentence's candidate short answers: its entities the question does not already name, then lists,
 * quoted phrases and noun phrases that are not one of those and hold a word the question lacks.
 */
export function answerSpans(qf: QuestionFeatures, c: Candidate): AnswerSpan[] {
  const out: AnswerSpan[] = newEntities(qf, c)
    .filter((e) => !namesTheSubject(qf, c.article.text.slice(e.start, e.end)))
    .map((e) => ({ ...e, kind: 'entity' }));
  const seen = new Set(c.entities.map((e) => `${e.start}:${e.end}`));
  const phrases = nounPhrases(c.text, c.start, TUNING.phraseWords).map((s) => ({ ...s, type: 'phrase' as const, kind: 'phrase' as const }));
  for (const s of [...lists(c), ...ranges(c), ...quotedPhrases(c), ...phrases]) {
    const key = `${s.start}:${s.end}`;
    const terms = contentTerms(c.article.text.slice(s.start, s.end));
    if (seen.has(key) || !terms.some((t) => !qf.terms.has(t.term)) || namesTheSubject(qf, c.article.text.slice(s.start, s.end))) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

/** Features of one candidate span of a sentence as the answer to the question (`entities`: the sentence's new entities). */
export function spanFeatures(qf: QuestionFeatures, c: Candidate, e: AnswerSpan, entities: readonly AnswerSpan[]): number[] {
  const { expects } = qf.q;
  const text = c.article.text;
  const rank = e.type === 'phrase' ? -1 : expects.indexOf(e.type);
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
    e.type !== 'phrase' && !NAME.has(e.type) && !DATE.has(e.type) ? 1 : 0,
    DATE.has(e.type) ? 1 : 0,
    Math.min(span.split(/\s+/).length, 5) / 5,
    SPEECH.test(text.slice(e.end, e.end + 12)) ? 1 : 0,
    /\bby\s+$/i.test(text.slice(Math.max(0, e.start - 4), e.start)) ? 1 : 0,
    c.article.title.toLowerCase().includes(span.toLowerCase()) ? 1 : 0,
    Math.max(0, Math.min(entities.filter((f) => f.type === e.type).length - 1, 3)) / 3,
    expects.length ? 0 : 1,
    // "Guillermo Coria" when the question asks who knocked Coria out: a name sharing the question's words
    // is usually the question's own subject, not its answer.
    givenShare(qf, span),
    e.kind === 'list' ? 1 : 0,
    e.kind === 'quoted' ? 1 : 0,
    e.kind === 'phrase' ? 1 : 0,
    // What in the question's wording asks for each kind: a plural focus noun for a list, "call" or
    // "describe" for quoted words, no expected entity type for a noun phrase.
    e.kind === 'list' && qf.q.asksForList ? 1 : 0,
    e.kind === 'quoted' && qf.q.asksForWording ? 1 : 0,
    e.kind === 'phrase' && !expects.length ? 1 : 0,
    // "11 titles" for "how many titles", "10th century" for "what century": the span ends with the noun asked for.
    qf.q.focus && headTerm(span) === qf.q.focus.term ? 1 : 0,
    e.kind === 'range' ? 1 : 0,
  ];
}

/** Each candidate span of the sentence with its features. */
export function spanCandidates(qf: QuestionFeatures, c: Candidate): { span: AnswerSpan; x: number[] }[] {
  const spans = answerSpans(qf, c);
  const entities = spans.filter((s) => s.kind === 'entity');
  return spans.map((span) => ({ span, x: spanFeatures(qf, c, span, entities) }));
}

/**
 * The likeliest span above the floor of the first quote (best first) that has one, and that quote's index. The
 * best quote decides when it holds a likely span; a later one is read only when it holds none, so a confident
 * span further down never outbids the best sentence's ("Air New Zealand"). Cross-validated short match with the
 * first quote only against the first that has one (bbc / squad / seeds): 0.424 / 0.106 / 0.571 → 0.429 / 0.113 /
 * 0.571; choosing over all quotes by P(sentence)^α × P(span) instead: α 1 → 0.412, 8 → 0.429 (docs/quality-ceiling.md, tenth pass).
 */
export function firstLikely<T, S extends { x: readonly number[] }>(quotes: readonly T[], spansOf: (quote: T) => readonly S[], model: LinearModel): { quote: number; span: S } | undefined {
  for (const [quote, q] of quotes.entries()) {
    const span = likeliest(model, spansOf(q), TUNING.shortFloor);
    if (span) return { quote, span };
  }
  return undefined;
}

/** The short answer among the quotes (best first), with the index of the quote it is in. */
export function shortAnswer(qf: QuestionFeatures, quotes: readonly Candidate[], model: LinearModel): { short: Span & { text: string }; quote: number } | undefined {
  const found = firstLikely(quotes, (c) => spanCandidates(qf, c), model);
  if (!found) return undefined;
  const { start, end } = found.span.span;
  return { short: { start, end, text: (quotes[found.quote] as Candidate).article.text.slice(start, end) }, quote: found.quote };
}
