// Button custom ids and the small in-memory state they point to. A custom_id holds at most 100 characters,
// so anything bigger than a page number (a question, an answer, a search query) stays in a bounded map
// and the button carries only a short key to it.
import { randomBytes } from 'node:crypto';
import { ButtonStyle, ComponentType, type APIButtonComponentWithCustomId } from 'discord.js';
import { DISCORD_LIMITS, type ButtonRow } from './format.js';

/** 8 URL-safe characters: short enough for custom ids and log lines, unguessable enough for either. */
export function shortId(): string {
  return randomBytes(6).toString('base64url');
}

/** A Map that forgets the least recently used entries beyond `max`, so memory stays bounded. */
export class BoundedMap<K, V> {
  readonly #map = new Map<K, V>();
  constructor(readonly max: number) {}

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value === undefined) return undefined;
    // Re-insert so that recently used entries are the last to be evicted.
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.max) {
      const oldest = this.#map.keys().next();
      if (oldest.done) break;
      this.#map.delete(oldest.value);
    }
    return this;
  }

  get size(): number {
    return this.#map.size;
  }
}

/** `prefix:part:part…`; the prefix names the handler (a command name, or "vote"). */
export function makeId(prefix: string, ...parts: Array<string | number>): string {
  const id = [prefix, ...parts].join(':');
  if (id.length > DISCORD_LIMITS.customId) throw new Error(`custom_id over 100 characters: ${id.slice(0, 40)}…`);
  return id;
}

export function parseId(customId: string): { prefix: string; parts: string[] } {
  const [prefix = '', ...parts] = customId.split(':');
  return { prefix, parts };
}

/** Previous/Next buttons for page `page` of `pages`; direction is part of the id so the two never collide. */
export function pagerRow(prefix: string, key: string | null, page: number, pages: number): ButtonRow {
  const keyParts = key === null ? [] : [key];
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Previous',
        custom_id: makeId(prefix, 'prev', ...keyParts, Math.max(0, page - 1)),
        disabled: page <= 0,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Next',
        custom_id: makeId(prefix, 'next', ...keyParts, Math.min(pages - 1, page + 1)),
        disabled: page >= pages - 1,
      },
    ],
  };
}

/**
 * 👍/👎 under an answer; `answerId` keys the recorded answer. Once rated, each button shows its count, so
 * everyone sees the vote was taken; `chosen` (for an answer only its asker sees) disables the one picked.
 */
export function voteRow(answerId: string, tally?: { up: number; down: number }, chosen?: 'up' | 'down'): ButtonRow {
  const button = (kind: 'up' | 'down', emoji: string): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    style: chosen === kind ? ButtonStyle.Primary : ButtonStyle.Secondary,
    emoji: { name: emoji },
    custom_id: makeId('vote', kind, answerId),
    ...(tally && tally[kind] > 0 ? { label: String(tally[kind]) } : {}),
    ...(chosen === kind ? { disabled: true } : {}),
  });
  return { type: ComponentType.ActionRow, components: [button('up', '👍'), button('down', '👎')] };
}

/** Page index from a custom id part, clamped to the pages that exist now. */
export function pageFrom(part: string | undefined, pages: number): number {
  const n = Number.parseInt(part ?? '0', 10);
  if (!Number.isFinite(n) || n < 0) return 0;
  return Math.min(n, Math.max(0, pages - 1));
}
