// Learned joint choice with nested out-of-fold span/sentence probabilities.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { pick } from '../../src/answer/abstain.js';
import { firstLikely } from '../../src/answer/highlight.js';
import { promote } from '../../src/answer/joint.js';
import { probability, type LinearModel } from '../../src/answer/linear.js';
import { chooseThreshold } from '../../src/answer/threshold.js';
import { FEATURES } from '../../src/answer/features.js';
import { fitListwise, type Group } from '../../src/answer/fitting.js';
import { DEFAULT_TRAIN, fit, foldOf, rescore, setFigures, type Models, type TrainingQuestion, type TrainingCandidate } from '../../src/answer/train.js';
const qs = JSON.parse(readFileSync('/tmp/joint-cache.json', 'utf8')) as TrainingQuestion[];
const sets = ['bbc', 'squad', 'seeds'];
const EXPECTS = FEATURES.indexOf('expectsEntity');
const K = Number(process.env.K ?? 3);
const expects = (t: TrainingQuestion) => (t.candidates[0]?.x[EXPECTS] ?? 0) > 0;
const logit = (p: number) => Math.log(p / (1 - p));
const clamp = (p: number) => Math.min(0.999, Math.max(0.01, p));
interface Top { i: number; ps: number; psp: number; spm: boolean; holds: boolean }
// top-k distinct of ranked with span probs
function tops(t: TrainingQuestion, span: LinearModel): Top[] {
  const seen = new Set<string>();
  const out: Top[] = [];
  for (const [i, c] of t.candidates.entries()) {
    if (seen.size >= K) break;
    if (seen.has(c.text)) continue;
    seen.add(c.text);
    let best = { p: 0, match: false };
    for (const s of c.spans) { const p = probability(span, s.x); if (p > best.p) best = { p, match: s.match }; }
    out.push({ i, ps: c.probability, psp: best.p, spm: best.match, holds: c.holds });
  }
  return out;
}
type FeatFn = (x: Top, first: Top) => number[];
const FEATS: Record<string, FeatFn> = {
  base: (x, f) => [logit(clamp(x.ps)), logit(clamp(x.psp)), x === f ? 1 : 0],
  gap: (x, f) => [logit(clamp(x.ps)), logit(clamp(x.psp)), x === f ? 1 : 0, Math.log(clamp(x.ps)) - Math.log(clamp(f.ps))],
  gapfloor: (x, f) => [logit(clamp(x.ps)), logit(clamp(x.psp)), x === f ? 1 : 0, Math.log(clamp(x.ps)) - Math.log(clamp(f.ps)), x.psp > 0.2 ? 1 : 0],
  nofirst: (x, f) => [logit(clamp(x.ps)), logit(clamp(x.psp))],
  gapspan: (x, f) => [logit(clamp(x.ps)), logit(clamp(x.psp)), x === f ? 1 : 0, Math.log(clamp(x.ps)) - Math.log(clamp(f.ps)), logit(clamp(x.psp)) - logit(clamp(f.psp))],
};
const CACHE = `/tmp/joint-nested-K${K}.json`;
type Stored = { split: number; outer: { train: { t: TrainingQuestion; span: LinearModel }[]; test: { t: TrainingQuestion; span: LinearModel }[] }[] };
let data: Stored[];
if (existsSync(CACHE)) data = JSON.parse(readFileSync(CACHE, 'utf8'));
else {
  data = [0, 1, 2, 3, 4].map((split) => {
    const outer = [0, 1, 2, 3, 4].map((f) => {
      const trainQs = qs.filter((t) => foldOf(t, 5, split) !== f);
      const testQs = qs.filter((t) => foldOf(t, 5, split) === f);
      const inner: { t: TrainingQuestion; span: LinearModel }[] = [];
      for (let g = 0; g < 5; g++) {
        const it = trainQs.filter((t) => foldOf(t, 5, 100 + split) !== g);
        const m = fit(it, DEFAULT_TRAIN);
        for (const t of rescore(trainQs.filter((t) => foldOf(t, 5, 100 + split) === g), m)) if (t.q.answerable && expects(t)) inner.push({ t: slim(t), span: m.span });
      }
      const m = fit(trainQs, DEFAULT_TRAIN);
      return { train: inner, test: rescore(testQs, m).map((t) => ({ t, span: m.span })) };
    });
    process.stderr.write(`split ${split}\n`);
    return { split, outer };
  });
  writeFileSync(CACHE, JSON.stringify(data));
}
function slim(t: TrainingQuestion): TrainingQuestion { return { ...t, candidates: t.candidates.slice(0, 12) }; }
function run(feat: string, l2: number, label: 'spm' | 'holds') {
  const fn = FEATS[feat]!;
  const res = data.map(({ outer }) => {
    const held: TrainingQuestion[] = [];
    for (const { train, test } of outer) {
      const groups: Group[] = train.map(({ t, span }) => {
        const tp = tops(t, span);
        return { rows: tp.map((x) => fn(x, tp[0]!)), labels: tp.map((x) => (label === 'spm' ? x.spm : x.holds)) };
      });
      const jm = fitListwise(groups, { l2, iterations: 25 });
      for (const { t, span } of test) {
        let candidates = t.candidates;
        if (expects(t)) {
          const tp = tops(t, span);
          let best = tp[0]!; let bs = -Infinity;
          for (const x of tp) { const s = probability(jm, fn(x, tp[0]!)); if (s > bs) [best, bs] = [x, s]; }
          candidates = promote(t.candidates, best.i);
        }
        const b = firstLikely(pick(candidates, 1, 0), (c: TrainingCandidate) => c.spans, span)?.span;
        held.push({ ...t, candidates, shortMatch: !!b?.match });
      }
    }
    const th = chooseThreshold(held, sets, DEFAULT_TRAIN);
    return sets.map((s) => setFigures(s, held.filter((q) => q.set === s), th));
  });
  const f = (x: number) => x.toFixed(3);
  console.log(`feat ${feat} l2 ${l2} label ${label} K ${K}`);
  for (const [i, s] of sets.entries()) {
    const all = res.map((r) => r[i]!);
    const mean = (k: keyof (typeof all)[0]) => all.reduce((a, x) => a + (x[k] as number), 0) / all.length;
    const off = all[0]!; const n = off.answerable, u = off.unanswerable;
    console.log(`  ${s.padEnd(6)} mean5 top1 ${f(mean('top1'))} ct ${f(mean('containment'))} short ${f(mean('shortMatch'))} fa ${f(mean('falseAbstention'))} ab ${f(mean('abstentionOnUnanswerable'))} | official top1 ${Math.round(off.top1 * n)} ct ${Math.round(off.containment * n)} short ${Math.round(off.shortMatch * n)} fa ${Math.round(off.falseAbstention * n)} ab ${Math.round(off.abstentionOnUnanswerable * u)}`);
  }
}
const configs = JSON.parse(process.argv[2] ?? '[]') as [string, number, 'spm' | 'holds'][];
for (const [a, b, c] of configs) run(a, b, c);
