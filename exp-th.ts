import { readFileSync } from 'node:fs';
import { crossValidate, DEFAULT_TRAIN, setFigures, type TrainingQuestion } from './src/answer/train.js';
const qs = JSON.parse(readFileSync('/tmp/nq/train-cache.json','utf8')) as TrainingQuestion[];
const oof = crossValidate(qs, { ...DEFAULT_TRAIN, l2Answerable: Number(process.argv[2] ?? 10) });
for (let t = 0.25; t <= 0.71; t += 0.05) console.log(t.toFixed(2), ['bbc','squad','seeds'].map(s => { const f = setFigures(s, oof.filter(q=>q.set===s), t); return `${s} c${f.containment.toFixed(3)} fa${f.falseAbstention.toFixed(3)} au${f.abstentionOnUnanswerable.toFixed(3)}`; }).join(' | '));
