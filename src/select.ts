// Picks the sentences that answer a question from the retrieved chunks, and decides when nothing does.
// Each sentence is scored on how much of the question's rare vocabulary it (and its chunk) contains,
// how close its vector is to the question's, how well its chunk ranked, and whether it holds the kind
// of thing the question asks for (a number, a date, a name).
import type { Quote } from './compose.js';
import { dot } from './vectors.js';
import { splitSentences } from './sentences.js';
import { isStopword, terms, words } from './terms.js';
import type { WordSimilarity } from './wordsim.js';
import type { ScoredChunk } from './types.js';

export interface SelectTuning {
  /** Chunks whose sentences are considered. */
  chunks: number;
  /** At most this many quotes. */
  maxQuotes: number;
  /** A further quote must score at least this share of the best one. */
  followRatio: number;
  /** Count paraphrases (word-vector neighbours) as partial matches. */
  paraphrase: boolean;
  /** Abstain when the best sentence's evidence (weighted term coverage) is below this. */
  abstainBelow: number;
  /** Weights of a sentence's score: evidence, vector similarity, its chunk's rank score, answer-type cue. */
  weights: { evidence: number; similarity: number; chunk: number; cue: number; phrase: number };
}

export const DEFAULT_SELECT: SelectTuning = {
  chunks: 6,
  maxQuotes: 3,
  followRatio: 0.85,
  paraphrase: true,
  abstainBelow: 0.15,
  weights: { evidence: 0.55, similarity: 0.2, chunk: 0.15, cue: 0.1, phrase: 0.1 },
};

export type QuestionType = 'number' | 'date' | 'name' | 'place' | 'other';

export function questionType(question: string): QuestionType {
  const q = question.toLowerCase();
  if (/\bhow (many|much|long|far|old|large|big)\b|\bwhat (number|percentage|amount)\b/.test(q)) return 'number';
  if (/\bwhen\b|\bwhat (year|date|day|month|century|time)\b|\bwhich (year|date|day|month|century)\b/.test(q)) return 'date';
  if (/\bwho(m|se)?\b|\bwhich (person|group|groups|company|organi[sz]ation|leader)\b/.test(q)) return 'name';
  if (/\bwhere\b|\bwhich (country|city|town|province|region|area|village)\b/.test(q)) return 'place';
  return 'other';
}

const NUMBER = /\b\d[\d,.]*\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|dozens?|million|single|once|twice)\b/i;
const DATE = /\b(1[0-9]|20)\d{2}\b|\b(january|february|march|april|may|june|july|august|september|october|november|december)\b|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\b\d{1,2}(st|nd|rd|th) century\b|\bcentur(y|ies)\b/i;

