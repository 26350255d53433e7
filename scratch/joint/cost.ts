import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spanCandidates } from '../../src/answer/highlight.js';
import { loadWeights } from '../../src/answer/scorer.js';
import { firstByAnswer } from '../../src/answer/joint.js';
import { createEmbedder, LOCAL_MODEL_ID } from '../../src/embed.js';
import { DEFAULT_TUNING, openEngine } from '../../src/engine.js';
import { readQuestions } from '../../src/evaluate.js';
import { ingestCorpus } from '../../src/ingest.js';
const dir = await mkdtemp(path.join(tmpdir(), 'cost-'));
const embedder = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: '.cache/models' });
await ingestCorpus({ corpusDir: process.argv[2]!, indexDir: dir, embedder });
const w = loadWeights();
const engine = await openEngine(dir, embedder, DEFAULT_TUNING, w);
const qs = (await readQuestions(process.argv[3]!)).slice(0, 120);
const steps = [];
for (const q of qs) steps.push((await engine.askTraced(q.question)).step);
let t0 = performance.now(); let n = 0;
for (let r = 0; r < 5; r++) for (const s of steps) { firstByAnswer(s.scored, s.qf.q.expects.length > 0, (c) => spanCandidates(s.qf, c), w.span); n++; }
const per = (performance.now() - t0) / n;
t0 = performance.now();
for (let r = 0; r < 5; r++) for (const s of steps) { if (s.chosen[0]) spanCandidates(s.qf, s.chosen[0]); }
const one = (performance.now() - t0) / n;
console.log(`per question: joint choice ${per.toFixed(3)} ms; span candidates of one quote ${one.toFixed(3)} ms; ${steps.filter((s) => s.qf.q.expects.length).length}/${steps.length} questions expect an entity`);
await rm(dir, { recursive: true, force: true });
