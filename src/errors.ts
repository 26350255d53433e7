// One table of error codes (after Orama): every user-facing failure has a code and a message that names
// what is wrong and what to do. Front ends print `message`; logs carry `code`.

/** Gateway close codes after which Discord will not take the bot back as it is: cause, and what to do. */
const GATEWAY_FATAL: Record<number, [string, string]> = {
  4004: ['authentication failed (the token is wrong or was reset)', 'Reset the token in the Developer Portal (Bot → Reset Token), put it in .env as DISCORD_TOKEN, and restart.'],
  4010: ['invalid shard', 'Run one process per bot token without a custom shard setting, and restart.'],
  4011: ['sharding required (the bot is in too many servers for one connection)', 'Run the bot with sharding (discord.js ShardingManager), then restart.'],
  4012: ['invalid API version', 'Update discord.js (npm ci from the lockfile) and restart.'],
  4013: ['invalid intents', 'Restore the intents in src/discord/client.ts (Guilds, GuildMessages, DirectMessages) and restart.'],
  4014: ['disallowed intents (a privileged intent is not enabled for this bot)', 'Enable it under Bot → Privileged Gateway Intents in the Developer Portal, or stop requesting it, then restart.'],
};

export const ERROR_MESSAGES = {
  CONFIG_INVALID: (detail: string) => `Configuration error: ${detail}. See .env.example.`,
  INDEX_MISSING: (dir: string) => `No index in ${dir}. Run \`npm run ingest\` first.`,
  INDEX_MODEL_MISMATCH: (dir: string, built: string, wanted: string) =>
    `The index in ${dir} was built with embedding model "${built}" but "${wanted}" is configured. Re-ingest with \`npm run ingest\` (or set EMBEDDING_MODEL=${built}).`,
  INDEX_CORRUPT: (dir: string, detail: string) => `The index in ${dir} cannot be read (${detail}). Re-ingest with \`npm run ingest\`.`,
  INDEX_OUTDATED: (dir: string, detail: string) =>
    `The index in ${dir} was built by another NewsQuote version (${detail}). Run \`npm run ingest\` to rebuild it (\`npm start\` does so by itself).`,
  INDEX_DIR_REFUSED: (dir: string, reason: string) => `Refusing to write an index into ${dir}: ${reason}. Nothing was changed; choose an empty or new folder.`,
  INDEX_LOCKED: (dir: string, holder: string) =>
    `Another ingest is writing the index in ${dir} (${holder}). Wait for it to finish, or run again with --wait.`,
  INDEX_TOO_LARGE: (dir: string, chunks: number) =>
    `${chunks.toLocaleString('en')} chunks are more than the embedded index in ${dir} can hold (its ${'`'}index.json${'`'} would pass JavaScript's 512 MB string limit, at about 45× the BBC corpus). Nothing was changed; set DATABASE_URL to index into Postgres (see the README's Deployment section).`,
  INDEX_LOCK_LOST: (dir: string) => `The writer lock on ${dir} was lost (another process took it); this ingest stopped without publishing.`,
  MODEL_CACHE_UNWRITABLE: (dir: string, detail: string) =>
    `MODEL_CACHE_DIR ${dir} cannot be written (${detail}); the embedding model is built there on first use. Point MODEL_CACHE_DIR at a writable folder.`,
  CORPUS_MISSING: (dir: string) => `Corpus folder ${dir} does not exist or cannot be read.`,
  CORPUS_EMPTY: (dir: string) => `No readable articles (.txt, .md, .html) in ${dir}; the previous index was left as it was.`,
  MODEL_UNAVAILABLE: (id: string, detail: string) =>
    `Embedding model "${id}" could not be loaded (${detail}). Hub models need internet on first use; offline, set EMBEDDING_MODEL=local:glove-sif-100d.`,
  QUESTION_EMPTY: () => `Ask a question about the articles, e.g. "Who controls Al-Qadam?"`,
  QUESTION_TOO_LONG: (max: number) => `That question is too long; please keep it under ${max} characters.`,
  DISCORD_UNREACHABLE: (url: string, detail: string) =>
    `Could not reach Discord at ${url} (${detail}). Check the network, or DISCORD_API_URL if you changed it.`,
  DISCORD_TOKEN_REJECTED: () => `Discord rejected DISCORD_TOKEN. Reset the token in the Developer Portal (Bot → Reset Token) and put the new one in .env.`,
  DATABASE_UNREACHABLE: (detail: string) =>
    `Could not use the Postgres database in DATABASE_URL (${detail}). Check that the server is running and the URL's host, port, user, password and database are right.`,
  DATABASE_NO_PGVECTOR: (detail: string) =>
    `The Postgres server in DATABASE_URL has no pgvector extension (${detail}). Install pgvector ≥ 0.7 on the server (see README, Deployment).`,
  BACKEND_INVALID: (value: string) => `--backend should be vectra, postgres or both; "${value}" isn't one.`,
  SPLITS_INVALID: (value: string) => `--splits should be a whole number of fold assignments, 1 or more; "${value}" isn't one.`,
  DISCORD_GATEWAY_FATAL: (code: number) => {
    const [cause, fix] = GATEWAY_FATAL[code] ?? ['an unrecoverable error', 'Check the bot settings in the Developer Portal.'];
    return `Discord closed the gateway with code ${code}: ${cause}. ${fix}`;
  },
  SOURCE_UNKNOWN: (source: string) => `No article named "${source}" in the corpus.`,
  SOURCE_AMBIGUOUS: (typed: string, titles: string) => `Several articles match "${typed}": ${titles}. Pick one from the list as you type.`,
  // Discord front end: shown to the user as an ephemeral reply.
  DATE_INVALID: (option: string, value: string) =>
    `\`${option}\` should be a date like 2018-04-19 or "19 April 2018"; "${value}" isn't one.`,
  DATE_RANGE: (from: string, to: string) => `\`from\` (${from}) is after \`to\` (${to}); swap them or widen the range.`,
  OUTLET_UNKNOWN: (outlet: string, known: string) => `No outlet named "${outlet}". Known outlets: ${known}.`,
  RATE_LIMITED: (seconds: number) => `Please wait ${seconds}s before asking again.`,
  BUSY: (seconds: number) => `Many questions are waiting (about ${seconds}s); please ask again in a little while.`,
  QUESTION_PENDING: () => `I'm still answering your previous question; ask the next one when it arrives.`,
  SESSION_EXPIRED: () => `Those buttons have expired; run the command again.`,
  INTERNAL: (id: string) =>
    `Sorry, something went wrong on my side (error id \`${id}\`). Please try again; if it keeps happening, give that id to whoever runs the bot.`,
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

/** Build an AppError from the table: `appError('INDEX_MISSING', dir)`. */
export function appError<C extends ErrorCode>(
  code: C,
  ...args: Parameters<(typeof ERROR_MESSAGES)[C]>
): AppError {
  const make = ERROR_MESSAGES[code] as (...a: unknown[]) => string;
  return new AppError(code, make(...args));
}
