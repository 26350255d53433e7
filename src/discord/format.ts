// Reply rules, pure: everything the bot sends goes through these helpers so that no message can exceed
// Discord's limits (an over-long message is rejected outright, which would lose the whole answer) and no
// quoted text can format itself or ping anyone.
import { attribution } from '../compose.js';
import { ELLIPSIS, clipQuote, clipText, type Range, type Render } from '../quote-clip.js';
import {
  escapeMarkdown,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';

/** Discord's documented limits; JS string length (UTF-16 units) never undercounts them. */
export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  customId: 100,
  choiceName: 100,
  choiceValue: 100,
  choices: 25,
} as const;

export { ELLIPSIS };
const ZWSP = '\u200b';

/** Who may be pinged by anything the bot sends: nobody. Part of every reply, follow-up and edit. */
export const NO_PINGS = { parse: [] as [] } as const;

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** What every view produces; fits `reply`, `editReply`, `update`, `followUp` and `message.reply`. */
export interface ReplyPayload {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowedMentions: typeof NO_PINGS;
}

/** Assemble a payload whose embeds are made valid and which pings nobody. */
export function payload(embeds: APIEmbed[], components: ButtonRow[] = [], content?: string): ReplyPayload {
  const out: ReplyPayload = { embeds: embeds.map(fitEmbed), components, allowedMentions: NO_PINGS };
  if (content !== undefined) out.content = fitContent(content);
  return out;
}

/** A plain text reply (refusals, notices, apologies). */
export function notice(text: string): ReplyPayload {
  return payload([], [], text);
}

/**
 * Break `@everyone`, `@here` and `<@id>`/`<@&id>` mention syntax with a zero-width space. The bot already
 * sends `allowed_mentions: { parse: [] }`; this is defence in depth should a payload ever miss it.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<@([!&]?\d+)>/g, `<@${ZWSP}$1>`);
}

/** Quoted article text must read as written, so every markdown construct is escaped, line-start ones too. */
export function safeText(text: string): string {
  const escaped = escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
  return neutralizeMentions(escaped);
}

/** Shorten to at most `max` characters, preferring a word boundary, ending with an ellipsis. Never throws. */
export function clip(text: string, max: number): string {
  if (max <= 0) return '';
  if (text.length <= max) return text;
  if (max === 1) return ELLIPSIS;
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  // Only back off to a space when it costs little; a long unbroken word is cut mid-word instead.
  if (space > (max - 1) * 0.8) cut = cut.slice(0, space);
  // A trailing backslash would escape the ellipsis (and leave an escape sequence half cut).
  cut = cut.replace(/\\+$/, '').trimEnd();
  return cut + ELLIPSIS;
}

/** Discord markdown for a quote piece: escaped, the kept span in bold, cuts marked with "…". */
export const discordRender: Render = (p) => {
  const bold = p.bold.trim() ? `**${safeText(oneLineRaw(p.bold))}**` : '';
  const text = `${safeText(oneLineRaw(p.before))}${bold}${safeText(oneLineRaw(p.after))}`;
  return `${p.cutStart ? ELLIPSIS : ''}${text}${p.cutEnd ? ELLIPSIS : ''}`;
};

/** A quote for an embed within `max` characters by the one clipping rule (undefined if not a word fits). */
export function discordQuote(raw: string, max: number, keep?: Range): string | undefined {
  return clipQuote(raw, max, keep, discordRender);
}

/**
 * `safeText` within `max` characters, shortened by the quote rule: whole words only, the cut marked "…"
 * (a single over-long word gives a bare "…"). Measured after escaping, so no escape sequence is split.
 */
export function clipSafe(raw: string, max: number): string {
  return clipText(raw, max, discordRender);
}

/** Writes a piece as it is (line breaks kept: a description is already rendered markdown). */
const keepLines: Render = (p) => `${p.cutStart ? ELLIPSIS : ''}${p.before}${p.bold}${p.after}${p.cutEnd ? ELLIPSIS : ''}`;

/** Runs of whitespace as one space, without trimming (pieces of a quote keep their joining spaces). */
function oneLineRaw(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** Collapse runs of whitespace (quotes read as one line inside an embed). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Plain message content (notices, refusals): mentions neutralized, clipped to 2,000. */
export function fitContent(text: string): string {
  return clip(neutralizeMentions(text), DISCORD_LIMITS.content);
}

function embedSize(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  n += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const f of embed.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/**
 * Make any embed valid: every part within its own limit, at most 25 fields, and the total within 6,000.
 * Over the total, the description gives way first (quotes are clipped, sources kept), then trailing fields.
 */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = clip(out.title, DISCORD_LIMITS.title);
  // The description holds quotes: shortened only by the quote rule (whole words, the cut marked).
  if (out.description !== undefined) out.description = clipText(out.description, DISCORD_LIMITS.description, keepLines);
  if (out.footer) out.footer = { ...out.footer, text: clip(out.footer.text, DISCORD_LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: clip(out.author.name, DISCORD_LIMITS.author) };
  if (out.fields) {
    out.fields = out.fields.slice(0, DISCORD_LIMITS.fields).map((f) => ({
      ...f,
      name: clip(f.name, DISCORD_LIMITS.fieldName) || ZWSP,
      value: clip(f.value, DISCORD_LIMITS.fieldValue) || ZWSP,
    }));
  }
  let over = embedSize(out) - DISCORD_LIMITS.embedTotal;
  if (over > 0 && out.description) {
    const keep = Math.max(0, out.description.length - over);
    out.description = clipText(out.description, keep, keepLines) || undefined;
    over = embedSize(out) - DISCORD_LIMITS.embedTotal;
  }
  while (over > 0 && out.fields && out.fields.length > 0) {
    out.fields = out.fields.slice(0, -1);
    over = embedSize(out) - DISCORD_LIMITS.embedTotal;
  }
  if (over > 0 && out.footer) {
    delete out.footer;
    over = embedSize(out) - DISCORD_LIMITS.embedTotal;
  }
  if (over > 0 && out.title) out.title = clip(out.title, Math.max(1, out.title.length - over));
  return out;
}

/** Pack lines into field values of at most 1,024 characters each (a single over-long line is clipped). */
export function packLines(lines: readonly string[], max = DISCORD_LIMITS.fieldValue): string[] {
  const values: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = clip(raw, max);
    if (current && current.length + 1 + line.length > max) {
      values.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current) values.push(current);
  return values;
}

/** Fields named `name`, then `name (cont.)`, holding the packed lines. */
export function linesToFields(name: string, lines: readonly string[], maxFields = 3): APIEmbedField[] {
  const values = packLines(lines);
  const fields = values.slice(0, maxFields).map((value, i) => ({ name: i === 0 ? name : `${name} (cont.)`, value }));
  const last = fields[fields.length - 1];
  if (last && values.length > maxFields) last.value = clip(`${last.value}\n…and more`, DISCORD_LIMITS.fieldValue);
  return fields;
}

/** "Title — Publisher, 19 April 2018" with whatever metadata is known (as the terminal shows it), escaped. */
export function describeArticle(a: { title: string; publisher?: string; date?: string }, maxTitle = 150): string {
  const meta = attribution(a);
  const title = clipSafe(oneLine(a.title), maxTitle);
  return meta ? `${title} — ${safeText(meta)}` : title;
}
