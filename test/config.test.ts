import { describe, expect, it } from 'vitest';
import { parseConfig, requireDiscord } from '../src/config.js';

describe('config', () => {
  it('fills defaults for an empty environment', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ CORPUS_DIR: 'seeds', INDEX_DIR: 'index', EMBEDDING_MODEL: 'local:glove-sif-100d', DISCORD_API_URL: 'https://discord.com/api', LOG_LEVEL: 'info' });
    expect(c.DISCORD_TOKEN).toBeUndefined();
  });

  it('fails with one line naming the variable, without echoing a secret', () => {
    const secret = 'not-a-token-but-secret';
    expect(() => parseConfig({ DISCORD_TOKEN: secret })).toThrow(/^Configuration error: DISCORD_TOKEN does not look like a bot token/);
    try {
      parseConfig({ DISCORD_TOKEN: secret });
    } catch (e) {
      expect((e as Error).message).not.toContain(secret);
      expect((e as Error).message.split('\n')).toHaveLength(1);
    }
    expect(() => parseConfig({ DISCORD_GUILD_ID: 'abc' })).toThrow(/DISCORD_GUILD_ID must be a numeric Discord id/);
    expect(() => parseConfig({ MAX_QUESTION_LENGTH: '5' })).toThrow(/MAX_QUESTION_LENGTH/);
  });

  it('requires the token and client id only for the bot', () => {
    expect(() => requireDiscord(parseConfig({}))).toThrow(/DISCORD_TOKEN is missing/);
    const c = requireDiscord(parseConfig({ DISCORD_TOKEN: 'MTIz.abc.def', DISCORD_CLIENT_ID: '123456789012345678' }));
    expect(c.DISCORD_CLIENT_ID).toBe('123456789012345678');
  });
});
