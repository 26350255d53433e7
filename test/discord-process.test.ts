// `npm start` as a supervisor sees it: the real bot process against the stand-in Discord. A fatal
// gateway close (Discord will not take the bot back as it is) ends the process non-zero with one error
// line naming the cause and the fix, so `Restart=on-failure` or an alert can act on it.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_FATAL } from '../src/discord/main.js';
import { createEmbedder, LOCAL_MODEL_ID } from '../src/embed.js';
import { ingestCorpus } from '../src/ingest.js';
import { TOKEN } from './support/bot-harness.js';
import { FakeDiscord } from './support/fake-discord.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'discord-process-'));
  const embedder = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: '.cache/models' });
  await ingestCorpus({ corpusDir: 'seeds', indexDir: path.join(dir, 'index'), embedder });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Start `src/bin/start.ts` as `npm start` does; `onStderr` sees each line as it comes. */
function startBot(fake: FakeDiscord, onLine: (line: string) => void): Promise<{ code: number | null; lines: string[] }> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: fake.world.appId,
    DISCORD_API_URL: fake.apiUrl,
    INDEX_DIR: path.join(dir, 'index'),
    FEEDBACK_FILE: path.join(dir, 'feedback.jsonl'),
    LOG_LEVEL: 'info',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin/start.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buffer = '';
  child.stderr.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      lines.push(line);
      onLine(line);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => child.on('exit', (code) => (clearTimeout(timer), resolve({ code, lines }))));
}

const isJson = (l: string) => l.startsWith('{');

describe('npm start and fatal gateway closes', () => {
  it('4014 while running: exits non-zero after one error line naming the cause and the fix', async () => {
    const fake = await FakeDiscord.start();
    try {
      const { code, lines } = await startBot(fake, (line) => {
        if (line.includes('discord bot ready')) fake.closeGateway(4014);
      });
      expect(code).toBe(EXIT_FATAL);
      const errors = lines.filter((l) => isJson(l) && JSON.parse(l).level === 'error');
      expect(errors).toHaveLength(1);
      expect(JSON.parse(errors[0]!).msg).toMatch(/code 4014: disallowed intents.*Privileged Gateway Intents/);
      expect(lines.join('\n')).not.toContain(TOKEN);
    } finally {
      await fake.close();
    }
  });

  it('4004 at login: exits non-zero with one line saying to reset the token', async () => {
    const fake = await FakeDiscord.start();
    fake.closeOnIdentify = 4004;
    try {
      const { code, lines } = await startBot(fake, () => undefined);
      expect(code).not.toBe(0);
      const plain = lines.filter((l) => !isJson(l) && l.trim());
      expect(plain).toEqual([expect.stringMatching(/^Discord closed the gateway with code 4004: authentication failed.*Reset Token/)]);
    } finally {
      await fake.close();
    }
  });
});
