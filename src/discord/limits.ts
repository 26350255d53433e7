// Fair use: a per-user cooldown between questions and a cap on questions answered at once, so one
// user (or a burst) cannot monopolise the engine; plus the question length rules.
import { ERROR_MESSAGES } from '../errors.js';

export type Gate =
  | { ok: true; release(): void }
  | { ok: false; reason: 'cooldown'; retryAfterSeconds: number; message: string }
  | { ok: false; reason: 'busy'; message: string };

export interface Limits {
  /**
   * Admit one question from `userId` now, or say why not. Call `release()` when the answer is sent.
   * Shared limits (cooldowns kept in Postgres for every shard, src/pg/shared.ts) answer asynchronously.
   */
  tryStart(userId: string): Gate | Promise<Gate>;
  /** Questions currently being answered. */
  readonly active: number;
}

/** Limits kept in this process: they answer at once. */
export interface LocalLimits extends Limits {
  tryStart(userId: string): Gate;
}

export function createLimits(
  options: { cooldownSeconds: number; maxConcurrent: number },
  now: () => number = Date.now,
): LocalLimits {
  const cooldownMs = options.cooldownSeconds * 1000;
  const lastStart = new Map<string, number>();
  let active = 0;

  /** Forget users whose cooldown has passed, so the map does not grow with every user ever seen. */
  const prune = (t: number) => {
    if (lastStart.size < 1000) return;
    for (const [user, at] of lastStart) if (t - at >= cooldownMs) lastStart.delete(user);
  };

  return {
    get active() {
      return active;
    },
    tryStart(userId) {
      const t = now();
      const last = lastStart.get(userId);
      if (cooldownMs > 0 && last !== undefined && t - last < cooldownMs) {
        const retryAfterSeconds = Math.max(1, Math.ceil((cooldownMs - (t - last)) / 1000));
        return { ok: false, reason: 'cooldown', retryAfterSeconds, message: ERROR_MESSAGES.RATE_LIMITED(retryAfterSeconds) };
      }
      if (active >= options.maxConcurrent) return { ok: false, reason: 'busy', message: ERROR_MESSAGES.BUSY() };
      prune(t);
      if (cooldownMs > 0) lastStart.set(userId, t);
      active++;
      let released = false;
      return {
        ok: true,
        release() {
          // Idempotent: a handler's finally and its error path may both release.
          if (released) return;
          released = true;
          active--;
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
