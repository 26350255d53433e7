// A stand-in Discord on 127.0.0.1 (random port) for running the REAL discord.js client in tests:
// the REST routes the bot uses (recorded, with plausible answers) and a JSON gateway (HELLO, IDENTIFY →
// READY + GUILD_CREATE, heartbeats, RESUME), plus helpers that dispatch interactions and messages and
// wait for the REST calls they cause. Nothing here reaches the internet.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InteractionType } from 'discord.js';
import { WebSocketServer, type WebSocket } from 'ws';
import { MessageStore, parseBody, type StoredMessage } from './fake-messages.js';
import * as P from './fake-payloads.js';

export type { StoredMessage };

export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, e.g. `/interactions/1/tok/callback`. */
  route: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, loosely typed so tests can inspect it freely. */
  body: any;
}

export interface Sent {
  id: string;
  token: string;
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  /** Gateway frames received from the client (IDENTIFY, heartbeats, …). */
  readonly frames: Array<{ op: number; d: unknown }> = [];
  readonly unhandled: RecordedRequest[] = [];
  readonly world: P.World;
  readonly store: MessageStore;
  private readonly waiters = new Set<{ test: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }>();
  private readonly sockets = new Set<WebSocket>();
  private readonly wss: WebSocketServer;
  private seq = 0;
  port = 0;
  // Sharding: guilds beyond world.guildId, what GET /gateway/bot recommends, and each socket's
  // IDENTIFY shard [id, count]. Guild events go to the shard that owns the guild, DMs to shard 0.
  readonly extraGuilds: string[] = [];
  recommendedShards = 1;
  private readonly shardOf = new Map<WebSocket, [number, number]>();
  /** Discord's window for the first response to an interaction; later callbacks get 10062 Unknown interaction. */
  ackWindowMs = 3000;
  /** Callbacks that came too late (answered 404 Unknown interaction, as Discord does). */
  readonly lateCallbacks: RecordedRequest[] = [];
  /** When set, the gateway closes with this code right after IDENTIFY (e.g. 4004, 4014). */
  closeOnIdentify: number | undefined;
  /** Channels where the bot lacks Send Messages / Add Reactions: posting there gets 403 Missing Permissions. */
  readonly forbidden = new Set<string>();
  private readonly dispatchedAt = new Map<string, number>();
  private readonly limited: Array<{ test: RegExp; retryAfter: number; times: number }> = [];

  private constructor(private readonly server: Server) {
    this.world = {
      appId: '200000000000000001',
      guildId: '300000000000000001',
      channelId: '400000000000000001',
      bot: { id: '200000000000000001', username: 'NewsQuote', bot: true },
    };
    this.store = new MessageStore(this.world);
    this.wss = new WebSocketServer({ server });
    this.wss.on('connection', (socket, req) => this.onGateway(socket, req));
    server.on('request', (req, res) => void this.onRequest(req, res));
  }

