import { readFileSync } from 'node:fs';
import { FEATURES } from '../../src/answer/features.js';
import { probability } from '../../src/answer/linear.js';
import { DEFAULT_TRAIN, fit, foldOf, rescore, type TrainingQuestion } from '../../src/answer/train.js';
const qs = JSON.parse(readFileSync('/tmp/joint-cache.json', 'utf8')) as TrainingQuestion[];
const EXPECTS = FEATURES.indexOf('expectsEntity');
const auc = (pos: number[], neg: number[]) => { let w = 0; for (const p of pos) for (const n of neg) w += p > n ? 1 : p === n ? 0.5 : 0; return w / (pos.length * neg.length); };
for (const set of ['bbc', 'squad']) {
  const rows: { ps: number; psp: number; spm: boolean; holds: boolean; first: boolean }[] = [];
  let gain = 0, loss = 0;
  for (let f = 0; f < 5; f++) {
    const test = qs.filter((t) => foldOf(t, 5, 0) === f && t.set === set);
    const m = fit(qs.filter((t) => foldOf(t, 5, 0) !== f), DEFAULT_TRAIN);
    for (const t of rescore(test, m)) {
      if (!t.q.answerable || !((t.candidates[0]?.x[EXPECTS] ?? 0) > 0)) continue;
      const seen = new Set<string>(); const tp: typeof rows = [];
      for (const c of t.candidates) { if (seen.size >= 3) break; if (seen.has(c.text)) continue; seen.add(c.text);
        let b = { p: 0, m: false }; for (const s of c.spans) { const p = probability(m.span, s.x); if (p > b.p) b = { p, m: s.match }; }
        tp.push({ ps: c.probability, psp: b.p, spm: b.m, holds: c.holds, first: tp.length === 0 }); }
      rows.push(...tp);
      const maxSp = tp.reduce((a, b) => (b.psp > a.psp ? b : a));
      if (tp[0]!.spm && !maxSp.spm) loss++;
      if (!tp[0]!.spm && maxSp.spm) gain++;
    }
  }
  const pos = rows.filter((r) => r.spm), neg = rows.filter((r) => !r.spm);
  console.log(set, `top-3 sentences of entity questions: ${rows.length}, best span gold ${pos.length}; AUC of P(sentence) ${auc(pos.map((r) => r.ps), neg.map((r) => r.ps)).toFixed(3)}, of P(best span) ${auc(pos.map((r) => r.psp), neg.map((r) => r.psp)).toFixed(3)}, of P(best span) among holding sentences ${auc(pos.filter(r=>r.holds).map((r) => r.psp), neg.filter(r=>r.holds).map((r) => r.psp)).toFixed(3)}; choosing by P(best span) alone: +${gain} / -${loss}`);
  const meanPs = (a: typeof rows) => (a.reduce((s, r) => s + r.psp, 0) / a.length).toFixed(3);
  console.log(`  mean P(best span): gold best span ${meanPs(pos)}, holding sentence other span ${meanPs(neg.filter(r=>r.holds))}, sentence not holding ${meanPs(neg.filter(r=>!r.holds))}`);
}
