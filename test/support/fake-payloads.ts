// Realistic Discord payloads for the stand-in: users, guild, READY/GUILD_CREATE, interactions and
// messages, shaped after discord-api-types v10 (the fields discord.js reads, and the required ones).
import { ApplicationCommandOptionType, ChannelType, ComponentType, InteractionContextType, InteractionType } from 'discord.js';

const DISCORD_EPOCH = 1420070400000n;
let sequence = 0n;

/** Snowflakes that encode "now", as Discord's do (discord.js derives timestamps from them). */
export function snowflake(): string {
  sequence = (sequence + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (7n << 17n) | sequence).toString();
}

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

export function userPayload(u: FakeUser) {
  return {
    id: u.id,
    username: u.username,
    discriminator: '0',
    global_name: u.bot ? null : u.username,
    avatar: null,
    bot: u.bot ?? false,
    system: false,
    flags: 0,
    public_flags: 0,
  };
}

export function memberPayload(u: FakeUser, withUser = true) {
  return {
    ...(withUser ? { user: userPayload(u) } : {}),
    nick: null,
    avatar: null,
    roles: [],
    joined_at: '2024-01-01T00:00:00.000Z',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

export interface World {
  appId: string;
  guildId: string;
  channelId: string;
  bot: FakeUser;
}

/** Everything a member may do in the test guild (Administrator included), as Discord sends it. */
const ALL_PERMISSIONS = '2251799813685247';

export function readyPayload(w: World, sessionId: string, resumeUrl: string) {
  return {
    v: 10,
    user: { ...userPayload(w.bot), verified: true, mfa_enabled: false, email: null },
    // Guilds start unavailable; GUILD_CREATE follows, which is what discord.js waits for before "ready".
    guilds: [{ id: w.guildId, unavailable: true }],
    session_id: sessionId,
    resume_gateway_url: resumeUrl,
    shard: [0, 1],
    application: { id: w.appId, flags: 0 },
    user_settings: {},
    relationships: [],
    private_channels: [],
    presences: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: [],
  };
}

export function guildCreatePayload(w: World) {
  return {
    id: w.guildId,
    name: 'Newsroom',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: '100000000000000001',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: [
      { id: w.guildId, name: '@everyone', color: 0, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: '1071698660929', managed: false, mentionable: false, flags: 0 },
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: w.channelId,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: '2024-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 3,
    voice_states: [],
    members: [memberPayload(w.bot)],
    channels: [
      { id: w.channelId, type: ChannelType.GuildText, guild_id: w.guildId, name: 'general', position: 0, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, rate_limit_per_user: 0, last_message_id: null, flags: 0 },
    ],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export type OptionValue = string | number | boolean;

function optionType(value: OptionValue): ApplicationCommandOptionType {
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  return ApplicationCommandOptionType.String;
}

export function optionsPayload(options: Record<string, OptionValue>, focused?: string) {
  return Object.entries(options).map(([name, value]) => ({
    name,
    type: optionType(value),
    value,
    ...(name === focused ? { focused: true } : {}),
  }));
}

export interface Where {
  user: FakeUser;
  /** In the bot's DM with the user rather than the guild channel. */
  dm?: boolean;
  /** The DM channel id for this user (the stand-in keeps one per user). */
  dmChannelId: string;
}

/** The envelope every interaction shares: who, where, token, permissions, context. */
export function interactionBase(w: World, at: Where, type: InteractionType, data: unknown, token: string) {
  const common = {
    id: snowflake(),
    application_id: w.appId,
    type,
    data,
    token,
    version: 1,
    app_permissions: ALL_PERMISSIONS,
    locale: 'en-US',
    entitlements: [],
    attachment_size_limit: 10485760,
  };
  if (at.dm) {
    return {
      ...common,
      channel: { id: at.dmChannelId, type: ChannelType.DM, flags: 0, last_message_id: null, recipients: [userPayload(at.user)] },
      channel_id: at.dmChannelId,
      user: userPayload(at.user),
      authorizing_integration_owners: { '0': w.guildId },
      context: InteractionContextType.BotDM,
    };
  }
  return {
    ...common,
    guild_id: w.guildId,
    guild: { id: w.guildId, locale: 'en-US', features: [] },
    guild_locale: 'en-US',
    channel: { id: w.channelId, type: ChannelType.GuildText, guild_id: w.guildId, name: 'general', permissions: ALL_PERMISSIONS, flags: 0, last_message_id: null, nsfw: false, parent_id: null, position: 0, rate_limit_per_user: 0, topic: null },
    channel_id: w.channelId,
    member: { ...memberPayload(at.user), permissions: ALL_PERMISSIONS },
    authorizing_integration_owners: { '0': w.guildId },
    context: InteractionContextType.Guild,
  };
}

export function commandData(name: string, options: Record<string, OptionValue>, guildId?: string, focused?: string) {
  return { id: snowflake(), name, type: 1, options: optionsPayload(options, focused), ...(guildId ? { guild_id: guildId } : {}) };
}

export function buttonData(customId: string) {
  return { custom_id: customId, component_type: ComponentType.Button };
}

/** A user's message as MESSAGE_CREATE delivers it (guild extras: guild_id, member, mentions with member). */
export function userMessagePayload(
  w: World,
  at: Where,
  content: string,
  opts: { mentionsBot: boolean; replyTo?: Record<string, unknown> },
) {
  const base = {
    id: snowflake(),
    channel_id: at.dm ? at.dmChannelId : w.channelId,
    author: userPayload(at.user),
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: opts.mentionsBot ? [{ ...userPayload(w.bot), ...(at.dm ? {} : { member: memberPayload(w.bot, false) }) }] : [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: opts.replyTo ? 19 : 0,
    flags: 0,
    nonce: snowflake(),
    channel_type: at.dm ? ChannelType.DM : ChannelType.GuildText,
  };
  const reply = opts.replyTo
    ? {
        message_reference: { type: 0, message_id: opts.replyTo.id, channel_id: opts.replyTo.channel_id, ...(at.dm ? {} : { guild_id: w.guildId }) },
        referenced_message: opts.replyTo,
      }
    : {};
  return at.dm ? { ...base, ...reply } : { ...base, ...reply, guild_id: w.guildId, member: memberPayload(at.user, false) };
}

/** A public thread opened by `owner` on message `messageId` of the test channel (same id, as in Discord). */
export function threadPayload(w: World, messageId: string, owner: FakeUser, name: string) {
  return {
    id: messageId,
    type: ChannelType.PublicThread,
    guild_id: w.guildId,
    parent_id: w.channelId,
    owner_id: owner.id,
    name,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
  };
}

/** A 429 as Discord sends it: `retry_after` (seconds) in the body, and the rate-limit headers. */
export function rateLimited(retryAfter: number): [number, unknown, Record<string, string>] {
  const headers = {
    'retry-after': String(Math.ceil(retryAfter)),
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset-after': String(retryAfter),
    'x-ratelimit-bucket': 'stand-in',
    'x-ratelimit-scope': 'user',
  };
  return [429, { message: 'You are being rate limited.', retry_after: retryAfter, global: false }, headers];
}