  static async start(): Promise<FakeDiscord> {
    const fake = new FakeDiscord(createServer());
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** What DISCORD_API_URL should be: the REST base without the version. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The next `times` requests matching `test` ("METHOD /route") get 429 with `retry_after` seconds. */
  rateLimit(test: RegExp, retryAfter: number, times = 1): void {
    this.limited.push({ test, retryAfter, times });
  }

  /** Close every gateway connection with `code`, as Discord does for an invalid session or a fatal error. */
  closeGateway(code: number): void {
    for (const s of this.sockets) s.close(code, 'closed by the stand-in');
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- waiting -------------------------------------------------------------------------------------

  /** The first recorded request (past or future) matching `test`. */
  waitFor(test: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const found = this.requests.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve: (r: RecordedRequest) => (clearTimeout(timer), resolve(r)) };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching request within ${timeoutMs} ms; saw: ${this.requests.map((r) => `${r.method} ${r.route}`).join(', ')}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** The interaction callback (POST …/callback) for `sent`. */
  callback(sent: Sent, timeoutMs?: number): Promise<RecordedRequest> {
    return this.waitFor((r) => r.method === 'POST' && r.route === `/interactions/${sent.id}/${sent.token}/callback`, timeoutMs);
  }

  /** The edit of the original response (PATCH …/messages/@original) for `sent`. */
  edit(sent: Sent, timeoutMs?: number): Promise<RecordedRequest> {
    return this.waitFor((r) => r.method === 'PATCH' && r.route === `/webhooks/${this.world.appId}/${sent.token}/messages/@original`, timeoutMs);
  }

  followUp(sent: Sent, timeoutMs?: number): Promise<RecordedRequest> {
    return this.waitFor((r) => r.method === 'POST' && r.route === `/webhooks/${this.world.appId}/${sent.token}`, timeoutMs);
  }

  /** The bot's channel message that replies to message `messageId`. */
  replyTo(messageId: string, timeoutMs?: number): Promise<RecordedRequest> {
    return this.waitFor(
      (r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.route) && r.body?.message_reference?.message_id === messageId,
      timeoutMs,
    );
  }

  /** The bot's stored message that replies to user message `messageId`. */
  botReplyTo(messageId: string): StoredMessage | undefined {
    return [...this.store.byId.values()].find((m) => m.message_reference?.message_id === messageId && m.author?.id === this.world.bot.id);
  }

  /** The message stored as the original response of interaction `sent` (after a reply/edit). */
  original(sent: Sent): StoredMessage | undefined {
    const id = this.store.originals.get(sent.token);
    return id ? this.store.byId.get(id) : undefined;
  }

  // ---- dispatching ---------------------------------------------------------------------------------

  dispatch(t: string, d: unknown): void {
    const frame = JSON.stringify({ op: 0, t, s: ++this.seq, d });
    const guild = (d as { guild_id?: string } | null)?.guild_id;
    for (const s of this.sockets) {
      const shard = this.shardOf.get(s);
      if (!shard || (guild ? guildShard(guild, shard[1]) : 0) === shard[0]) s.send(frame);
    }
  }

  /** Sockets that identified, by shard id. */
  get identifiedShards(): number[] {
    return [...this.shardOf.values()].map(([id]) => id).sort();
  }

  private where(user: P.FakeUser, dm = false): P.Where {
    return { user, dm, dmChannelId: `5${user.id.slice(1)}` };
  }

  slash(name: string, options: Record<string, P.OptionValue>, user: P.FakeUser, opts: { dm?: boolean; guildId?: string } = {}): Sent {
    const token = `tok_${randomBytes(12).toString('hex')}`;
    const world = opts.guildId ? { ...this.world, guildId: opts.guildId } : this.world;
    const data = P.commandData(name, options, opts.dm ? undefined : world.guildId);
    const payload = P.interactionBase(world, this.where(user, opts.dm), InteractionType.ApplicationCommand, data, token);
    this.store.channels.set(token, payload.channel_id);
    this.dispatchedAt.set(token, Date.now());
    this.dispatch('INTERACTION_CREATE', payload);
    return { id: payload.id, token };
  }

  autocomplete(name: string, options: Record<string, P.OptionValue>, focused: string, user: P.FakeUser): Sent {
    const token = `tok_${randomBytes(12).toString('hex')}`;
    const data = P.commandData(name, options, this.world.guildId, focused);
    const payload = P.interactionBase(this.world, this.where(user), InteractionType.ApplicationCommandAutocomplete, data, token);
    this.dispatch('INTERACTION_CREATE', payload);
    return { id: payload.id, token };
  }

  /** Click button `customId` on stored message `message` (as it is now), in `guildId` when given (sharding tests). */
  click(customId: string, message: StoredMessage, user: P.FakeUser, opts: { guildId?: string } = {}): Sent {
    const token = `tok_${randomBytes(12).toString('hex')}`;
    const dm = !message.guild_id;
    const world = opts.guildId ? { ...this.world, guildId: opts.guildId } : this.world;
    const payload = {
      ...P.interactionBase(world, this.where(user, dm), InteractionType.MessageComponent, P.buttonData(customId), token),
      message: opts.guildId ? { ...message, guild_id: opts.guildId } : message,
    };
    this.store.clicked.set(token, message.id);
    this.store.channels.set(token, payload.channel_id);
    this.dispatchedAt.set(token, Date.now());
    this.dispatch('INTERACTION_CREATE', payload);
    return { id: payload.id, token };
  }

  /** A guild-channel message; `mentionBot` prefixes `<@bot>` and lists the bot in `mentions`. */
  say(text: string, user: P.FakeUser, opts: { mentionBot?: boolean; dm?: boolean; replyTo?: StoredMessage; thread?: string } = {}): string {
    const mentionsBot = opts.mentionBot ?? !opts.dm;
    const content = mentionsBot && !opts.replyTo ? `<@${this.world.bot.id}> ${text}`.trimEnd() : text;
    const payload = P.userMessagePayload(this.world, this.where(user, opts.dm), content, { mentionsBot, ...(opts.replyTo ? { replyTo: opts.replyTo } : {}) });
    if (opts.thread) Object.assign(payload, { channel_id: opts.thread, channel_type: 11 });
    this.store.byId.set(payload.id, payload);
    this.dispatch('MESSAGE_CREATE', payload);
    return payload.id;
  }

  /** A user opens a public thread on stored message `on` (its id becomes the thread's id, as in Discord). */
  openThread(on: StoredMessage, user: P.FakeUser, name = 'follow-up'): string {
    const thread = P.threadPayload(this.world, on.id, user, name);
    this.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return thread.id;
  }

  // ---- gateway -------------------------------------------------------------------------------------

  private onGateway(socket: WebSocket, req: IncomingMessage): void {
    this.sockets.add(socket);
    socket.on('close', () => (this.sockets.delete(socket), this.shardOf.delete(socket)));
    const query = new URL(req.url ?? '/', 'ws://x').searchParams;
    if (query.get('compress')) {
      // zlib-stream is only requested when the optional zlib-sync package is installed; refuse plainly.
      socket.close(4000, 'stand-in supports uncompressed JSON only');
      return;
    }
    const send = (op: number, d: unknown, t: string | null = null) =>
      socket.send(JSON.stringify({ op, d, s: t ? ++this.seq : null, t }));
    send(10, { heartbeat_interval: 45_000 });
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { op: number; d: unknown };
      this.frames.push(frame);
      if (frame.op === 1) send(11, null);
      else if (frame.op === 2 && this.closeOnIdentify !== undefined) socket.close(this.closeOnIdentify, 'refused by the stand-in');
      else if (frame.op === 2) {
        const [id, count] = ((frame.d as { shard?: [number, number] }).shard ?? [0, 1]) as [number, number];
        this.shardOf.set(socket, [id, count]);
        const guilds = [this.world.guildId, ...this.extraGuilds].filter((g) => guildShard(g, count) === id);
        const ready = P.readyPayload(this.world, randomBytes(16).toString('hex'), this.gatewayUrl);
        send(0, { ...ready, guilds: guilds.map((g) => ({ id: g, unavailable: true })), shard: [id, count] }, 'READY');
        for (const g of guilds) send(0, P.guildCreatePayload({ ...this.world, guildId: g }), 'GUILD_CREATE');
      } else if (frame.op === 6) send(0, {}, 'RESUMED');
    });
  }

