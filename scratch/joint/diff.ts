import { readFileSync } from 'node:fs';
import { pick } from '../../src/answer/abstain.js';
import { firstLikely } from '../../src/answer/highlight.js';
import { firstByAnswer, type JointOptions } from '../../src/answer/joint.js';
import { FEATURES } from '../../src/answer/features.js';
import { DEFAULT_TRAIN, fit, foldOf, rescore, type TrainingQuestion } from '../../src/answer/train.js';
const qs = JSON.parse(readFileSync('/tmp/joint-cache.json', 'utf8')) as TrainingQuestion[];
const EXPECTS = FEATURES.indexOf('expectsEntity');
const o = JSON.parse(process.argv[2]!) as JointOptions;
const per: Record<string, number[]> = {};
for (let split = 0; split < 5; split++) {
  let [g, l, tg, tl] = [0, 0, 0, 0];
  for (let f = 0; f < 5; f++) {
    const test = qs.filter((t) => foldOf(t, 5, split) === f);
    const m = fit(qs.filter((t) => foldOf(t, 5, split) !== f), DEFAULT_TRAIN);
    for (const t of rescore(test, m)) {
      if (!t.q.answerable) continue;
      const c2 = firstByAnswer(t.candidates, (t.candidates[0]?.x[EXPECTS] ?? 0) > 0, (c) => c.spans, m.span, o);
      if (c2[0] === t.candidates[0]) continue;
      const s1 = !!firstLikely(pick(t.candidates, 1, 0), (c) => c.spans, m.span)?.span.match;
      const s2 = !!firstLikely(pick(c2, 1, 0), (c) => c.spans, m.span)?.span.match;
      const key = t.set;
      if (s1 !== s2) { if (s2) g++; else l++; }
      if (t.candidates[0]!.holds !== c2[0]!.holds) { if (c2[0]!.holds) tg++; else tl++; }
      if (split === 0 && (s1 !== s2 || t.candidates[0]!.holds !== c2[0]!.holds)) console.log(`${t.set} short ${s1}->${s2} holds ${t.candidates[0]!.holds}->${c2[0]!.holds} ${t.q.question}\n   was: ${t.candidates[0]!.text.slice(0, 150)}\n   now: ${c2[0]!.text.slice(0, 150)}`);
      per[key] ??= [];
    }
  }
  console.log(`split ${split}: short +${g} -${l}, top1 +${tg} -${tl}`);
}
