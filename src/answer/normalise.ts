// The front of the query path: a question as people type it in a chat ("how many ppl r expected at
// glastonbury rn", "who chairs the audit committe") → the question the analysis and retrieval read.
// Two steps: chat shorthand expanded from the table below, then spelling repair of the words the corpus
// does not contain (spelling.ts). What the user typed is still what the answer shows.
import { repairSpelling, type KnownTerms, type Lexicon, type Repair } from './spelling.js';

/**
 * General English chat shorthand and apostrophe-less contractions, as listed in common guides to internet
 * and texting abbreviations (Wiktionary's "Appendix:English internet slang" and its lists of English
 * clippings and contractions). Only tokens that are not ordinary words themselves ("wont", "its", "ill",
 * "cos", "info" are left out), nor ones that are often a name or a letter in news ("r kelly", "george w bush", "hr"), so expanding them never changes a word that was meant as typed.
 */
export const SHORTHAND: Readonly<Record<string, string>> = {
  // people and pronouns
  ppl: 'people', peeps: 'people', wat: 'what', wut: 'what', u: 'you', ur: 'your', ya: 'you', yall: "y'all",
  // time
  rn: 'right now', atm: 'at the moment', tmrw: 'tomorrow', tmr: 'tomorrow', tmw: 'tomorrow', '2day': 'today',
  yday: 'yesterday', yr: 'year', yrs: 'years', hrs: 'hours', mins: 'minutes', wk: 'week', wks: 'weeks',
  // connectives and fillers
  bc: 'because', bcuz: 'because', cuz: 'because', coz: 'because', b4: 'before', tho: 'though', thru: 'through',
  abt: 'about', btw: 'by the way', imo: 'in my opinion', imho: 'in my opinion', tbh: 'to be honest',
  afaik: 'as far as I know', idk: "I don't know", iirc: 'if I remember correctly', pls: 'please', plz: 'please',
  thx: 'thanks', thnx: 'thanks', smth: 'something', sth: 'something',
  // clippings common in chat and headlines
  govt: 'government', gvt: 'government', dept: 'department', intl: 'international', natl: 'national',
  mgmt: 'management', approx: 'approximately', exec: 'executive', execs: 'executives', prez: 'president', pic: 'picture',
  pics: 'pictures', vid: 'video', vids: 'videos', msg: 'message', bday: 'birthday', defo: 'definitely', obv: 'obviously', obvs: 'obviously', esp: 'especially',
  // colloquial forms
  gonna: 'going to', wanna: 'want to', gotta: 'got to', kinda: 'kind of', sorta: 'sort of', dunno: "don't know",
  lemme: 'let me', gimme: 'give me', outta: 'out of', lotta: 'lot of',
  // contractions typed without the apostrophe
  whats: "what's", hows: "how's", whos: "who's", wheres: "where's", whens: "when's", whys: "why's", thats: "that's",
  theres: "there's", dont: "don't", doesnt: "doesn't", didnt: "didn't", isnt: "isn't", wasnt: "wasn't", arent: "aren't",
  werent: "weren't", cant: "can't", couldnt: "couldn't", wouldnt: "wouldn't", shouldnt: "shouldn't", havent: "haven't",
  hasnt: "hasn't", hadnt: "hadn't", im: "I'm", ive: "I've", youre: "you're", theyre: "they're", hes: "he's", shes: "she's",
};

// A whole token: not part of "u.s." or "r&b", not glued to a digit, apostrophe or hyphen.
const TOKEN = /(?<![\p{L}\p{N}'’.&/-])[\p{L}\p{N}]+(?![\p{L}\p{N}'’&/-]|\.\p{L})/gu;

/** The question with chat shorthand expanded. A single letter ("u") only when typed lower case. */
export function expandShorthand(text: string): { text: string; expanded: Repair[] } {
  const expanded: Repair[] = [];
  const out = text.replace(TOKEN, (typed: string, start: number) => {
    const lower = typed.toLowerCase();
    const to = Object.hasOwn(SHORTHAND, lower) ? SHORTHAND[lower] : undefined;
    if (to === undefined || (typed.length === 1 && typed !== lower)) return typed;
    expanded.push({ from: typed, to, start });
    return to;
  });
  return { text: out, expanded };
}

export interface Normalised {
  /** The question as the engine reads it. */
  text: string;
  /** Shorthand expanded and words repaired, in the order applied. */
  changes: Repair[];
}

/** Chat shorthand, then spelling repair against the corpus (none without a lexicon). */
export async function normaliseQuestion(question: string, lexicon: Lexicon | undefined, knownTerms: KnownTerms): Promise<Normalised> {
  const { text, expanded } = expandShorthand(question);
  if (!lexicon) return { text, changes: expanded };
  const repaired = await repairSpelling(text, lexicon, knownTerms);
  return { text: repaired.text, changes: [...expanded, ...repaired.repairs] };
}
