// Ingest stage "annotate": names and values in an article's text, with character offsets, found once at
// ingest so that answering a question pays nothing for tagging.
//
// wink-nlp (with wink-eng-lite-web-model) tokenizes, tags parts of speech and finds values (dates, times,
// counts, ordinals, money, percentages, durations). Measured on 300 BBC articles (611k characters): 0.37 s,
// against 6.7 s for compromise's people/places/organisations plus 6.3 s for its dates plugin, which
// would have taken the BBC ingest past its 30 s budget on its own. wink's lite model has no person /
// organisation / place recogniser, so runs of proper nouns are classed with compromise's lexicon
// (first names, countries, cities, organisations: a lookup, not a parse) and the words around them.
import nlp from 'compromise';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { NAME_CUES } from './name-cues.js';
import type { Entity, EntityType, Span } from './types.js';

// One tagger per process. wink-nlp adds every new word it reads to its lexicon, and its tokenizer and tagger
// read that lexicon, so output can depend on what the process read before (winkjs/wink-nlp#139): after all
// 2,225 BBC articles, 12 of 223 re-read articles tokenise differently ("McDonald's" as one token), while 858
// dev questions tag the same. Ingest reads a corpus in a fixed order, so a rebuild gives the same index.
const wink = winkNLP(model);
const its = wink.its;
const LEXICON = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;

const VALUE_TYPES: Record<string, EntityType> = {
  DATE: 'date', TIME: 'time', CARDINAL: 'number', ORDINAL: 'ordinal', MONEY: 'money', PERCENT: 'percent', DURATION: 'duration',
};

interface Token {
  value: string;
  pos: string;
  start: number;
  end: number;
}

function tokensOf(text: string): { tokens: Token[]; doc: ReturnType<typeof wink.readDoc> } {
  const doc = wink.readDoc(text);
  const values = doc.tokens().out() as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const tokens: Token[] = [];
  let cursor = 0;
  values.forEach((value, i) => {
    // wink keeps every token's original characters; find each after the previous one.
    const at = text.indexOf(value, cursor);
    const start = at < 0 ? cursor : at;
    const end = at < 0 ? cursor : at + value.length;
    cursor = end;
    tokens.push({ value, pos: pos[i] ?? 'X', start, end });
  });
  return { tokens, doc };
}

const lexiconTags = (word: string): string[] => {
  const tag = LEXICON[word.toLowerCase()];
  return tag === undefined ? [] : Array.isArray(tag) ? tag : [tag];
};
const hasTag = (word: string, tags: ReadonlySet<string>): boolean => lexiconTags(word).some((t) => tags.has(t));

/** Class of a run of proper nouns, from the lexicon, the words inside it and the word before it. */
function classify(words: readonly string[], before: string | undefined): EntityType {
  const last = words[words.length - 1] ?? '';
  const first = words[0] ?? '';
  const lowerBefore = before?.toLowerCase() ?? '';
  const orgWord = (w: string) => NAME_CUES.organisationWords.has(w.toLowerCase());
  if (orgWord(last) || (words.length > 1 && orgWord(first)) || words.some((w) => hasTag(w, NAME_CUES.organisationTags))) return 'organisation';
  if (NAME_CUES.organisationBefore.has(lowerBefore)) return 'organisation';
  if (NAME_CUES.personTitles.has(lowerBefore) || NAME_CUES.personTitles.has(first.toLowerCase().replace(/\.$/, ''))) return 'person';
  if (words.length === 1 && /^\p{Lu}{2,5}s?$/u.test(first) && !hasTag(first, NAME_CUES.placeTags)) return 'organisation';
  if (hasTag(last, NAME_CUES.placeTags) || (words.length === 1 && hasTag(first, NAME_CUES.placeTags))) return 'place';
  if (words.length >= 2 && hasTag(first, NAME_CUES.personTags)) return 'person';
  if (NAME_CUES.placeBefore.has(lowerBefore) && words.length <= 2) return 'place';
  return 'name';
}

const glued = (a: Token | undefined, b: Token | undefined) => !!a && !!b && a.end === b.start;
const isOrgWord = (t: Token | undefined) => !!t && NAME_CUES.organisationWords.has(t.value.toLowerCase());
/** A known first name (compromise's lexicon), so not a word that merely starts a sentence. */
const isFirstName = (t: Token | undefined) => !!t && /^\p{Lu}\p{Ll}+$/u.test(t.value) && lexiconTags(t.value).some((g) => g === 'FirstName' || g === 'MaleName' || g === 'FemaleName');
const isTitle = (t: Token | undefined) => !!t && NAME_CUES.personTitles.has(t.value.toLowerCase().replace(/\.$/, ''));

