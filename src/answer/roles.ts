// Grammatical roles for the short answer (eleventh pass, docs/quality-ceiling.md): two names of the expected type
// in one sentence, one the doer and one the done-to of the question's verb ("who knocked Coria out": the doer).
// compromise's verb API gives each verb's infinitive, whether it is passive, and a heuristic subject (the noun
// phrase before it in its clause); no objects. A subject of an active verb is the doer, of a passive one the
// done-to. The question's wh-word is the doer when a verb follows it ("who knocked …", "which player scored …")
// and the done-to when an auxiliary and another subject do ("who did Moya beat", "who was knocked out").
import nlp from 'compromise';

export type Role = 'doer' | 'done-to';

export interface VerbRole {
  /** The verb's infinitive ("knock out", "receive"). */
  lemma: string;
  /** Its subject's offsets within the sentence. */
  start: number;
  end: number;
  /** What the subject is to the verb. */
  role: Role;
}

interface VerbJson { offset?: { start: number; length: number }; verb?: { infinitive?: string; grammar?: { passive?: boolean } } }

const SKIP = new Set(['be', 'do', 'have']);

/** The subjects of a text's verbs, with the verbs' infinitives (the auxiliaries be/do/have left out). */
export function verbRoles(text: string): VerbRole[] {
  const out: VerbRole[] = [];
  nlp(text).verbs().forEach((v) => {
    const j = (v.json({ offset: true }) as VerbJson[])[0];
    const lemma = j?.verb?.infinitive?.toLowerCase().split(' ')[0];
    if (!lemma || SKIP.has(lemma)) return;
    for (const s of (v as unknown as { subjects(): { json(o: object): unknown } }).subjects().json({ offset: true }) as { text: string; offset: { start: number; length: number } }[]) {
      const text = s.text.replace(/[\s,;:]+$/, '');
      out.push({ lemma, start: s.offset.start, end: s.offset.start + text.length, role: j.verb?.grammar?.passive ? 'done-to' : 'doer' });
    }
  });
  return out;
}

const cache = new Map<string, VerbRole[]>();
/** `verbRoles`, remembered per sentence text (the same sentence is read for many questions while training). */
export function sentenceRoles(text: string): VerbRole[] {
  let roles = cache.get(text);
  if (!roles) {
    roles = verbRoles(text);
    if (cache.size > 20_000) cache.clear();
    cache.set(text, roles);
  }
  return roles;
}

const WH = /^(?:(?:so|and|ok|okay|hey|but|also|then)\s+)*(who|whom|what|which)(?:\s+(\w+))?\s+(\S+)/i;
const DO_MODAL = /^(did|does|do|will|would|can|could|should|has|have|had|might|may|must)$/i;
const BE = /^(is|was|are|were|been|being)$/i;

export interface QuestionRole {
  /** What the wh-word is to the question's verb, when the wording tells. */
  wh?: Role;
  /** The infinitives of the question's verbs, first word only ("knock" of "knock out"; be/do/have left out). */
  lemmas: Set<string>;
}

/** The wh-word's role and the question's verbs. */
export function questionRole(question: string): QuestionRole {
  const text = question.trim().replace(/\?+$/, '');
  const doc = nlp(text);
  const verbs = doc.verbs().json() as VerbJson[];
  const lemmas = new Set(verbs.map((v) => v.verb?.infinitive?.toLowerCase().split(' ')[0]).filter((l): l is string => !!l && !SKIP.has(l)));
  const m = WH.exec(text.replace(/'s\b/, ' is'));
  if (!m || !/^who/i.test(m[1] as string)) return { lemmas };
  const [, wh, second, third] = m as unknown as [string, string, string | undefined, string];
  // "which player scored": the noun after which/what belongs to the wh-phrase.
  const next = (wh.toLowerCase() === 'which' || wh.toLowerCase() === 'what') && second && !DO_MODAL.test(second) && !BE.test(second) ? third : second;
  if (!next) return { lemmas };
  if (DO_MODAL.test(next)) return { wh: 'done-to', lemmas };
  if (BE.test(next)) {
    const passive = verbs.some((v) => v.verb?.grammar?.passive);
    return { wh: passive ? 'done-to' : /ing\b/.test(text) ? 'doer' : undefined, lemmas };
  }
  return { wh: wh.toLowerCase() === 'whom' ? undefined : 'doer', lemmas };
}

/**
 * The span's role features in its sentence (`at`: the span's offsets within the sentence): [the span is the
 * subject of a verb of the question with the role the wh-word has; … with the other role; the span is the subject
 * of any verb with the wh-word's role].
 */
export function roleFeatures(q: QuestionRole, sentence: string, at: { start: number; end: number }): [number, number, number] {
  if (!q.wh) return [0, 0, 0];
  const inside = sentenceRoles(sentence).filter((r) => at.start >= r.start && at.end <= r.end);
  const matched = inside.filter((r) => q.lemmas.has(r.lemma));
  return [
    matched.some((r) => r.role === q.wh) ? 1 : 0,
    matched.some((r) => r.role !== q.wh) ? 1 : 0,
    inside.some((r) => r.role === q.wh) ? 1 : 0,
  ];
}
