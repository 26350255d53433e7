// 👍/👎 votes as JSON lines in one file: append-only, so a crash can lose at most the line being
// written, and easy to read back with any tool. No user names or ids are stored — only what was asked,
// what was answered, and the vote.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export type Vote = 'up' | 'down';

export interface FeedbackEntry {
  /** ISO timestamp of the click. */
  time: string;
  question: string;
  /** The answer text as the engine gave it. */
  answer: string;
  /** What the answer cited, so a reviewer can check the quotes. */
  sources: Array<{ n: number; source: string; title: string }>;
  vote: Vote;
}

export interface FeedbackSummary {
  up: number;
  down: number;
  total: number;
  /** Questions with at least one 👎, most down-voted first (ties: most recent first). */
  mostDownvoted: Array<{ question: string; down: number; up: number }>;
}

export interface FeedbackRecorder {
  readonly file: string;
  record(entry: FeedbackEntry): Promise<void>;
  summary(): Promise<FeedbackSummary>;
}

export function createFeedbackRecorder(file: string): FeedbackRecorder {
  // Writes are chained so concurrent clicks can never interleave inside one line.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    file,
    record(entry) {
      const line = JSON.stringify(entry) + '\n';
      const write = queue.then(async () => {
        await mkdir(dirname(file), { recursive: true });
        await appendFile(file, line, 'utf8');
      });
      queue = write.catch(() => undefined);
      return write;
    },
    async summary() {
      await queue;
      return summarizeFeedback(file);
    },
  };
}

function isEntry(value: unknown): value is FeedbackEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.question === 'string' && (v.vote === 'up' || v.vote === 'down');
}

/** Counts from a feedback file; a missing file is zero votes, a malformed line is skipped. */
export async function summarizeFeedback(file: string, top = 5): Promise<FeedbackSummary> {
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  let up = 0;
  let down = 0;
  const perQuestion = new Map<string, { question: string; up: number; down: number; last: number }>();
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return;
    }
    if (!isEntry(parsed)) return;
    if (parsed.vote === 'up') up++;
    else down++;
    // Group case- and space-insensitively: the same question typed twice is one question.
    const key = parsed.question.trim().replace(/\s+/g, ' ').toLowerCase();
    const row = perQuestion.get(key) ?? { question: parsed.question.trim(), up: 0, down: 0, last: 0 };
    row[parsed.vote]++;
    row.last = index;
    perQuestion.set(key, row);
  });
  const mostDownvoted = [...perQuestion.values()]
    .filter((r) => r.down > 0)
    .sort((a, b) => b.down - a.down || b.last - a.last)
    .slice(0, top)
    .map(({ question, down: d, up: u }) => ({ question, down: d, up: u }));
  return { up, down, total: up + down, mostDownvoted };
}

/** The terminal report printed by `npm run feedback`. */
export function formatFeedbackSummary(file: string, s: FeedbackSummary): string {
  if (s.total === 0) return `No feedback yet in ${file}.`;
  const lines = [`Feedback in ${file}: ${s.total} votes — 👍 ${s.up}, 👎 ${s.down}`];
  if (s.mostDownvoted.length > 0) {
    lines.push('', 'Most down-voted questions:');
    for (const q of s.mostDownvoted) lines.push(`  👎 ${q.down}  👍 ${q.up}  ${q.question}`);
  }
  return lines.join('\n');
}
