// One stand-in Discord plus the real bot (started by the same createBot() that runBot() uses), for the
// end-to-end tests. The engine is injectable: the fake by default, the real one when a test passes it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseConfig, type Config } from '../../src/config.js';
import { createBot, type Bot } from '../../src/discord/client.js';
import { createLogger } from '../../src/log.js';
import type { Engine } from '../../src/types.js';
import { FakeDiscord, type RecordedRequest, type StoredMessage } from './fake-discord.js';
import { makeFakeEngine } from './fake-engine.js';
import type { FakeUser } from './fake-payloads.js';

/** Passes the config's token check; short enough that only the bot's own masking can hide it. */
export const TOKEN = 'MTIz.abc.def-ghi';
export const EPHEMERAL = 64;

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  config: Config;
  engine: Engine;
  logs: string[];
  newUser(): FakeUser;
  makeConfig(extra?: Record<string, string>): Config;
  stop(): Promise<void>;
}

let users = 0;

export async function startHarness(engine: Engine = makeFakeEngine()): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const logs: string[] = [];
  const makeConfig = (extra: Record<string, string> = {}) =>
    parseConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: fake.world.appId,
      DISCORD_API_URL: fake.apiUrl,
      FEEDBACK_FILE: join(mkdtempSync(join(tmpdir(), 'newsquote-feedback-')), 'feedback.jsonl'),
      LOG_LEVEL: 'debug',
      MAX_QUESTION_LENGTH: '200',
      COOLDOWN_SECONDS: '30',
      MAX_CONCURRENT_QUESTIONS: '4',
      ...extra,
    });
  const config = makeConfig();
  // No `secrets` for the logger: the bot itself must keep the token out of its logs.
  const bot = createBot({ config, engine, log: createLogger('debug', (line) => logs.push(line)) });
  await bot.start();
  const harness: Harness = {
    fake,
    bot,
    config,
    engine,
    logs,
    makeConfig,
    // A fresh user per call, so the per-user cooldown never couples tests.
    newUser: () => {
      users++;
      return { id: `6000000000000${String(users).padStart(5, '0')}`, username: `reader${users}` };
    },
    async stop() {
      // `this.bot`: a test may have replaced the bot (a restart against the same stand-in).
      await harness.bot.stop();
      await fake.close();
    },
  };
  return harness;
}

export function embedOf(body: { embeds?: Array<Record<string, unknown>> } | undefined): Record<string, any> {
  const embed = body?.embeds?.[0];
  if (!embed) throw new Error(`no embed in ${JSON.stringify(body)}`);
  return embed;
}

export function customIds(message: StoredMessage): string[] {
  return (message.components ?? []).flatMap((row: { components: Array<{ custom_id?: string }> }) =>
    row.components.map((c) => c.custom_id ?? ''),
  );
}

/** Every request that puts text in front of users (deferrals and autocomplete carry none). */
export function isMessageSend(r: RecordedRequest): boolean {
  if (r.route.endsWith('/callback')) return [4, 7].includes(r.body?.type);
  if ((r.method === 'PATCH' || r.method === 'POST') && r.route.startsWith('/webhooks/')) return true;
  return r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.route);
}

/** Everything the bot sent pinged nobody; returns how many messages were checked. */
export function expectNobodyPinged(fake: FakeDiscord): number {
  const sends = fake.requests.filter(isMessageSend);
  for (const r of sends) {
    const data = r.route.endsWith('/callback') ? r.body.data : r.body;
    const where = `${r.method} ${r.route}`;
    expect(data.allowed_mentions?.parse, where).toEqual([]);
    expect(data.allowed_mentions.users ?? [], where).toEqual([]);
    expect(data.allowed_mentions.roles ?? [], where).toEqual([]);
    expect(data.allowed_mentions.replied_user ?? false, where).toBe(false);
  }
  return sends.length;
}

/** The token is in no log line, and the bot called only routes the stand-in knows. */
export function expectCleanRun(h: Harness): void {
  expect(h.logs.length).toBeGreaterThan(5);
  for (const line of h.logs) expect(line).not.toContain(TOKEN);
  expect(h.fake.unhandled.map((r) => `${r.method} ${r.route}`)).toEqual([]);
}
