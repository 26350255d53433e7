// npm run chat: the interactive terminal chat (builds the index first if there is none).
import { loadLiveEngine } from '../app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { runChat } from '../terminal.js';
import { main } from './cli.js';

await main(async () => {
  const config = loadConfig();
  const engine = await loadLiveEngine(config, createLogger(config.LOG_LEVEL), { buildIfMissing: true, pollMs: 2000, maxQuestionLength: config.MAX_QUESTION_LENGTH });
  await runChat(engine);
});
