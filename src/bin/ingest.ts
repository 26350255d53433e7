// npm run ingest -- [--corpus DIR] [--index DIR] [--wait] [--backend vectra|postgres]
import { parseArgs } from 'node:util';
import { ingestWithProgress, loadEmbedder } from '../app.js';
import { loadConfig } from '../config.js';
import { appError } from '../errors.js';
import { createLogger } from '../log.js';
import { checkIndexDir } from '../store.js';
import { parseBackends } from './backends.js';
import { main } from './cli.js';

const USAGE = `Usage: npm run ingest -- [--corpus DIR] [--index DIR] [--wait] [--backend vectra|postgres]
Parses, chunks and embeds every .txt/.md/.html article under DIR (default: CORPUS_DIR or seeds/)
into the index folder (default: INDEX_DIR or index/). Unchanged files are not embedded again.
The index folder must be new, empty or an index already; it is safe to re-ingest while the bot runs.
One ingest writes an index at a time: --wait waits for a running one instead of stopping.
With --backend postgres (the default when DATABASE_URL is set) the index goes to Postgres + pgvector
at DATABASE_URL in one transaction; moving an index to Postgres is this command.`;

await main(async () => {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' }, index: { type: 'string' }, wait: { type: 'boolean' }, backend: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const config = loadConfig();
  const [backend] = parseBackends(values.backend, [config.DATABASE_URL ? 'postgres' : 'vectra']);
  if (backend === 'postgres' && !config.DATABASE_URL) throw appError('CONFIG_INVALID', 'DATABASE_URL is missing (needed for --backend postgres)');
  const log = createLogger(config.LOG_LEVEL);
  const corpus = values.corpus ?? config.CORPUS_DIR;
  const index = values.index ?? config.INDEX_DIR;
  await checkIndexDir(index, corpus); // a wrong --index fails at once, before the model loads
  const embedder = await loadEmbedder(config, log);
  const where = { INDEX_DIR: index, ...(backend === 'postgres' ? { DATABASE_URL: config.DATABASE_URL } : {}) };
  await ingestWithProgress(corpus, where, embedder, log, { wait: values.wait === true });
});
