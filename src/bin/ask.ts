// npm run ask -- [--index DIR] [--json] [--source FILE] [--from DATE] [--to DATE] [--outlet NAME] [QUESTION...]
// With no question, reads one question a line from standard input (one model load for all).
// --json prints exactly one JSON line per input line on stdout (an empty or over-long question gets an
// error object); everything else goes to stderr. A re-ingest while it reads stdin is picked up.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadLiveEngine } from '../app.js';
import { loadConfig } from '../config.js';
import { AppError, appError } from '../errors.js';
import { checkQuestion } from '../discord/limits.js';
import { createLogger } from '../log.js';
import { terminalAnswer } from '../terminal.js';
import { main } from './cli.js';
import { askJson, filterOptions, FILTER_FLAGS } from './format.js';

const USAGE = `Usage: npm run ask -- [--index DIR] [--json] [--source FILE] [--from DATE] [--to DATE] [--outlet NAME] [QUESTION...]
With no QUESTION, reads questions from standard input, one a line.`;

await main(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { index: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...FILTER_FLAGS },
  });
  if (values.help) return void console.log(USAGE);
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const options = filterOptions(values); // before the model loads: a bad flag fails at once
  const engine = await loadLiveEngine({ ...config, INDEX_DIR: values.index ?? config.INDEX_DIR }, log);

  const answerOne = async (question: string) => {
    try {
      // The same limit as Discord's: a huge line is refused before it is embedded.
      const check = checkQuestion(question, config.MAX_QUESTION_LENGTH);
      if (check.kind === 'empty') throw appError('QUESTION_EMPTY');
      if (check.kind === 'too-long') throw appError('QUESTION_TOO_LONG', config.MAX_QUESTION_LENGTH);
      const answer = await engine.ask(check.question, options);
      console.log(values.json ? askJson(answer) : `${terminalAnswer(answer, process.stdout.isTTY === true)}\n`);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // A bad question is answered, not fatal: the next line of stdin still gets its turn.
      const shown = question.length > 200 ? `${question.slice(0, 200)}…` : question;
      if (values.json) console.log(JSON.stringify({ question: shown, answer: err.message, abstained: true, citations: [], error: err.code }));
      else console.log(`${err.message}\n`);
    }
  };

  if (positionals.length) return answerOne(positionals.join(' '));
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    // In JSON mode every line gets its line of output, even a blank one (an error object).
    if (values.json || line.trim()) await answerOne(line);
  }
});
