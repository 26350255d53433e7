// The kind of answer a question's focus noun asks for: "which carmaker" → organisation, "what fee" → money.
// From WordNet's hypernyms, precomputed into noun-kinds.json (`npm run build:noun-kinds`, wordnet-kinds.ts
// says how), plus the few news words WordNet reads otherwise (NEWS_NOUN_KINDS, each with its reason).
import { readFileSync } from 'node:fs';
import type { NounKind } from './wordnet-kinds.js';

export const NOUN_KINDS_FILE = new URL('./noun-kinds.json', import.meta.url);

export interface NounKindTable {
  /** Where the table comes from and how it was built. */
  source: string;
  /** Kind → its nouns, space-separated, sorted. */
  kinds: Partial<Record<NounKind, string>>;
}

/**
 * News senses WordNet does not give as a noun's main one, each with its reason (docs/quality-ceiling.md, thirteenth
 * pass); a test checks that WordNet reads each of them otherwise. The rest of the old hand table is WordNet's now.
 */
export const NEWS_NOUN_KINDS: Readonly<Record<string, NounKind>> = {
  // Firms and public bodies named by what they do; WordNet has only the person (or device) sense, or ranks it
  // below the person's (maker).
  broadcaster: 'organisation',
  carrier: 'organisation',
  retailer: 'organisation',
  regulator: 'organisation',
  maker: 'organisation',
  // "Which rebel group": an organised group; WordNet's "group" is the abstract top category.
  group: 'organisation',
  // A holding or an economic figure, reported as a percentage; WordNet: assets, a biological process.
  share: 'percent',
  stake: 'percent',
  growth: 'percent',
  // A place in a chart or a league table; WordNet's first senses are locations.
  position: 'ordinal',
  spot: 'ordinal',
  // A UK electoral district; WordNet has only "the body of voters".
  constituency: 'place',
  // "What time": a clock reading; WordNet's main senses are occasions and periods.
  time: 'time',
};

let table: Map<string, NounKind> | undefined;

function loaded(): Map<string, NounKind> {
  if (table) return table;
  const parsed = JSON.parse(readFileSync(NOUN_KINDS_FILE, 'utf8')) as NounKindTable;
  table = new Map(Object.entries(parsed.kinds).flatMap(([kind, nouns]) => nouns.split(' ').map((n) => [n, kind as NounKind] as const)));
  for (const [noun, kind] of Object.entries(NEWS_NOUN_KINDS)) table.set(noun, kind);
  return table;
}

/** WordNet's rules for a plural's base form ("countries" → country, "women" → woman), in its order. */
const PLURALS: readonly [string, string][] = [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']];

/** The kind a focus noun asks for, or undefined when WordNet gives it none (a "which game" question). */
export function nounKind(noun: string): NounKind | undefined {
  const kinds = loaded();
  const word = noun.toLowerCase();
  const exact = kinds.get(word);
  if (exact) return exact;
  for (const [suffix, base] of PLURALS) {
    if (word.length > suffix.length + 1 && word.endsWith(suffix)) {
      const kind = kinds.get(word.slice(0, -suffix.length) + base);
      if (kind) return kind;
    }
  }
  return undefined;
}
