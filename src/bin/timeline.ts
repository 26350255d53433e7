// npm run timeline -- [--index DIR] [--source FILE] [--from DATE] [--to DATE] [--outlet NAME] TOPIC...
// Dated events about a topic, oldest first: "28 April 2018 — “quote…” [n]", then the numbered sources.
import { parseArgs } from 'node:util';
import { loadEngine } from '../app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { formatTimeline } from '../terminal.js';
import { main } from './cli.js';
import { filterOptions, FILTER_FLAGS } from './format.js';

const USAGE = `Usage: npm run timeline -- [--index DIR] [--source FILE] [--from DATE] [--to DATE] [--outlet NAME] TOPIC...`;

await main(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { index: { type: 'string' }, help: { type: 'boolean', short: 'h' }, ...FILTER_FLAGS },
  });
  if (values.help || !positionals.length) return void console.log(USAGE);
  const config = loadConfig();
  // Filters are checked before the model loads, so a mistyped date fails at once.
  const options = filterOptions(values);
  const engine = await loadEngine({ ...config, INDEX_DIR: values.index ?? config.INDEX_DIR }, createLogger(config.LOG_LEVEL));
  console.log(formatTimeline(await engine.timeline(positionals.join(' '), options), process.stdout.isTTY === true));
});
