// Term analysis shared by the keyword index and sentence scoring, so both agree on what a "word" is.
import { stemmer } from 'stemmer';

// Function words carry no topic; dropping them keeps BM25 and overlap scores about content.
// Question words are stopwords too: "who"/"when" never appear in the answer sentence.
const STOPWORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him ' +
    'himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other ' +
    'our ours ourselves out over own same she should so some such than that the their theirs them themselves then there ' +
    'these they this those through to too under until up very was we were what when where which while who whom why will ' +
    'with would you your yours yourself yourselves s t also whose according much many'
  ).split(' '),
);

// Numbers keep their separators ("1,200", "2.5") so a figure stays one term.
const WORD = /\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{N}]+(?:['’]\p{L}+)?/gu;

/** Lower-cased word tokens, accents folded, possessive 's dropped. Keeps stopwords. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().matchAll(WORD)) {
    const w = m[0];
    out.push(/^\p{N}/u.test(w) ? w.replace(/,/g, '') : w.replace(/['’]s$/, '').replace(/['’]/g, ''));
  }
  return out;
}

// Stemming is the costly step of analysis and a corpus repeats its words: remember each word's stem.
const STEMS = new Map<string, string>();
const MAX_STEMS = 200_000;

/** The index term of one word from `words()`: its stem, the number itself, or null for a stopword. */
export function termOf(word: string): string | null {
  if (STOPWORDS.has(word)) return null;
  if (/^\d/.test(word)) return word;
  let stem = STEMS.get(word);
  if (stem === undefined) {
    if (STEMS.size >= MAX_STEMS) STEMS.clear();
    stem = stemmer(word);
    STEMS.set(word, stem);
  }
  return stem;
}

/** Index/search terms: content words, stemmed. Numbers are kept whole ("1,200" → "1200"). */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const t = termOf(w);
    if (t !== null) out.push(t);
  }
  return out;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word.toLowerCase());
}
