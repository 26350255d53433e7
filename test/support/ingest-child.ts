// A real ingest process for crash and concurrency tests: the real read/parse/chunk/store code with the
// deterministic embedder at the seam (so a process starts in well under a second).
// Usage: node --import tsx test/support/ingest-child.ts CORPUS INDEX [--wait] [--republish N CORPUS2]
// Honours NEWSQUOTE_TEST_PAUSE_AT like the real ingest. Prints "DONE <articles>" per ingest on stdout
// and "SKIPPED <reason>" per skipped file on stderr.
import { ingestCorpus } from '../../src/ingest.js';
import { fakeEmbedder } from './fake-embedder.js';

const [corpus, index, ...rest] = process.argv.slice(2);
if (!corpus || !index) throw new Error('usage: ingest-child CORPUS INDEX [--wait] [--republish N CORPUS2]');
const wait = rest.includes('--wait');
const at = rest.indexOf('--republish');
const times = at >= 0 ? Number(rest[at + 1]) : 1;
const other = at >= 0 ? (rest[at + 2] as string) : corpus;
try {
  for (let i = 0; i < times; i++) {
    const s = await ingestCorpus({ corpusDir: i % 2 ? other : corpus, indexDir: index, embedder: fakeEmbedder(), wait });
    for (const k of s.skipped) process.stderr.write(`SKIPPED ${k.reason}\n`);
    process.stdout.write(`DONE ${s.articles}\n`);
  }
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
}
