// Fair use: questions wait their turn in a queue (p-queue) instead of being refused in a burst. The engine
// answers `maxConcurrent` at once; each user has at most one question waiting or being answered, users who
// asked less recently go first, and a question is refused — privately, by the caller — only when its
// estimated wait would pass `maxWaitMs` (or the user is within the cooldown). Plus the question length rules.
import PQueue from 'p-queue';
import { ERROR_MESSAGES } from '../errors.js';

export type Admission =
  | {
      ok: true;
      /** Questions ahead of this one when it was admitted. */
      ahead: number;
      /** Run `work` when this question's turn comes; always call it exactly once. */
      run<T>(work: () => Promise<T>): Promise<T>;
    }
  | { ok: false; reason: 'cooldown' | 'pending' | 'full'; message: string };

export interface QuestionQueue {
  /** Decide now (synchronously) whether `userId`'s question is queued, or say why not. */
  admit(userId: string): Admission;
  /** Questions being answered now, and waiting. */
  readonly running: number;
  readonly waiting: number;
}

export interface QueueOptions {
  cooldownSeconds: number;
  maxConcurrent: number;
  /** Refuse when the estimated wait would pass this. */
  maxWaitMs: number;
  /** What an answer is assumed to take before any has been timed. */
  initialServiceMs?: number;
}

/** Generous: an answer takes 50–100 ms, so a 30-user burst clears in about a second or two. */
export const DEFAULT_MAX_WAIT_MS = 30_000;
/** How far back a user's earlier questions lower their place (fairness between users). */
const RECENT_MS = 10 * 60_000;

export function createQuestionQueue(options: QueueOptions, now: () => number = Date.now): QuestionQueue {
  const queue = new PQueue({ concurrency: options.maxConcurrent });
  const cooldownMs = options.cooldownSeconds * 1000;
  const lastStart = new Map<string, number>();
  const recent = new Map<string, number[]>();
  const pending = new Set<string>();
  let waiting = 0;
  let running = 0;
  // Exponentially weighted mean of how long answering takes, for the wait estimate.
  let serviceMs = options.initialServiceMs ?? 1000;

  const prune = (t: number) => {
    if (lastStart.size < 1000) return;
    for (const [user, at] of lastStart) {
      if (t - at < Math.max(cooldownMs, RECENT_MS)) continue;
      lastStart.delete(user);
      recent.delete(user);
    }
  };

  return {
    get running() {
      return running;
    },
    get waiting() {
      return waiting;
    },
    admit(userId) {
      const t = now();
      const last = lastStart.get(userId);
      if (cooldownMs > 0 && last !== undefined && t - last < cooldownMs) {
        const seconds = Math.max(1, Math.ceil((cooldownMs - (t - last)) / 1000));
        return { ok: false, reason: 'cooldown', message: ERROR_MESSAGES.RATE_LIMITED(seconds) };
      }
      if (pending.has(userId)) return { ok: false, reason: 'pending', message: ERROR_MESSAGES.QUESTION_PENDING() };
      const ahead = waiting + running;
      const rounds = Math.floor(ahead / options.maxConcurrent);
      const estimate = rounds * serviceMs;
      if (estimate > options.maxWaitMs) {
        return { ok: false, reason: 'full', message: ERROR_MESSAGES.BUSY(Math.max(1, Math.ceil(estimate / 1000))) };
      }
      prune(t);
      lastStart.set(userId, t);
      const times = (recent.get(userId) ?? []).filter((at) => t - at < RECENT_MS);
      recent.set(userId, [...times, t]);
      pending.add(userId);
      waiting++;
      let used = false;
      return {
        ok: true,
        ahead,
        run<T>(work: () => Promise<T>): Promise<T> {
          if (used) throw new Error('admission already used');
          used = true;
          // Fewer recent questions → higher priority; equal priorities keep arrival order.
          const job = queue.add(
            async () => {
              waiting--;
              running++;
              const started = now();
              try {
                return await work();
              } finally {
                running--;
                serviceMs = 0.8 * serviceMs + 0.2 * Math.max(1, now() - started);
              }
            },
            { priority: -times.length },
          ) as Promise<T>;
          return job.finally(() => pending.delete(userId));
        },
      };
    },
  };
}

export type QuestionCheck = { kind: 'ok'; question: string } | { kind: 'empty' } | { kind: 'too-long'; message: string };

/** Trim and check a question: empty gets the help text, over-long a refusal naming the limit. */
export function checkQuestion(text: string, maxLength: number): QuestionCheck {
  const question = text.trim();
  if (question === '') return { kind: 'empty' };
  if (question.length > maxLength) return { kind: 'too-long', message: ERROR_MESSAGES.QUESTION_TOO_LONG(maxLength) };
  return { kind: 'ok', question };
}
