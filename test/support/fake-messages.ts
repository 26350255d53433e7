// The stand-in's memory of messages: what the bot posted, edited or deleted, keyed the ways Discord
// keys them (message id, an interaction's original response, the message a button was clicked on).
import * as P from './fake-payloads.js';

/** Loosely typed on purpose: tests inspect stored JSON freely. */
export type StoredMessage = Record<string, any>;

export class MessageStore {
  readonly byId = new Map<string, StoredMessage>();
  /** Interaction token → id of its original response. */
  readonly originals = new Map<string, string>();
  /** Component interaction token → id of the message whose button was clicked. */
  readonly clicked = new Map<string, string>();
  /** Interaction token → channel it happened in. */
  readonly channels = new Map<string, string>();

  constructor(private readonly world: P.World) {}

  create(channelId: string, body: Record<string, unknown> | undefined, extra: Record<string, unknown>): StoredMessage {
    const msg: StoredMessage = {
      id: P.snowflake(),
      channel_id: channelId,
      ...(channelId === this.world.channelId ? { guild_id: this.world.guildId } : {}),
      author: P.userPayload(this.world.bot),
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      type: 0,
      flags: body?.flags ?? 0,
      ...extra,
    };
    this.byId.set(msg.id, msg);
    return msg;
  }

  update(id: string, body: Record<string, unknown> | undefined): void {
    const msg = this.byId.get(id);
    if (!msg || !body) return;
    for (const key of ['content', 'embeds', 'components'] as const) if (body[key] !== undefined) msg[key] = body[key];
    msg.flags = Number(msg.flags ?? 0) & ~128; // no longer "thinking…"
    msg.edited_timestamp = new Date().toISOString();
  }

  /** An interaction callback: 4/5 create the original response, 7 updates the clicked message. */
  callback(token: string, body: { type?: number; data?: Record<string, unknown> } | undefined): void {
    const type = body?.type;
    const data = body?.data ?? {};
    if (type === 4 || type === 5) {
      // 5 leaves a "thinking…" placeholder (flag 128) that the later PATCH @original fills in.
      const flags = Number(data.flags ?? 0) | (type === 5 ? 128 : 0);
      const channel = this.channels.get(token) ?? this.world.channelId;
      const msg = this.create(channel, { ...data, flags }, { webhook_id: this.world.appId, application_id: this.world.appId, type: 20 });
      this.originals.set(token, msg.id);
    } else if (type === 7) {
      const id = this.clicked.get(token);
      if (id) this.update(id, data);
    }
  }
}

/** JSON, or the `payload_json` part of a multipart body (used when files are attached). */
export function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return undefined;
  if (contentType?.startsWith('multipart/form-data')) {
    const match = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw);
    return match ? JSON.parse(match[1]!) : undefined;
  }
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
