// Answer voting: aggregate span probabilities by span text over the top-k sentences.
import { readFileSync } from 'node:fs';
import { pick } from '../../src/answer/abstain.js';
import { firstLikely } from '../../src/answer/highlight.js';
import { promote } from '../../src/answer/joint.js';
import { probability, type LinearModel } from '../../src/answer/linear.js';
import { chooseThreshold } from '../../src/answer/threshold.js';
import { FEATURES } from '../../src/answer/features.js';
import { DEFAULT_TRAIN, fit, foldOf, rescore, setFigures, type TrainingCandidate, type TrainingQuestion } from '../../src/answer/train.js';
const qs = JSON.parse(readFileSync('/tmp/joint-cache2.json', 'utf8')) as TrainingQuestion[];
const sets = ['bbc', 'squad', 'seeds'];
const EXPECTS = FEATURES.indexOf('expectsEntity');
const splits = [0, 1, 2, 3, 4].map((split) => {
  const out: { t: TrainingQuestion; span: LinearModel }[] = [];
  for (let f = 0; f < 5; f++) {
    const m = fit(qs.filter((t) => foldOf(t, 5, split) !== f), DEFAULT_TRAIN);
    for (const t of rescore(qs.filter((t) => foldOf(t, 5, split) === f), m)) out.push({ t, span: m.span });
  }
  return out;
});
interface V { k: number; alpha: number; margin: number; floor: number; all?: boolean }
function choose(t: TrainingQuestion, span: LinearModel, o: V): number {
  const seen = new Set<string>();
  const tops: { i: number; best?: string; bestP: number; spans: { text: string; p: number }[] }[] = [];
  for (const [i, c] of t.candidates.entries()) {
    if (seen.size >= o.k) break;
    if (seen.has(c.text)) continue;
    seen.add(c.text);
    const spans = c.spans.map((s) => ({ text: (s.text ?? '').toLowerCase(), p: probability(span, s.x) }));
    const b = spans.reduce((a, s) => (s.p > a.p ? s : a), { text: '', p: 0 });
    tops.push({ i, best: b.p > o.floor ? b.text : undefined, bestP: b.p, spans });
  }
  const A = new Map<string, number>();
  for (const x of tops) {
    const w = Math.pow(t.candidates[x.i]!.probability, o.alpha);
    const per = new Map<string, number>();
    for (const s of x.spans) if (s.p > o.floor || o.all) per.set(s.text, Math.max(per.get(s.text) ?? 0, s.p));
    for (const [k, p] of per) A.set(k, (A.get(k) ?? 0) + w * p);
  }
  const first = tops[0];
  if (!first) return 0;
  let star = ''; let top = -1;
  for (const [k, v] of A) if (v > top) [star, top] = [k, v];
  const firstScore = first.best ? A.get(first.best) ?? 0 : 0;
  if (!star || first.best === star || top < firstScore * (1 + o.margin)) return 0;
  const holder = tops.find((x) => x.best === star);
  return holder ? holder.i : 0;
}
function run(o: V) {
  const res = splits.map((sp) => {
    const held = sp.map(({ t, span }) => {
      const use = (t.candidates[0]?.x[EXPECTS] ?? 0) > 0;
      const candidates = use ? promote(t.candidates, choose(t, span, o)) : t.candidates;
      const best = firstLikely(pick(candidates, 1, 0), (c: TrainingCandidate) => c.spans, span)?.span;
      return { ...t, candidates, shortMatch: !!best?.match };
    });
    const th = chooseThreshold(held, sets, DEFAULT_TRAIN);
    return sets.map((s) => setFigures(s, held.filter((q) => q.set === s), th));
  });
  const f = (x: number) => x.toFixed(3);
  console.log(JSON.stringify(o));
  for (const [i, s] of sets.entries()) {
    const all = res.map((r) => r[i]!);
    const mean = (k: keyof (typeof all)[0]) => all.reduce((a, x) => a + (x[k] as number), 0) / all.length;
    const off = all[0]!; const n = off.answerable, u = off.unanswerable;
    console.log(`  ${s.padEnd(6)} mean5 top1 ${f(mean('top1'))} ct ${f(mean('containment'))} short ${f(mean('shortMatch'))} fa ${f(mean('falseAbstention'))} ab ${f(mean('abstentionOnUnanswerable'))} | official top1 ${Math.round(off.top1 * n)} ct ${Math.round(off.containment * n)} short ${Math.round(off.shortMatch * n)} fa ${Math.round(off.falseAbstention * n)} ab ${Math.round(off.abstentionOnUnanswerable * u)}`);
  }
}
for (const c of JSON.parse(process.argv[2]!) as V[]) run(c);
