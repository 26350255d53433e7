// Terminal formatting and the filter flags shared by ask, chat and timeline.
import { appError } from '../errors.js';
import { parseDate } from '../dates.js';
import type { Answer, AskOptions } from '../types.js';

export const FILTER_FLAGS = {
  source: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  outlet: { type: 'string' },
} as const;

/** Turn --source/--from/--to/--outlet values into engine options; dates in any common format. */
export function filterOptions(values: { source?: string; from?: string; to?: string; outlet?: string }): AskOptions {
  const date = (flag: string, text?: string) => {
    if (text === undefined) return undefined;
    const iso = parseDate(text);
    if (!iso) throw appError('DATE_INVALID', `--${flag}`, text);
    return iso;
  };
  const from = date('from', values.from);
  const to = date('to', values.to);
  return {
    ...(values.source ? { source: values.source } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(values.outlet ? { outlet: values.outlet } : {}),
  };
}

/** The `ask --json` contract: one line, these keys, citations most relevant first. */
export function askJson(a: Answer): string {
  return JSON.stringify({
    question: a.question,
    answer: a.answer,
    abstained: a.abstained,
    citations: a.citations.map((c) => ({ n: c.n, source: c.source, title: c.title, quote: c.quote, score: c.score })),
  });
}
