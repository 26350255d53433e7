import { readFileSync } from 'node:fs';
import { JOINT } from '../../src/answer/joint.js';
import { splitFigures } from '../../src/answer/splits.js';
import { DEFAULT_TRAIN, type TrainingQuestion } from '../../src/answer/train.js';
const qs = JSON.parse(readFileSync('/tmp/joint-cache2.json', 'utf8')) as TrainingQuestion[];
for (const c of [{ beta: 0 }, { k: 3, beta: 4, minShare: 0.8 }]) {
  Object.assign(JOINT, c);
  const rows = [0, 1, 2, 3, 4].map((s) => splitFigures(qs, ['bbc', 'squad', 'seeds'], DEFAULT_TRAIN, s));
  for (const set of ['bbc', 'seeds']) console.log(JSON.stringify(c), set, 'short', rows.map((r) => Math.round(r.figures.find((f) => f.set === set)!.shortMatch * (set === 'bbc' ? 170 : 14))).join(' '), 'top1', rows.map((r) => Math.round(r.figures.find((f) => f.set === set)!.top1 * (set === 'bbc' ? 170 : 14))).join(' '));
}