/** Does the sentence hold something of the asked-for kind that the question itself does not already say? */
export function typeCue(type: QuestionType, sentence: string, question: string): number {
  if (type === 'number') return NUMBER.test(sentence.replace(/\b(19|20)\d{2}\b/g, '')) ? 1 : 0;
  if (type === 'date') return DATE.test(sentence) ? 1 : 0;
  if (type === 'name' || type === 'place') {
    const asked = new Set(words(question));
    // A capitalised word not at the sentence start and not in the question: a candidate name.
    const names = sentence.match(/(?<=\S\s+)[A-Z][\p{L}'’-]+/gu) ?? [];
    return names.some((n) => !asked.has(n.toLowerCase().replace(/['’]s$/, ''))) ? 1 : 0;
  }
  return 0;
}

/**
 * Names and figures the question depends on but the corpus does not support: a capitalised name that no
 * chunk mentions ("Which company makes the iPhone?"), or a number absent from the best passage. Either
 * means the question is about something the articles do not cover, however well the other words match.
 */
export function unsupportedTerms(question: string, bestPassage: string, known: (term: string) => boolean): string[] {
  const tokens = question.match(/[\p{L}\p{N}][\p{L}\p{N}'’.,-]*/gu) ?? [];
  // The first word is capitalised by grammar, not because it is a name.
  const names = tokens.slice(1).filter((t) => /\p{Lu}/u.test(t)).flatMap((t) => terms(t)).filter((t) => !/^\d/.test(t) && !known(t));
  const passage = new Set(terms(bestPassage));
  const figures = tokens.filter((t) => /^\d/.test(t)).flatMap((t) => terms(t.replace(/[.,]$/, ''))).filter((t) => /^\d/.test(t) && !passage.has(t));
  return [...new Set([...names.map((n) => `name:${n}`), ...figures.map((f) => `figure:${f}`)])];
}

const NEGATION = /n['’]t\b|\b(not|never|no|none|nor|without|neither|nobody|nothing)\b/i;
// Idioms that contain a negation word without negating anything.
const NOT_NEGATION = /\b(whether )?or not\b|\bmay or may not\b|\bnot only\b/gi;
// Words that restrict a question to a time or an exception ("killed before the truce").
const RESTRICTION = /\b(before|after|until|since|during|except|besides|instead)\b/gi;

/**
 * A question that negates ("Who never signed?") or restricts ("…before the truce?") is not answered by
 * quotes that carry no negation, or not the restricting word: quoting them would answer another question.
 * Returns the reasons to abstain, if any.
 */
export function qualifierVetoes(question: string, quotes: readonly { text: string }[]): string[] {
  const q = question.replace(NOT_NEGATION, '');
  const text = quotes.map((x) => x.text).join(' ');
  const out: string[] = [];
  if (NEGATION.test(q) && !NEGATION.test(text)) out.push('negation');
  for (const word of new Set((q.match(RESTRICTION) ?? []).map((w) => w.toLowerCase()))) {
    if (!new RegExp(`\\b${word}\\b`, 'i').test(text)) out.push(`restriction:${word}`);
  }
  return out;
}

/**
 * A "how many" question is not answered by quotes holding no number: whatever words they share with it,
 * they say something else. (The same test for "when" and dates cost 1.7 points of false abstention on
 * squad-dev for 2.1 points more abstention on unanswerables, so it is not made.)
 */
export function numberVetoes(question: string, quotes: readonly { text: string }[]): string[] {
  if (questionType(question) !== 'number' || quotes.length === 0) return [];
  return quotes.some((q) => typeCue('number', q.text, question) > 0) ? [] : ['no-number'];
}

export interface Candidate extends Quote {
  /** Share of the question's idf weight found in the sentence and its neighbourhood (0–1). */
  evidence: number;
}

export interface SelectContext {
  idf: (term: string) => number;
  /** Embeds sentences (unit vectors). */
  embed: (texts: string[]) => Promise<Float32Array[]>;
  /** Paraphrase matching between words; without it only exact (stemmed) matches count. */
  words?: WordSimilarity;
}

/** A question's content words with their stemmed term and idf weight. */
interface QuestionWord {
  word: string;
  term: string;
  weight: number;
}

function contentWords(text: string): { word: string; term: string }[] {
  return words(text)
    .filter((w) => !isStopword(w))
    .map((w) => ({ word: w, term: terms(w)[0] ?? w }));
}

/**
 * Share of the question's idf weight found in `text`: an exact (stemmed) match counts fully, a paraphrase
 * counts by how similar its word vector is, above a floor that keeps unrelated words at zero.
 */
function coverage(q: readonly QuestionWord[], total: number, text: string, sim?: WordSimilarity, floor = 0.6): number {
  if (total === 0) return 0;
  const present = contentWords(text);
  const termSet = new Set(present.map((p) => p.term));
  let got = 0;
  for (const { word, term, weight } of q) {
    if (termSet.has(term)) got += weight;
    else if (sim) {
      let best = 0;
      for (const p of present) best = Math.max(best, sim.similarity(word, p.word));
      if (best > floor) got += weight * 0.8 * ((best - floor) / (1 - floor));
    }
  }
  return got / total;
}

/** Adjacent content-term pairs: shared phrases ("basic Turing machine") are strong evidence of the answer sentence. */
export function bigrams(text: string): Set<string> {
  const t = terms(text);
  const out = new Set<string>();
  for (let i = 1; i < t.length; i++) out.add(`${t[i - 1]} ${t[i]}`);
  return out;
}

export function phraseShare(question: Set<string>, text: string): number {
  if (question.size === 0) return 0;
  const b = bigrams(text);
  let n = 0;
  for (const g of question) if (b.has(g)) n++;
  return n / question.size;
}

/** A sub-heading ("Deadliest attacks"): a few words with no sentence end. It names a topic, it answers nothing. */
export function isHeading(text: string): boolean {
  return !/[.!?:;"”’')\]]$/.test(text.trim()) && words(text).length < 8;
}

/** Score every sentence of the top chunks; best first. */
export async function scoreSentences(
  question: string,
  questionVector: Float32Array,
  ranked: readonly ScoredChunk[],
  ctx: SelectContext,
  tuning: SelectTuning = DEFAULT_SELECT,
): Promise<Candidate[]> {
  const seenTerms = new Set<string>();
  const qWords: QuestionWord[] = [];
  for (const { word, term } of contentWords(question)) {
    if (seenTerms.has(term)) continue;
    seenTerms.add(term);
    qWords.push({ word, term, weight: ctx.idf(term) });
  }
  const total = qWords.reduce((a, b) => a + b.weight, 0);
  const qBigrams = bigrams(question);
  const type = questionType(question);
  const top = ranked.slice(0, tuning.chunks);
  const best = top[0]?.score || 1;

  const sim = tuning.paraphrase && ctx.words ? ctx.words : undefined;
  if (sim) await sim.prepare([...qWords.map((w) => w.word), ...top.flatMap((sc) => contentWords(sc.chunk.text).map((w) => w.word))]);
  const seen = new Set<string>();
  const raw: { sc: ScoredChunk; start: number; end: number; text: string; local: number; window: number }[] = [];
  for (const sc of top) {
    const spans = splitSentences(sc.chunk.text);
    spans.forEach((s, i) => {
      const start = sc.chunk.start + s.start;
      const key = `${sc.chunk.source}@${start}`;
      if (seen.has(key)) return;
      seen.add(key);
      const text = sc.chunk.text.slice(s.start, s.end);
      if (isHeading(text)) return;
      // Neighbours catch answers whose subject was named one sentence earlier ("He said…").
      const prev = spans[i - 1];
      const window = prev ? sc.chunk.text.slice(prev.start, s.end) : text;
      raw.push({
        sc, start, end: sc.chunk.start + s.end, text,
        local: coverage(qWords, total, text, sim),
        window: coverage(qWords, total, window, sim),
      });
    });
  }
  if (raw.length === 0) return [];
  const vectors = await ctx.embed(raw.map((r) => r.text));

  const out: Candidate[] = raw.map((r, i) => {
    const evidence = 0.75 * r.local + 0.25 * r.window;
    const similarity = dot(questionVector, vectors[i] as Float32Array);
    const cue = typeCue(type, r.text, question);
    const w = tuning.weights;
    const phrase = phraseShare(qBigrams, r.text);
    const score = w.evidence * evidence + w.similarity * similarity + w.chunk * (r.sc.score / best) + w.cue * cue + w.phrase * phrase;
    return { chunk: r.sc.chunk, start: r.start, end: r.end, text: r.text, score, evidence };
  });
  return out.sort((a, b) => b.score - a.score);
}

/** The quotes to show, or an empty list to abstain. */
export function chooseQuotes(candidates: readonly Candidate[], tuning: SelectTuning = DEFAULT_SELECT): Candidate[] {
  const best = candidates[0];
  if (!best || best.evidence < tuning.abstainBelow) return [];
  const chosen = [best];
  for (const c of candidates.slice(1)) {
    if (chosen.length >= tuning.maxQuotes || c.score < tuning.followRatio * best.score) break;
    // Skip sentences already inside a chosen one (chunk overlap) or repeating its text (wire copies).
    if (chosen.some((q) => q.text === c.text || (q.chunk.source === c.chunk.source && c.start < q.end && q.start < c.end))) continue;
    chosen.push(c);
  }
  return chosen;
}
