// Configuration from the environment (and .env), validated once at start. A bad value stops the process
// with one line naming the variable; secrets are never echoed back.
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { AppError, appError } from './errors.js';

export const DEFAULT_MODEL = 'local:glove-sif-100d';

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const snowflake = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .pipe(z.string().regex(/^\d{17,20}$/, 'must be a numeric Discord id (17–20 digits)').optional())
  .optional();

const schema = z.object({
  DISCORD_TOKEN: optionalString.pipe(
    z.string().regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'does not look like a bot token (three dot-separated parts)').optional(),
  ),
  DISCORD_CLIENT_ID: snowflake,
  DISCORD_GUILD_ID: snowflake,
  DISCORD_API_URL: z.string().trim().url('must be a URL').default('https://discord.com/api'),
  CORPUS_DIR: z.string().trim().min(1).default('seeds'),
  INDEX_DIR: z.string().trim().min(1).default('index'),
  // Set: the index lives in Postgres + pgvector instead of the INDEX_DIR folder (and bot shards share state there).
  DATABASE_URL: optionalString.pipe(z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres://user:password@host:port/database URL').optional()),
  EMBEDDING_MODEL: z.string().trim().min(1).default(DEFAULT_MODEL),
  MODEL_CACHE_DIR: z.string().trim().min(1).default('.cache/models'),
  FEEDBACK_FILE: z.string().trim().min(1).default('feedback.jsonl'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  MAX_QUESTION_LENGTH: z.coerce.number().int().min(20).max(4000).default(500),
  COOLDOWN_SECONDS: z.coerce.number().min(0).max(3600).default(3),
  MAX_CONCURRENT_QUESTIONS: z.coerce.number().int().min(1).max(100).default(4),
  // Set: `npm start` runs discord.js's ShardingManager with this many shard processes ("auto": as many
  // as Discord recommends). Inside a shard process discord.js sets it to the shard's own id.
  SHARDS: optionalString.pipe(z.string().regex(/^(auto|\d{1,4})$/, 'must be "auto" or a number of shards').optional()),
  // Seconds between starting two shards (Discord allows one IDENTIFY per 5 s per bucket).
  SHARD_SPAWN_DELAY: z.coerce.number().min(0).max(60).default(5.5),
});

export type Config = z.infer<typeof schema>;

/** Parse an environment object; throws AppError('CONFIG_INVALID') naming the first bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path.join('.') ?? 'environment';
  throw new AppError('CONFIG_INVALID', appError('CONFIG_INVALID', `${name} ${issue?.message ?? 'is invalid'}`).message);
}

/** Load .env (without overriding the real environment) and parse it. */
export function loadConfig(): Config {
  loadDotenv({ quiet: true });
  return parseConfig(process.env);
}

/** Config for the bot itself: the token and client id become required. */
export function requireDiscord(config: Config): Config & { DISCORD_TOKEN: string; DISCORD_CLIENT_ID: string } {
  if (!config.DISCORD_TOKEN) throw appError('CONFIG_INVALID', 'DISCORD_TOKEN is missing');
  if (!config.DISCORD_CLIENT_ID) throw appError('CONFIG_INVALID', 'DISCORD_CLIENT_ID is missing');
  return config as Config & { DISCORD_TOKEN: string; DISCORD_CLIENT_ID: string };
}
