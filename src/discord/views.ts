// Listing views, pure: search pages, the article list, one article's passages, stats and help.
import type { ArticleInfo, Chunk, CorpusStats, ScoredChunk } from '../types.js';
import type { FeedbackSummary } from '../feedback.js';
import { ButtonStyle, ComponentType, type APIEmbed } from 'discord.js';
import {
  DISCORD_LIMITS,
  clip,
  clipSafe,
  describeArticle,
  oneLine,
  payload,
  safeText,
  type ButtonRow,
  type ReplyPayload,
} from './format.js';
import { makeId, pagerRow } from './ids.js';

const COLOR = 0x5865f2;
export const SEARCH_PAGE_SIZE = 5;
export const SOURCES_PAGE_SIZE = 10;

export function pageCount(items: number, size: number): number {
  return Math.max(1, Math.ceil(items / size));
}

/** What a search's Previous/Next buttons need; kept in memory under a short id. */
export interface SearchSession {
  query: string;
  hits: ScoredChunk[];
}

export function searchReply(session: SearchSession, sessionId: string, page: number): ReplyPayload {
  const title = clipSafe(`Search: ${oneLine(session.query)}`, DISCORD_LIMITS.title);
  if (session.hits.length === 0) {
    return payload([{ title, description: 'No passages match that. Try other words, or widen the dates.' }]);
  }
  const pages = pageCount(session.hits.length, SEARCH_PAGE_SIZE);
  const start = page * SEARCH_PAGE_SIZE;
  const lines = session.hits.slice(start, start + SEARCH_PAGE_SIZE).map((hit, i) => {
    const { chunk } = hit;
    const head = `**${start + i + 1}. ${clipSafe(oneLine(chunk.title), 120)}** — ${chunk.date ?? 'undated'} · score ${hit.score.toFixed(2)}`;
    // The same passage republished elsewhere is listed once; every outlet that ran it is named.
    const also = hit.copies?.length ? `\nAlso in: ${hit.copies.map((c) => describeArticle(c, 80)).join('; ')}` : '';
    return `${head}\n> ${clipSafe(oneLine(chunk.text), 300)}${also}`;
  });
  const embed: APIEmbed = {
    title,
    color: COLOR,
    description: lines.join('\n\n'),
    footer: { text: `Page ${page + 1}/${pages} · ${session.hits.length} passages` },
  };
  return payload([embed], pages > 1 ? [pagerRow('search', sessionId, page, pages)] : []);
}

export function sourcesReply(articles: readonly ArticleInfo[], page: number): ReplyPayload {
  if (articles.length === 0) return payload([{ title: 'Articles', description: 'The corpus is empty.' }]);
  const pages = pageCount(articles.length, SOURCES_PAGE_SIZE);
  const start = page * SOURCES_PAGE_SIZE;
  const lines = articles
    .slice(start, start + SOURCES_PAGE_SIZE)
    .map((a, i) => `${start + i + 1}. ${describeArticle(a, 200)}`);
  const embed: APIEmbed = {
    title: `Articles (${articles.length})`,
    color: COLOR,
    description: lines.join('\n'),
    footer: { text: `Page ${page + 1}/${pages} · /source shows one article` },
  };
  return payload([embed], pages > 1 ? [pagerRow('sources', null, page, pages)] : []);
}

/** Only http(s) URLs are valid in an embed; anything else would make Discord reject the whole message. */
function embedUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One article: metadata and passage `ordinal`, with buttons to step through passages. `ref` is how the
 * buttons name the article (its source path, or `#index` when the path is too long for a custom id).
 */
export function sourceReply(article: ArticleInfo, passages: readonly Chunk[], ordinal: number, ref: string): ReplyPayload {
  const passage = passages[ordinal];
  const embed: APIEmbed = {
    title: clipSafe(oneLine(article.title), DISCORD_LIMITS.title),
    color: COLOR,
    fields: [
      { name: 'Publisher', value: safeText(article.publisher ?? 'unknown'), inline: true },
      { name: 'Date', value: article.date ?? 'undated', inline: true },
      { name: 'Passages', value: String(passages.length), inline: true },
    ],
    description: passage ? clipSafe(passage.text, 3500) : 'This article has no passages.',
    footer: { text: passage ? `Passage ${ordinal + 1} of ${passages.length}` : clip(article.source, 200) },
  };
  const url = embedUrl(article.url);
  if (url) embed.url = url;
  const rows: ButtonRow[] = [];
  if (passages.length > 1) {
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Previous passage',
          custom_id: makeId('source', 'prev', Math.max(0, ordinal - 1), ref),
          disabled: ordinal <= 0,
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Primary,
          label: 'Next passage',
          custom_id: makeId('source', 'next', Math.min(passages.length - 1, ordinal + 1), ref),
          disabled: ordinal >= passages.length - 1,
        },
      ],
    });
  }
  return payload([embed], rows);
}

/** Discord renders `<t:…:f>` in each reader's own time zone. */
function when(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? safeText(iso) : `<t:${Math.floor(ms / 1000)}:f>`;
}

export function statsReply(stats: CorpusStats, feedback: FeedbackSummary): ReplyPayload {
  const range = stats.from && stats.to ? `${stats.from} → ${stats.to}` : 'no dated articles';
  const embed: APIEmbed = {
    title: 'Corpus',
    color: COLOR,
    fields: [
      { name: 'Articles', value: String(stats.articles), inline: true },
      { name: 'Passages', value: String(stats.chunks), inline: true },
      { name: 'Outlets', value: String(stats.outlets.length), inline: true },
      { name: 'Dates', value: `${range}${stats.undated ? ` (${stats.undated} undated)` : ''}` },
      { name: 'Outlet names', value: clip(safeText(stats.outlets.join(', ')) || 'none known', DISCORD_LIMITS.fieldValue) },
      { name: 'Embedding model', value: `${safeText(stats.model)} (${stats.dimensions} dimensions)` },
      { name: 'Index built', value: when(stats.builtAt), inline: true },
      { name: 'Feedback', value: `👍 ${feedback.up} · 👎 ${feedback.down}`, inline: true },
    ],
  };
  return payload([embed]);
}

export const HELP_TEXT = [
  'I answer questions about a fixed set of news articles by **quoting them word for word**, each quote',
  'with a numbered source. When the articles do not answer a question I say so rather than guess.',
  '',
  '**How to ask**',
  '• `/ask question:…` — optionally narrow to one article (`source`), dates (`from`, `to`: 2018-04-19 or',
  '  "19 April 2018"), or an `outlet`; `private:true` shows the answer only to you.',
  '• Mention me: `@bot who controls Al-Qadam?` — or reply to one of my answers with a follow-up.',
  '• In a direct message, just type the question.',
  '',
  '**Other commands**',
  '• `/search` — matching passages with scores • `/timeline` — dated events on a topic',
  '• `/sources` — every article • `/source` — one article, passage by passage • `/stats` — the corpus',
  '',
  'Rate answers with 👍/👎; the votes help improve the bot (no names are stored).',
].join('\n');

export function helpReply(): ReplyPayload {
  return payload([{ title: 'What I do', color: COLOR, description: HELP_TEXT }]);
}
