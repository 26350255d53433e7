// npm run ingest -- [--corpus DIR] [--index DIR] [--backend vectra|postgres]
import { parseArgs } from 'node:util';
import { ingestWithProgress, loadEmbedder } from '../app.js';
import { loadConfig } from '../config.js';
import { appError } from '../errors.js';
import { createLogger } from '../log.js';
import { parseBackends } from './backends.js';
import { main } from './cli.js';

const USAGE = `Usage: npm run ingest -- [--corpus DIR] [--index DIR] [--backend vectra|postgres]
Parses, chunks and embeds every .txt/.md/.html article under DIR (default: CORPUS_DIR or seeds/)
into the index folder (default: INDEX_DIR or index/), or into Postgres + pgvector at DATABASE_URL
(--backend postgres, the default when DATABASE_URL is set; one transaction). Unchanged files are not
embedded again. Moving an index to Postgres is this command with --backend postgres.`;

await main(async () => {
  const { values } = parseArgs({
    options: { corpus: { type: 'string' }, index: { type: 'string' }, backend: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return void console.log(USAGE);
  const config = loadConfig();
  const [backend] = parseBackends(values.backend, [config.DATABASE_URL ? 'postgres' : 'vectra']);
  if (backend === 'postgres' && !config.DATABASE_URL) throw appError('CONFIG_INVALID', 'DATABASE_URL is missing (needed for --backend postgres)');
  const log = createLogger(config.LOG_LEVEL);
  const embedder = await loadEmbedder(config, log);
  const where = { INDEX_DIR: values.index ?? config.INDEX_DIR, ...(backend === 'postgres' ? { DATABASE_URL: config.DATABASE_URL } : {}) };
  await ingestWithProgress(values.corpus ?? config.CORPUS_DIR, where, embedder, log);
});
