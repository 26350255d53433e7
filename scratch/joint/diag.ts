import { readFileSync } from 'node:fs';
import { FEATURES } from '../../src/answer/features.js';
import { probability } from '../../src/answer/linear.js';
import { DEFAULT_TRAIN, fit, foldOf, rescore, type TrainingQuestion } from '../../src/answer/train.js';
const qs = JSON.parse(readFileSync('/tmp/joint-cache2.json', 'utf8')) as TrainingQuestion[];
const EXPECTS = FEATURES.indexOf('expectsEntity');
const rows: string[] = [];
const stats: Record<string, number> = {};
const inc = (k: string) => (stats[k] = (stats[k] ?? 0) + 1);
for (let f = 0; f < 5; f++) {
  const test = qs.filter((t) => foldOf(t, 5, 0) === f);
  const m = fit(qs.filter((t) => foldOf(t, 5, 0) !== f), DEFAULT_TRAIN);
  for (const t of rescore(test, m)) {
    if (!t.q.answerable) continue;
    const ent = (t.candidates[0]?.x[EXPECTS] ?? 0) > 0;
    const top = t.candidates.slice(0, 5).map((c) => {
      const ps = c.spans.map((s) => ({ p: probability(m.span, s.x), match: s.match }));
      const best = ps.reduce((a, b) => (b.p > a.p ? b : a), { p: 0, match: false });
      return { p: c.probability, holds: c.holds, sp: best.p, spm: best.match };
    });
    const key = `${t.set} ent=${ent} top1=${top[0]?.holds} top1span=${top[0]?.spm}`;
    inc(key);
    if (ent && !top[0]?.spm) {
      const alt = top.slice(1, 3).findIndex((c) => c.spm);
      if (alt >= 0) inc(`${t.set} ent, first span wrong, rank ${alt + 2} has right best span`);
    }
    if (t.set === 'bbc' && ent) rows.push(`${t.q.question.slice(0, 60).padEnd(60)} ${top.slice(0, 4).map((c) => `${c.p.toFixed(2)}${c.holds ? 'H' : '-'}/${c.sp.toFixed(2)}${c.spm ? 'M' : '-'}`).join('  ')}`);
  }
}
console.log(stats);
console.log(rows.join('\n'));
