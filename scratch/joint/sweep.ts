import { readFileSync } from 'node:fs';
import { JOINT } from '../../src/answer/joint.js';
import { splitFigures, summarise } from '../../src/answer/splits.js';
import { DEFAULT_TRAIN, type TrainingQuestion } from '../../src/answer/train.js';
const qs = JSON.parse(readFileSync('/tmp/joint-cache.json', 'utf8')) as TrainingQuestion[];
const sets = ['bbc', 'squad', 'seeds'];
const configs = JSON.parse(process.argv[2] ?? '[{}]') as Partial<typeof JOINT>[];
for (const c of configs) {
  Object.assign(JOINT, c);
  const all = [0, 1, 2, 3, 4].map((s) => splitFigures(qs, sets, DEFAULT_TRAIN, s));
  const sum = summarise(all);
  const o = all[0]!.figures;
  const f = (x: number) => x.toFixed(3);
  console.log(JSON.stringify(JOINT));
  for (const s of sum.sets) {
    const off = o.find((x) => x.set === s.set)!;
    const n = off.answerable, u = off.unanswerable;
    const m = s.figures;
    console.log(`  ${s.set.padEnd(6)} mean5 top1 ${f(m.top1.mean)} ct ${f(m.containment.mean)} short ${f(m.shortMatch.mean)} fa ${f(m.falseAbstention.mean)} ab ${f(m.abstentionOnUnanswerable.mean)} | official top1 ${Math.round(off.top1*n)} ct ${Math.round(off.containment*n)} short ${Math.round(off.shortMatch*n)} fa ${Math.round(off.falseAbstention*n)} ab ${Math.round(off.abstentionOnUnanswerable*u)}`);
  }
}
