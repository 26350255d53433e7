// Sorted spans, pure: where a position falls in a list of spans sorted by start.
import type { Entity, Span } from './types.js';

/** Index of the first span starting at or after `at` in spans sorted by start (binary search). */
export function firstFrom(spans: readonly Span[], at: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid] as Span).start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The entities inside [start, end) of a list sorted by start. Kept apart from annotate.ts, so answering
 *  a question never loads the tagger (its import costs about 0.3 s of start-up). */
export function entitiesIn(entities: readonly Entity[], start: number, end: number): Entity[] {
  const out: Entity[] = [];
  for (let i = firstFrom(entities, start); i < entities.length && (entities[i] as Entity).start < end; i++) {
    const e = entities[i] as Entity;
    if (e.end <= end) out.push(e);
  }
  return out;
}
