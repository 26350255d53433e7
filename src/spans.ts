// Sorted spans, pure: where a position falls in a list of spans sorted by start.
import type { Span } from './types.js';

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