/**
 * Runs of proper nouns ("Harry Belafonte", "Garcia-Lopez"), joined over "of"/"&"/"de" after an
 * organisation's word ("Bank of Japan"), and cut after a title ("Labour MP George Galloway" → "George
 * Galloway") or a nationality ("Spaniard Guillermo Garcia-Lopez").
 */
function properNounRuns(tokens: readonly Token[], nameStarts: ReadonlySet<Token> = new Set()): { from: number; to: number; titled: boolean }[] {
  const runs: { from: number; to: number; titled: boolean }[] = [];
  const isName = (t: Token | undefined) => !!t && ((t.pos === 'PROPN' && /^\p{Lu}/u.test(t.value)) || nameStarts.has(t));
  for (let i = 0; i < tokens.length; i++) {
    if (!isName(tokens[i])) continue;
    let j = i;
    while (true) {
      const next = tokens[j + 1];
      // "Environmental Audit Committee Peter Ainsworth": a first name after an organisation's word starts
      // a person of their own (the committee's chairman), not more of the committee's name.
      if (isName(next) && isOrgWord(tokens[j]) && j > i && hasTag(next?.value ?? '', NAME_CUES.personTags)) break;
      if (isName(next)) j++;
      // "Hugh Grant": the tagger reads a surname that is also a word as a noun or verb; a capitalised word
      // inside a sentence right after a first name is the rest of that name.
      else if (j === i && isFirstName(tokens[j]) && next && /^\p{Lu}\p{Ll}+$/u.test(next.value) && next.pos !== 'PROPN' && next.start === (tokens[j]?.end ?? 0) + 1 && !isOrgWord(next)) j++;
      else if (next?.value === '-' && glued(tokens[j], next) && glued(next, tokens[j + 2]) && isName(tokens[j + 2])) j += 2;
      else if (NAME_CUES.joiners.has(next?.value ?? '') && isName(tokens[j + 2]) && NAME_CUES.organisationWords.has(tokens[j]?.value.toLowerCase() ?? '')) j += 2;
      else break;
    }
    // The name proper starts after the last title or nationality word inside the run.
    let from = i;
    let titled = false;
    for (let k = i; k < j; k++) {
      if (isTitle(tokens[k]) || lexiconTags(tokens[k]?.value ?? '').includes('Demonym')) {
        from = k + 1;
        titled ||= isTitle(tokens[k]);
      }
    }
    titled ||= isTitle(tokens[i - 1]);
    // "Peter Ainsworth MP": a title after the name is not part of it either.
    let to = j;
    // (Unless the name is a first name and that word: "Mervyn King".)
    while (to > from && isTitle(tokens[to]) && !(to === from + 1 && isFirstName(tokens[from]))) {
      to--;
      titled = true;
    }
    const single = tokens[from];
    // A lone nationality or common word capitalised at a sentence start is no name.
    if (!(from === to && single && (lexiconTags(single.value).includes('Demonym') || isTitle(single)))) runs.push({ from, to, titled });
    i = j;
  }
  return runs;
}

/** Extend a value over the currency sign before it and the unit after it: "£" "4.6" "m" → "£4.6m". */
function valueSpan(tokens: readonly Token[], from: number, to: number, type: EntityType): { from: number; to: number; type: EntityType } {
  let t = type;
  let a = from;
  let b = to;
  const prev = tokens[a - 1];
  if (prev && /^[£$€¥]$/.test(prev.value) && prev.end === tokens[a]?.start) {
    a--;
    t = 'money';
  }
  const next = tokens[b + 1];
  if (next && NAME_CUES.unitSuffixes.has(next.value.toLowerCase()) && (t === 'money' || next.start === tokens[b]?.end)) b++;
  const currency = tokens[b + 1];
  if (currency && NAME_CUES.currencies.has(currency.value.toLowerCase())) {
    b++;
    t = 'money';
  }
  // "19-strong", "five-year": a figure glued to its word by a hyphen is one value.
  if (tokens[b + 1]?.value === '-' && glued(tokens[b], tokens[b + 1]) && glued(tokens[b + 1], tokens[b + 2]) && /^\p{Ll}+$/u.test(tokens[b + 2]?.value ?? '')) b += 2;
  const after = tokens[b + 1];
  if (after && (after.value === '%' || (after.value.toLowerCase() === 'per' && tokens[b + 2]?.value.toLowerCase() === 'cent'))) {
    b += after.value === '%' ? 1 : 2;
    t = 'percent';
  }
  return { from: a, to: b, type: t };
}