  // ---- REST ----------------------------------------------------------------------------------------

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      route: decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, ''),
      query: url.searchParams,
      headers: req.headers,
      body: parseBody(raw, req.headers['content-type']),
    };
    this.requests.push(record);
    const [status, body, headers] = this.limitedAnswer(record) ?? this.answer(record);
    if (status === 404 && !this.lateCallbacks.includes(record)) this.unhandled.push(record);
    res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
    for (const w of [...this.waiters]) {
      if (w.test(record)) {
        this.waiters.delete(w);
        w.resolve(record);
      }
    }
  }

  /** A 429 as Discord sends it (body `retry_after` in seconds, and the headers), while one is pending. */
  private limitedAnswer(r: RecordedRequest): [number, unknown, Record<string, string>] | undefined {
    const rule = this.limited.find((l) => l.times > 0 && l.test.test(`${r.method} ${r.route}`));
    if (!rule) return undefined;
    rule.times--;
    return P.rateLimited(rule.retryAfter);
  }

  private answer(r: RecordedRequest): [number, unknown, Record<string, string>?] {
    const { appId } = this.world;
    const m = (re: RegExp) => re.exec(`${r.method} ${r.route}`);
    let g: RegExpExecArray | null;
    if (m(/^GET \/gateway\/bot$/)) {
      return [200, { url: this.gatewayUrl, shards: this.recommendedShards, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } }];
    }
    if (m(/^GET \/gateway$/)) return [200, { url: this.gatewayUrl }];
    if (m(/^GET \/users\/@me$/)) return [200, P.userPayload(this.world.bot)];
    if (m(/^GET \/(oauth2\/)?applications\/@me$/)) return [200, { id: appId, name: 'NewsQuote', flags: 0, bot_public: true }];
    if ((g = m(/^PUT \/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      const list = Array.isArray(r.body) ? (r.body as Array<Record<string, unknown>>) : [];
      return [200, list.map((c) => ({ ...c, id: P.snowflake(), application_id: g![1], version: P.snowflake(), ...(g![2] ? { guild_id: g![2] } : {}) }))];
    }
    if ((g = m(/^POST \/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      const at = this.dispatchedAt.get(g[2]!);
      if (at !== undefined && Date.now() - at > this.ackWindowMs) {
        this.lateCallbacks.push(r);
        return [404, { message: 'Unknown interaction', code: 10062 }];
      }
      this.store.callback(g[2]!, r.body);
      return [204, undefined];
    }
    if ((g = m(/^(PATCH|GET|DELETE) \/webhooks\/\d+\/([^/]+)\/messages\/([^/]+)$/))) {
      const id = g[3] === '@original' ? this.store.originals.get(g[2]!) : g[3];
      if (g[1] === 'DELETE') return id && this.store.byId.delete(id) ? [204, undefined] : [404, { message: 'Unknown Message', code: 10008 }];
      if (!id || !this.store.byId.has(id)) return [404, { message: 'Unknown Message', code: 10008 }];
      if (g[1] === 'PATCH') this.store.update(id, r.body);
      return [200, this.store.byId.get(id)];
    }
    if ((g = m(/^POST \/webhooks\/\d+\/([^/]+)$/))) {
      const channel = this.store.channels.get(g[1]!) ?? this.world.channelId;
      return [200, this.store.create(channel, r.body, { webhook_id: appId, application_id: appId })];
    }
    if ((g = m(/^(POST \/channels\/(\d+)\/messages|PUT \/channels\/(\d+)\/messages\/\d+\/reactions\/.+\/@me)$/)) && this.forbidden.has(g[2] ?? g[3]!)) {
      return [403, { message: 'Missing Permissions', code: 50013 }];
    }
    if (m(/^PUT \/channels\/\d+\/messages\/\d+\/reactions\/[^/]+\/@me$/)) return [204, undefined];
    if ((g = m(/^GET \/channels\/\d+\/messages\/(\d+)$/))) {
      const found = this.store.byId.get(g[1]!);
      return found ? [200, found] : [404, { message: 'Unknown Message', code: 10008 }];
    }
    if ((g = m(/^POST \/channels\/(\d+)\/messages$/))) {
      const ref = r.body?.message_reference as { message_id?: string } | undefined;
      return [200, this.store.create(g[1]!, r.body, ref ? { type: 19, message_reference: { type: 0, channel_id: g[1], message_id: ref.message_id } } : {})];
    }
    if (m(/^POST \/channels\/\d+\/typing$/)) return [204, undefined];
    if (m(/^POST \/users\/@me\/channels$/)) {
      const recipient = String(r.body?.recipient_id ?? '0');
      return [200, { id: `5${recipient.slice(1)}`, type: 1, flags: 0, last_message_id: null, recipients: [{ id: recipient, username: 'user', discriminator: '0', global_name: null, avatar: null }] }];
    }
    return [404, { message: '404: Not Found', code: 0 }];
  }
}

/** The shard a guild belongs to, Discord's formula: (guild_id >> 22) % shard_count. */
export function guildShard(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}
