// Exact fast sweep: OOF models per split computed once; joint configs applied after.
import { readFileSync } from 'node:fs';
import { pick } from '../../src/answer/abstain.js';
import { firstLikely } from '../../src/answer/highlight.js';
import { firstByAnswer, type JointOptions } from '../../src/answer/joint.js';
import { probability } from '../../src/answer/linear.js';
import { chooseThreshold } from '../../src/answer/threshold.js';
import { FEATURES } from '../../src/answer/features.js';
import { DEFAULT_TRAIN, fit, foldOf, rescore, setFigures, type Models, type TrainingQuestion } from '../../src/answer/train.js';
const qs = JSON.parse(readFileSync('/tmp/joint-cache.json', 'utf8')) as TrainingQuestion[];
const sets = ['bbc', 'squad', 'seeds'];
const EXPECTS = FEATURES.indexOf('expectsEntity');
const OFF: JointOptions = { k: 1, beta: 0, spanFloor: 0.05, minShare: 0 };
// per split: list of [question ranked (beta 0, with answerable), model]
const splits = [0, 1, 2, 3, 4].map((split) => {
  const out: { t: TrainingQuestion; m: Models }[] = [];
  for (let f = 0; f < 5; f++) {
    const test = qs.filter((t) => foldOf(t, 5, split) === f);
    const m = fit(qs.filter((t) => foldOf(t, 5, split) !== f), DEFAULT_TRAIN);
    // rescore with joint off: JOINT default is read by firstByAnswer... use env JOINT_BETA=0 when running
    for (const t of rescore(test, m)) out.push({ t, m });
  }
  return out;
});
export function evalConfig(o: JointOptions, only?: (t: TrainingQuestion) => boolean) {
  const res = splits.map((sp) => {
    const held = sp.map(({ t, m }) => {
      const use = (t.candidates[0]?.x[EXPECTS] ?? 0) > 0 && (!only || only(t));
      const candidates = firstByAnswer(t.candidates, use, (c) => c.spans, m.span, o);
      const best = firstLikely(pick(candidates, 1, 0), (c) => c.spans, m.span)?.span;
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
    const off = all[0]!;
    const n = off.answerable, u = off.unanswerable;
    console.log(`  ${s.padEnd(6)} mean5 top1 ${f(mean('top1'))} ct ${f(mean('containment'))} short ${f(mean('shortMatch'))} fa ${f(mean('falseAbstention'))} ab ${f(mean('abstentionOnUnanswerable'))} | official top1 ${Math.round(off.top1 * n)} ct ${Math.round(off.containment * n)} short ${Math.round(off.shortMatch * n)} fa ${Math.round(off.falseAbstention * n)} ab ${Math.round(off.abstentionOnUnanswerable * u)}`);
  }
}
import { profileOfQuestion } from '../../src/answer/train.js';
const configs = JSON.parse(process.argv[2] ?? '[]') as (Partial<JointOptions> & { articles?: boolean })[];
for (const c of configs) { if (c.articles) console.log('articles only'); evalConfig({ ...OFF, ...c }, c.articles ? (t) => profileOfQuestion(t) === 'articles' : undefined); }
