// Why a word is or is not repaired: dictionary, rank, candidates with ranks and corpus presence.
import { createEmbedder } from '../../src/embed.js';
import { memoryBackend } from '../../src/index-backend.js';
import { openIndex } from '../../src/store.js';
import { createLexicon, typoEdits as edits1, isDictionaryWord } from '../../src/answer/spelling.js';
import { termOf } from '../../src/terms.js';
const embedder = await createEmbedder({ model: 'local:glove-sif-100d', cacheDir: '.cache/models' });
const lexicon = createLexicon(embedder.words ?? []);
const index = memoryBackend(await openIndex(process.argv[2] as string));
for (const w of process.argv.slice(3)) {
  const df = (await index.termFrequencies([termOf(w) ?? w])).df;
  const c1 = [...edits1(w)].filter((c) => lexicon.rank(c) !== undefined);
  const got = (await index.termFrequencies(c1.map((c) => termOf(c) ?? c))).df;
  const list = c1.map((c) => `${c}:${lexicon.rank(c)}${got.has(termOf(c) ?? c) || termOf(c) === null ? '' : '(-)'}`).sort((a, b) => Number(a.split(':')[1]?.replace('(-)', '')) - Number(b.split(':')[1]?.replace('(-)', '')));
  console.log(`${w} term ${termOf(w)} corpus ${df.size > 0} dict ${isDictionaryWord(w)} rank ${lexicon.rank(w)} | ${list.slice(0, 6).join(' ')}`);
}
