// Unanswerable questions whose abstention differs between two weight files (both with normalisation).
// npx tsx scratch/typo/flips.ts INDEX QUESTIONS.jsonl A_WEIGHTS.json B_WEIGHTS.json
import { readFile } from 'node:fs/promises';
import { createEmbedder } from '../../src/embed.js';
import { DEFAULT_TUNING, openEngine } from '../../src/engine.js';
import type { Weights } from '../../src/answer/scorer.js';

const [indexDir, file, aW, bW] = process.argv.slice(2) as [string, string, string, string];
const embedder = await createEmbedder({ model: 'local:glove-sif-100d', cacheDir: '.cache/models' });
const load = async (f: string) => JSON.parse(await readFile(f, 'utf8')) as Weights;
const a = await openEngine(indexDir, embedder, DEFAULT_TUNING, await load(aW));
const b = await openEngine(indexDir, embedder, DEFAULT_TUNING, await load(bW));
const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; question: string; answerable: boolean });
for (const l of lines) {
  const [x, y] = [await a.askTraced(l.question), await b.askTraced(l.question)];
  if (x.answer.abstained !== y.answer.abstained) console.log(`${l.id} ${l.answerable ? 'answerable' : 'UNANSWERABLE'} A ${x.answer.abstained ? 'abstain' : 'answer'} p=${x.probability.toFixed(2)}  B ${y.answer.abstained ? 'abstain' : 'answer'} p=${y.probability.toFixed(2)}  ${l.question}`);
}
