// Question analysis, done once: what kind of answer is expected, which words the answer sentence should
// share with the question, and which names and figures the question takes for granted. Every later stage
// reads this value; none re-parses the question.
import { taggedWords } from '../annotate.js';
import { isStopword, termOf, words } from '../terms.js';
import type { EntityType } from '../types.js';
import { nounKind } from './noun-kinds.js';

export type AnswerKind =
  | 'person' | 'organisation' | 'place' | 'number' | 'money' | 'percent' | 'date' | 'time' | 'ordinal' | 'duration'
  | 'reason' | 'yes-no' | 'definition' | 'event' | 'other';

/** Kinds whose answer is a name or a value the text marks as an entity (the rest are clauses). */
export const EXPECTED_ENTITIES: Record<AnswerKind, readonly EntityType[]> = {
  person: ['person', 'name'],
  organisation: ['organisation', 'name'],
  place: ['place', 'name'],
  number: ['number', 'money', 'percent'],
  money: ['money', 'number'],
  percent: ['percent', 'number'],
  date: ['date', 'duration'],
  time: ['time', 'date', 'duration'],
  ordinal: ['ordinal'],
  duration: ['duration', 'date', 'number'],
  reason: [],
  'yes-no': [],
  definition: [],
  event: [],
  other: [],
};

const MONEY_WORDS = new Set('pay paid cost costs costing spend spent worth price sell sold buy bought raise raised earn earned fine fined fee bid offer offered charge charged invest invested save saved lose lost owe owed deal profit profits loss losses revenue sales budget tax bill'.split(' '));
const AUXILIARIES = new Set('is are was were do does did has have had can could will would should may might must'.split(' '));
const FILLERS = new Set(['so', 'and', 'ok', 'okay', 'hey', 'but', 'um', 'also', 'then', 'pls', 'please', 'anyone', 'quick', 'q', 'question']);

export interface QuestionWord {
  /** The word as `words()` gives it (lower-case). */
  word: string;
  /** Its index term (stem). */
  term: string;
  /** Written with a capital in the question, or a figure: names and numbers the answer's passage must share. */
  key: boolean;
}

export interface QuestionAnalysis {
  text: string;
  kind: AnswerKind;
  /** Entity types that can answer it (empty for reasons, events, yes/no). */
  expects: readonly EntityType[];
  /** Distinct content words, in order. */
  words: QuestionWord[];
  /** Figures the question states ("in 2004", "the 19 countries"). */
  figures: string[];
  /** "never", "not", "without": the question is about an absence. */
  negated: boolean;
  /** "which countries…", "what groups…": a plural focus noun asks for a list. */
  asksForList: boolean;
  /** "what did Blair call…", "how did X describe…": the answer is often the words quoted. */
  asksForWording: boolean;
  /**
   * The noun the question asks for ("which airline…" → airline, "how many voice commands…" → commands, "what
   * type of Turing machine…" → machine): the answer is often named beside it ("the airline British Airways")
   * or ends with it ("11 titles"), where the question's other words name its subject instead.
   */
  focus?: QuestionWord;
}

const POS_IN_FOCUS = new Set(['ADJ', 'NOUN', 'PROPN', 'NUM']);
/** "what type of X": the noun after these words is the focus. */
const OF_NOUNS = new Set(['type', 'types', 'kind', 'kinds', 'sort', 'sorts', 'form', 'forms']);

type Tagged = { word: string; pos: string }[];

/** The head noun of the phrase right after "which"/"what" (tagged as a determiner) or "how many/much". */
function focusOf(tagged: Tagged): QuestionWord | undefined {
  let i = tagged.findIndex((t, k) => (/^(which|what|whose)$/.test(t.word) && t.pos === 'DET') || (t.word === 'how' && /^(many|much)$/.test(tagged[k + 1]?.word ?? '')));
  if (i < 0) return undefined;
  i += tagged[i]?.word === 'how' ? 2 : 1;
  // "how many of the critics": the noun after "of the".
  if (tagged[i]?.word === 'of') i += tagged[i + 1]?.pos === 'DET' ? 2 : 1;
  let head: string | undefined;
  for (; i < tagged.length && POS_IN_FOCUS.has(tagged[i]?.pos ?? ''); i++) {
    const t = tagged[i] as { word: string; pos: string };
    if (t.pos === 'NOUN' || t.pos === 'PROPN') head = t.word;
    if (OF_NOUNS.has(t.word) && tagged[i + 1]?.word === 'of') i++;
  }
  const term = head === undefined ? null : termOf(words(head)[0] ?? '');
  return head === undefined || term === null ? undefined : { word: head, term, key: false };
}

/**
 * The noun whose kind the question asks for when no focus was tagged: "what is robert jackson's constituency",
 * "what's the piracy rate in china" (the noun "what" is equated with; "the name of X" asks for X's name, so
 * X's head), or "which daesh-allied group is…" where the tagger read "which" as a pronoun (the last noun
 * before the verb). Not "what was Jabhat Fateh al-Sham known as": a noun phrase followed by a verb is the
 * subject.
 */
