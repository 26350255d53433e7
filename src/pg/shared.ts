// What bot shards share through Postgres about a user's questions. Guild events reach the shard of
// that guild and DMs reach shard 0, so one user can reach several shard processes (a guild on shard 1
// and a DM): their cooldown and their "one question at a time" must hold across all of them. Both sit
// in one row per user (nq_cooldowns), claimed in one atomic statement.
//
// The question queue itself stays per process, by design: it paces that process's own engine (at most
// MAX_CONCURRENT_QUESTIONS answers at once on its CPU), every shard has the whole index behind it, and
// Discord spreads guilds evenly over shards. A shared queue would add a round trip per dispatch and
// would have to hand questions between processes without saving any work. Votes and answer records are
// in the feedback store (src/pg/feedback.ts).
import { createQuestionQueue, type Admission, type QuestionQueue, type QueueOptions } from '../discord/limits.js';
import { ERROR_MESSAGES } from '../errors.js';
import type { Db } from './db.js';

/**
 * A question counts as in flight for at most its longest wait plus this, so a shard killed while
 * answering blocks that user for a minute at worst (one that finishes says so at once).
 */
export const ANSWER_GRACE_SECONDS = 30;

export type Turn = { ok: true } | { ok: false; reason: 'cooldown'; retryAfterSeconds: number } | { ok: false; reason: 'pending' };

/** Give the user a turn if no cooldown runs and no question of theirs is in flight on any shard. */
export async function claimTurn(db: Db, userId: string, cooldownSeconds: number, busySeconds: number): Promise<Turn> {
  const claimed = await db.query(
    `INSERT INTO nq_cooldowns (user_id, until, busy_until)
     VALUES ($1, clock_timestamp() + make_interval(secs => $2), clock_timestamp() + make_interval(secs => $3))
     ON CONFLICT (user_id) DO UPDATE SET until = excluded.until, busy_until = excluded.busy_until
     WHERE nq_cooldowns.until <= clock_timestamp() AND (nq_cooldowns.busy_until IS NULL OR nq_cooldowns.busy_until <= clock_timestamp())
     RETURNING user_id`,
    [userId, cooldownSeconds, busySeconds],
  );
  if (claimed.length) return { ok: true };
  const [row] = await db.query<{ left: number; busy: boolean }>(
    `SELECT extract(epoch FROM until - clock_timestamp())::float8 AS left, coalesce(busy_until > clock_timestamp(), false) AS busy
     FROM nq_cooldowns WHERE user_id = $1`,
    [userId],
  );
  if (row && Number(row.left) > 0) return { ok: false, reason: 'cooldown', retryAfterSeconds: Math.max(1, Math.ceil(Number(row.left))) };
  // Busy, or a turn that ended between the two statements (then the next question gets in).
  return { ok: false, reason: 'pending' };
}

/** The user's question is answered (or was never queued): their next one may come from any shard. */
export async function endTurn(db: Db, userId: string): Promise<void> {
  await db.query('UPDATE nq_cooldowns SET busy_until = NULL WHERE user_id = $1', [userId]);
}

/** Forget users whose cooldown ran out and who have nothing in flight. */
export async function pruneCooldowns(db: Db): Promise<void> {
  await db.query('DELETE FROM nq_cooldowns WHERE until < clock_timestamp() AND (busy_until IS NULL OR busy_until < clock_timestamp())');
}

/** This process's question queue, with each user's cooldown and question in flight held in Postgres for every shard. */
export function sharedQueue(db: Db, options: QueueOptions): QuestionQueue {
  const local = createQuestionQueue({ ...options, cooldownSeconds: 0 });
  const busySeconds = options.maxWaitMs / 1000 + ANSWER_GRACE_SECONDS;
  // A lost update only lets the lease run out: the user waits a little longer, nothing breaks.
  const end = (userId: string) => endTurn(db, userId).catch(() => undefined);
  let claims = 0;
  return {
    get running() {
      return local.running;
    },
    get waiting() {
      return local.waiting;
    },
    async admit(userId): Promise<Admission> {
      const turn = await claimTurn(db, userId, options.cooldownSeconds, busySeconds);
      if (!turn.ok) {
        return turn.reason === 'cooldown'
          ? { ok: false, reason: 'cooldown', message: ERROR_MESSAGES.RATE_LIMITED(turn.retryAfterSeconds) }
          : { ok: false, reason: 'pending', message: ERROR_MESSAGES.QUESTION_PENDING() };
      }
      if (++claims % 1000 === 0) void pruneCooldowns(db).catch(() => undefined);
      const admission = local.admit(userId);
      if (!admission.ok) {
        // Refused here (the queue is full): that must not cost the user a turn or hold their next question.
        await db.query('DELETE FROM nq_cooldowns WHERE user_id = $1', [userId]).catch(() => undefined);
        return admission;
      }
      // Cleared once the answer is out (the reply is sent inside `work`), before the handler returns.
      return { ok: true, ahead: admission.ahead, run: (work) => admission.run(work).finally(() => end(userId)) };
    },
  };
}