/** Every name and value in `text`, sorted by start, with offsets into `text`. */
export function annotate(text: string): Entity[] {
  if (!text) return [];
  const { tokens, doc } = tokensOf(text);
  const out: Entity[] = [];
  const taken = new Set<number>();
  const nameStarts = new Set<Token>();
  const spans = doc.entities().out(its.span) as unknown as [number, number][];
  const types = doc.entities().out(its.type) as string[];
  spans.forEach(([from, to], i) => {
    const base = VALUE_TYPES[types[i] ?? ''];
    if (!base) return;
    // "the First Division Association", "the Second World War": a capitalised ordinal before a name is the
    // name's first word, not a rank.
    const word = tokens[from] as Token;
    const next = tokens[to + 1];
    if (base === 'ordinal' && from === to && /^\p{Lu}\p{Ll}+$/u.test(word.value) && next?.pos === 'PROPN' && /^\p{Lu}/u.test(next.value) && next.start === word.end + 1) {
      nameStarts.add(word);
      return;
    }
    let first = from;
    // "since 1993", "over three years": the value is what follows the preposition.
    while (first < to && NAME_CUES.valueLead.has((tokens[first] as Token).value.toLowerCase())) first++;
    const v = valueSpan(tokens, first, to, base);
    for (let k = v.from; k <= v.to; k++) taken.add(k);
    out.push({ start: (tokens[v.from] as Token).start, end: (tokens[v.to] as Token).end, type: v.type });
  });
  const names: { entity: Entity; words: string[] }[] = [];
  for (const run of properNounRuns(tokens, nameStarts)) {
    if (taken.has(run.from)) continue; // a month name inside a date
    // A title before the name ("Mr Blair", "MP George Galloway") marks a person but is not part of it.
    const words = tokens.slice(run.from, run.to + 1).map((t) => t.value).filter((w) => w !== '-');
    const type = run.titled ? 'person' : classify(words, tokens[run.from - 1]?.value);
    const entity: Entity = { start: (tokens[run.from] as Token).start, end: (tokens[run.to] as Token).end, type };
    names.push({ entity, words });
    out.push(entity);
  }
  // A surname alone ("Belafonte said") is the person named in full earlier in the article.
  const people = new Set(names.filter((n) => n.entity.type === 'person' && n.words.length > 1).map((n) => n.words[n.words.length - 1]));
  const orgs = new Set(names.filter((n) => n.entity.type === 'organisation').flatMap((n) => n.words.filter((w) => /^\p{Lu}/u.test(w))));
  for (const n of names) {
    if (n.entity.type !== 'name') continue;
    if (people.has(n.words[n.words.length - 1])) n.entity.type = 'person';
    else if (n.words.every((w) => orgs.has(w))) n.entity.type = 'organisation';
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Words of a short text (a question) with their parts of speech (wink's universal tags: NOUN, VERB, DET…). */
export function taggedWords(text: string): { word: string; pos: string }[] {
  return text ? tokensOf(text).tokens.map((t) => ({ word: t.value, pos: t.pos })) : [];
}

const PHRASE_POS = new Set(['ADJ', 'NOUN', 'PROPN', 'NUM']);

/**
 * Noun phrases of a sentence: a run of adjectives, nouns and figures up to its last noun, of at most
 * `maxWords` words ("high fuel prices", "photo ID cards", "12 charities"), as spans of `text` shifted by `offset`.
 * Candidates for a short answer that is neither a name nor a value; tagged when answering (one sentence per
 * answer: at the 0.37 s per 611k characters measured above, about a tenth of a millisecond), not at ingest,
 * so that the index keeps only names and values.
 */
export function nounPhrases(text: string, offset: number, maxWords: number): Span[] {
  if (!text) return [];
  const { tokens } = tokensOf(text);
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!PHRASE_POS.has((tokens[i] as Token).pos)) continue;
    let j = i;
    while (PHRASE_POS.has(tokens[j + 1]?.pos ?? '')) j++;
    let last = j;
    while (last >= i && !['NOUN', 'PROPN'].includes((tokens[last] as Token).pos)) last--;
    if (last >= i && last - i < maxWords) out.push({ start: offset + (tokens[i] as Token).start, end: offset + (tokens[last] as Token).end });
    i = j;
  }
  return out;
}
