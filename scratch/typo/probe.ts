// Which questions the normalisation changes, and what it costs (run from the repo root with npx tsx).
// npx tsx scratch/typo/probe.ts /tmp/typo-idx/bbc ../shared/eval/bbc-dev.jsonl [/tmp/typo-idx/squad file …]
import { readFile } from 'node:fs/promises';
import { createEmbedder } from '../../src/embed.js';
import { memoryBackend } from '../../src/index-backend.js';
import { openIndex } from '../../src/store.js';
import { normaliseQuestion } from '../../src/answer/normalise.js';
import { createLexicon, isDictionaryWord } from '../../src/answer/spelling.js';

const embedder = await createEmbedder({ model: 'local:glove-sif-100d', cacheDir: '.cache/models' });
let t = performance.now();
const lexicon = createLexicon(embedder.words ?? []);
console.log(`lexicon ${(performance.now() - t).toFixed(0)} ms`);
t = performance.now();
isDictionaryWord('warm');
console.log(`hunspell ${(performance.now() - t).toFixed(0)} ms`);
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const index = memoryBackend(await openIndex(args[i] as string));
  const known = async (ts: readonly string[]) => new Set((await index.termFrequencies(ts)).df.keys());
  const lines = (await readFile(args[i + 1] as string, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { question?: string; q?: string });
  const times: number[] = [];
  let changed = 0;
  for (const l of lines) {
    const q = (l.question ?? l.q) as string;
    const s = performance.now();
    const n = await normaliseQuestion(q, lexicon, known);
    times.push(performance.now() - s);
    if (n.changes.length) {
      changed++;
      console.log(`  ${n.changes.map((c) => `${c.from}→${c.to}`).join(', ').padEnd(30)} | ${q}`);
    }
  }
  times.sort((a, b) => a - b);
  const p = (x: number) => (times[Math.min(times.length - 1, Math.floor(x * times.length))] as number).toFixed(2);
  console.log(`${args[i + 1]}: ${changed} of ${lines.length} changed; ms p50 ${p(0.5)} p95 ${p(0.95)} max ${p(1)}`);
}
