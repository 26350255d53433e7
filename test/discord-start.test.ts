// Start-up failures of the real discord.js client give one clear line, and never the token.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { runBot } from '../src/discord/main.js';
import { createLogger } from '../src/log.js';
import { makeFakeEngine } from './support/fake-engine.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123';
let server: Server;
let rejecting: string;

beforeAll(async () => {
  // A Discord that answers every request with 401, as the real one does for a revoked token.
  server = createServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: '401: Unauthorized', code: 0 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  rejecting = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function config(api: string) {
  return parseConfig({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: '123456789012345678', DISCORD_API_URL: api });
}

describe('bot start-up errors', () => {
  it('says the token was rejected when Discord answers 401', async () => {
    const logs: string[] = [];
    const error = await runBot(config(rejecting), makeFakeEngine(), createLogger('debug', (l) => logs.push(l))).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Discord rejected DISCORD_TOKEN/);
    expect((error as Error).message).not.toContain(TOKEN);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('says Discord cannot be reached when nothing listens', async () => {
    const error = await runBot(config('http://127.0.0.1:9'), makeFakeEngine(), createLogger('error', () => {})).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/Could not reach Discord at http:\/\/127\.0\.0\.1:9/);
  });
});
