// npm run ingest -- [--corpus DIR] [--index DIR] [--wait]
import { parseArgs } from 'node:util';
import { ingestWithProgress, loadEmbedder } from '../app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { checkIndexDir } from '../store.js';
import { main } from './cli.js';

const USAGE = `Usage: npm run ingest -- [--corpus DIR] [--index DIR] [--wait]
Parses, chunks and embeds every .txt/.md/.html article under DIR (default: CORPUS_DIR or seeds/)
into the index folder (default: INDEX_DIR or index/). Unchanged files are not embedded again.
The index folder must be new, empty or an index already; it is safe to re-ingest while the bot runs.
One ingest writes an index at a time: --wait waits for a running one instead of stopping.`;

await main(async () => {
  const { values } = parseArgs({
    options: { corpus: { type: 'string' }, index: { type: 'string' }, wait: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return void console.log(USAGE);
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const corpus = values.corpus ?? config.CORPUS_DIR;
  const index = values.index ?? config.INDEX_DIR;
  await checkIndexDir(index, corpus); // a wrong --index fails at once, before the model loads
  const embedder = await loadEmbedder(config, log);
  await ingestWithProgress(corpus, index, embedder, log, { wait: values.wait === true });
});
