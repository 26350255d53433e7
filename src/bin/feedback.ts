// npm run feedback: the 👍/👎 tally and the questions people down-voted most, from FEEDBACK_FILE.
import { loadConfig } from '../config.js';
import { formatFeedbackSummary, summarizeFeedback } from '../feedback.js';
import { main } from './cli.js';

await main(async () => {
  const { FEEDBACK_FILE } = loadConfig();
  process.stdout.write(formatFeedbackSummary(FEEDBACK_FILE, await summarizeFeedback(FEEDBACK_FILE)) + '\n');
});
