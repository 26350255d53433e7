// npm run feedback: the 👍/👎 tally and the questions people down-voted most, from FEEDBACK_FILE, or from
// Postgres when DATABASE_URL is set (every shard records there). `--import` copies FEEDBACK_FILE into
// Postgres, for a bot moving onto DATABASE_URL.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { appError } from '../errors.js';
import { formatFeedbackSummary } from '../feedback.js';
import { readFeedbackSummary, withFeedbackDb } from '../feedback-store.js';
import { importFeedbackFile } from '../pg/feedback.js';
import { main } from './cli.js';

const USAGE = `Usage: npm run feedback -- [--import]
Prints the 👍/👎 tally and the most down-voted questions: from FEEDBACK_FILE, or from Postgres when
DATABASE_URL is set. --import first copies the answers and votes in FEEDBACK_FILE into Postgres (safe to
repeat; the file is left as it is), so buttons under answers posted before the move still count.`;

await main(async () => {
  const { values } = parseArgs({ options: { import: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return void console.log(USAGE);
  const config = loadConfig();
  if (values.import) {
    if (!config.DATABASE_URL) throw appError('CONFIG_INVALID', 'DATABASE_URL is missing (--import copies FEEDBACK_FILE into Postgres)');
    const copied = await withFeedbackDb(config.DATABASE_URL, (db) => importFeedbackFile(db, config.FEEDBACK_FILE));
    process.stdout.write(`Copied ${copied.answers} answers and ${copied.votes} votes from ${config.FEEDBACK_FILE} into Postgres.\n`);
  }
  const { where, summary } = await readFeedbackSummary(config);
  process.stdout.write(formatFeedbackSummary(where, summary) + '\n');
});
