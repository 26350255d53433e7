// npm run stats -- [--index DIR]: what the index holds (articles, outlets, chunks, dates, model, when it
// was built) and the 👍/👎 tally from FEEDBACK_FILE (Postgres when DATABASE_URL is set).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openIndexBackend } from '../app.js';
import { corpusStats } from '../index-backend.js';
import { readFeedbackSummary } from '../feedback-store.js';
import { formatStats } from '../terminal.js';
import { main } from './cli.js';

const USAGE = 'Usage: npm run stats -- [--index DIR]';

await main(async () => {
  const { values } = parseArgs({ options: { index: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void console.log(USAGE);
  const config = loadConfig();
  // The index alone answers this: no embedding model is loaded.
  const index = await openIndexBackend({ ...config, INDEX_DIR: values.index ?? config.INDEX_DIR });
  console.log(formatStats(corpusStats(index), (await readFeedbackSummary(config)).summary));
  await index.close();
});
