// npm run ask -- [--index DIR] [--json] [--source FILE] [--from DATE] [--to DATE] [--outlet NAME] [QUESTION...]
// With no question, reads one question a line from standard input (one model load for all).
// --json prints exactly one JSON line per question on stdout; everything else goes to stderr.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadEngine } from '../app.js';
import { loadConfig } from '../config.js';
import { AppError } from '../errors.js';
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
  const engine = await loadEngine({ ...config, INDEX_DIR: values.index ?? config.INDEX_DIR }, log);

  const answerOne = async (question: string) => {
    try {
      const answer = await engine.ask(question, options);
      console.log(values.json ? askJson(answer) : `${terminalAnswer(answer, process.stdout.isTTY === true)}\n`);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // A bad question is answered, not fatal: the next line of stdin still gets its turn.
      if (values.json) console.log(JSON.stringify({ question, answer: err.message, abstained: true, citations: [], error: err.code }));
      else console.log(`${err.message}\n`);
    }
  };

  if (positionals.length) return answerOne(positionals.join(' '));
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim()) await answerOne(line);
  }
});
