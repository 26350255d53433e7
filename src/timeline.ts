// Pure: scored sentences about a topic → dated events, oldest first. A sentence's own date ("On October
// 23", "on 19 April 2018") says when its event happened; the article's date only says when it was
// reported, so it is the fallback. Articles with neither are left out rather than guessed.
import { toCitations, type Quote } from './compose.js';
import { findEventDates } from './dates.js';
import type { TimelineEntry } from './types.js';

export interface TimelineTuning {
  /** Events one article contributes at most (its best sentence, plus one with another date of its own). */
  perArticle: number;
  /** Sentences with less evidence than this are not about the topic. */
  minEvidence: number;
}

export const DEFAULT_TIMELINE: TimelineTuning = { perArticle: 2, minEvidence: 0.1 };

interface Dated<T> {
  quote: T;
  date: string;
  /** The date was written in the sentence (rather than taken from the article). */
  own: boolean;
}

/** When a sentence's event happened: its first own date, else its article's date, else unknown. */
export function eventDate(sentence: string, articleDate?: string): { date: string; own: boolean } | undefined {
  const own = findEventDates(sentence, articleDate)[0]?.date;
  if (own) return { date: own, own: true };
  return articleDate ? { date: articleDate, own: false } : undefined;
}

/**
 * Candidates (best first) → timeline entries. Each article gives its best dated sentence; a second only
 * when that one carries a date of its own different from the first's (a story recalling an earlier event).
 * Markers are numbered per article in the order shown, so two events from one article share a source.
 */
export function buildTimeline<T extends Quote & { evidence: number }>(candidates: readonly T[], tuning: TimelineTuning = DEFAULT_TIMELINE): TimelineEntry[] {
  const perArticle = new Map<string, Dated<T>[]>();
  for (const c of candidates) {
    if (c.evidence < tuning.minEvidence) continue;
    const when = eventDate(c.text, c.chunk.date);
    if (!when) continue;
    const taken = perArticle.get(c.chunk.source) ?? [];
    if (taken.length >= tuning.perArticle) continue;
    if (taken.some((t) => t.date === when.date) || (taken.length > 0 && !when.own)) continue;
    perArticle.set(c.chunk.source, [...taken, { quote: c, ...when }]);
  }
  // Oldest first; on one day, the better-scored sentence first.
  const events = [...perArticle.values()].flat().sort((a, b) => a.date.localeCompare(b.date) || b.quote.score - a.quote.score);
  const citations = toCitations(events.map((e) => e.quote));
  return events.map((e, i) => ({ date: e.date, citation: citations[i]! }));
}
