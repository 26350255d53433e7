// Terminal formatting and the filter flags shared by ask, chat and timeline.
import { parseDateRange } from '../date-input.js';
import { AppError } from '../errors.js';
import type { Answer, AskOptions } from '../types.js';

export const FILTER_FLAGS = {
  source: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  outlet: { type: 'string' },
} as const;

/** Turn --source/--from/--to/--outlet values into engine options; dates read as Discord reads them. */
export function filterOptions(values: { source?: string; from?: string; to?: string; outlet?: string }): AskOptions {
  const dates = parseDateRange(values.from, values.to);
  if (!dates.ok) throw new AppError('DATE_INVALID', dates.message);
  return {
    ...(values.source ? { source: values.source } : {}),
    ...(dates.from ? { from: dates.from } : {}),
    ...(dates.to ? { to: dates.to } : {}),
    ...(values.outlet ? { outlet: values.outlet } : {}),
  };
}

/**
 * The `ask --json` contract: one line, these keys, citations most relevant first; `short` is the words
 * of the first citation that answer the question (null when the engine marked none); `normalised` is the
 * question as the engine read it when chat shorthand or typos were repaired (null when it read it as typed).
 */
export function askJson(a: Answer): string {
  return JSON.stringify({
    question: a.question,
    answer: a.answer,
    abstained: a.abstained,
    short: a.citations.find((c) => c.short)?.short?.text ?? null,
    citations: a.citations.map((c) => ({ n: c.n, source: c.source, title: c.title, quote: c.quote, score: c.score })),
    normalised: a.normalised ?? null,
  });
}