function kindNoun(tagged: Tagged): string | undefined {
  let i = tagged.findIndex((t) => /^(what|which)$/.test(t.word));
  if (i < 0) return undefined;
  const equated = tagged[i + 1]?.pos === 'AUX';
  if (!equated && tagged[i]?.word !== 'which') return undefined;
  let head: string | undefined;
  const end = equated ? tagged.length : Math.min(tagged.length, i + 5);
  for (i += equated ? 2 : 1; i < end; i++) {
    const t = tagged[i] as { word: string; pos: string };
    if (t.pos === 'NOUN' || t.pos === 'PROPN') head = t.word;
    else if (t.word === 'of' && head === 'name') head = undefined;
    else if ((!equated && t.pos !== 'AUX' && t.pos !== 'ADP') || t.word === '-') continue;
    else if (!(POS_IN_FOCUS.has(t.pos) || t.pos === 'DET' || t.pos === 'PART')) break;
  }
  const next = tagged[i]?.pos ?? 'PUNCT';
  return equated && /^(VERB|AUX|ADV)$/.test(next) ? undefined : head;
}

// The question's opening words (after "so", "and", "ok") decide the kind; a "what/which <noun>" question
// takes the kind of its focus noun, from WordNet (noun-kinds.ts).
function kindOf(tokens: readonly string[], noun: string | undefined): AnswerKind {
  let i = 0;
  while (FILLERS.has(tokens[i] ?? '')) i++;
  const t = tokens.slice(i);
  const [a = '', b = '', c = ''] = t;
  // The wh-word is usually first, but casual questions put it later ("chelsea paid how much for desailly").
  const wh = t.findIndex((w) => /^(who|whom|whose|when|where|why|how|what|which)$/.test(w));
  const w0 = wh >= 0 ? t[wh] ?? '' : a;
  const w1 = wh >= 0 ? t[wh + 1] ?? '' : b;
  const w2 = wh >= 0 ? t[wh + 2] ?? '' : c;
  const rest = new Set(t);
  if (w0 === 'how') {
    if (w1 === 'many') return 'number';
    if (w1 === 'much') return [...rest].some((w) => MONEY_WORDS.has(w) || /^[£$€]/.test(w)) ? 'money' : 'number';
    if (w1 === 'long') return 'duration';
    if (w1 === 'come') return 'reason';
    if (/^(old|big|large|far|fast|tall|high|heavy|deep|often|soon)$/.test(w1)) return 'number';
    return 'other';
  }
  if (w0 === 'who' || w0 === 'whom' || w0 === 'whose') return 'person';
  if (w0 === 'when') return 'date';
  if (w0 === 'where') return 'place';
  if (w0 === 'why') return 'reason';
  if (w0 === 'what' || w0 === 'which') {
    if (rest.has('%') || rest.has('percent') || (rest.has('per') && rest.has('cent'))) return 'percent';
    // "what year", "which telecoms company": the head noun after the wh-word names the kind.
    const kind = noun ? nounKind(noun) : undefined;
    if (kind) return kind;
    // "what is clijsters ranked", "what was he seeded": the verb of a place in an order asks for an ordinal.
    if (rest.has('ranked') || rest.has('seeded')) return 'ordinal';
    if (/^(happened|happens|happen)$/.test(w1)) return 'event';
    if (w1 === 'caused' || (w1 === 'is' && w2 === 'the' && t[wh + 3] === 'reason')) return 'reason';
    if ((w1 === 'is' || w1 === 'are' || w1 === 'does') && t.length <= wh + 4) return 'definition';
    return 'other';
  }
  if (AUXILIARIES.has(a)) return 'yes-no';
  return 'other';
}

/** Analyse a question once. */
export function analyseQuestion(question: string): QuestionAnalysis {
  const text = question.trim();
  const tokens = words(text);
  // Tagged as typed ("Turing" is a name where "turing" reads as a verb), compared in lower case.
  const tagged = taggedWords(text).map((t) => ({ word: t.word.toLowerCase(), pos: t.pos }));
  const focus = focusOf(tagged);
  const kind = kindOf(/%/.test(text) ? [...tokens, '%'] : tokens, focus?.word ?? kindNoun(tagged));
  // Words with a capital after the first word ("Qadam", "iPhone") are names the user typed as names;
  // lower-case questions have none.
  const capitalised = new Set((text.match(/(?<=\S\s+)[\p{L}\p{N}'’.-]*\p{Lu}[\p{L}\p{N}'’.-]*/gu) ?? []).flatMap((w) => words(w)));
  const seen = new Set<string>();
  const out: QuestionWord[] = [];
  for (const word of tokens) {
    if (isStopword(word)) continue;
    const term = termOf(word);
    if (term === null || seen.has(term)) continue;
    seen.add(term);
    out.push({ word, term, key: capitalised.has(word) || /^\d/.test(word) });
  }
  return {
    text,
    kind,
    expects: EXPECTED_ENTITIES[kind],
    words: out,
    figures: tokens.filter((w) => /^\d/.test(w)),
    negated: /\b(not|never|no|without|nobody|none)\b|n['’]t\b/i.test(text),
    asksForList: /\b(which|what)\s+(?:\w+\s+)?\w{3,}(?:ies|[^s\W]s)\b/i.test(text),
    ...(focus ? { focus } : {}),
    asksForWording: /\b(call|called|calls|calling|describe|described|describes|dub|dubbed|label|labelled|term|termed)\b/i.test(text),
  };
}
