// State bot shards share through Postgres. A user's guild questions reach the shard of that guild, so
// one user in guilds on two shards would get two cooldowns: the cooldown lives in the database
// instead, claimed in one atomic statement. The question queue itself stays per process: it paces
// that process's engine, and every shard has its own. Votes need nothing here: a vote button is
// clicked in the guild (or DM) of its answer, so it reaches the shard that holds that answer.
import { createQuestionQueue, type Admission, type QuestionQueue, type QueueOptions } from '../discord/limits.js';
import { ERROR_MESSAGES } from '../errors.js';
import type { Db } from './db.js';

/** Set the user's cooldown if none is running; otherwise say how long is left. */
export async function claimCooldown(db: Db, userId: string, seconds: number): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  const claimed = await db.query(
    `INSERT INTO nq_cooldowns (user_id, until) VALUES ($1, clock_timestamp() + make_interval(secs => $2))
     ON CONFLICT (user_id) DO UPDATE SET until = excluded.until WHERE nq_cooldowns.until <= clock_timestamp()
     RETURNING user_id`,
    [userId, seconds],
  );
  if (claimed.length) return { ok: true };
  const [row] = await db.query<{ left: number }>(`SELECT extract(epoch FROM until - clock_timestamp())::float8 AS left FROM nq_cooldowns WHERE user_id = $1`, [userId]);
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(row?.left ?? 1))) };
}

/** Forget cooldowns that ran out, so the table holds only users seen in the last few seconds. */
export async function pruneCooldowns(db: Db): Promise<void> {
  await db.query('DELETE FROM nq_cooldowns WHERE until < clock_timestamp()');
}

/** This process's question queue, with the per-user cooldown held in Postgres for every shard. */
export function sharedQueue(db: Db, options: QueueOptions): QuestionQueue {
  const local = createQuestionQueue({ ...options, cooldownSeconds: 0 });
  let claims = 0;
  return {
    get running() {
      return local.running;
    },
    get waiting() {
      return local.waiting;
    },
    async admit(userId): Promise<Admission> {
      if (options.cooldownSeconds > 0) {
        const claim = await claimCooldown(db, userId, options.cooldownSeconds);
        if (!claim.ok) return { ok: false, reason: 'cooldown', message: ERROR_MESSAGES.RATE_LIMITED(claim.retryAfterSeconds) };
        if (++claims % 1000 === 0) void pruneCooldowns(db).catch(() => undefined);
      }
      const admission = local.admit(userId);
      // A question refused here (one already waiting, or the queue full) must not cost the user a turn.
      if (!admission.ok && options.cooldownSeconds > 0) await db.query('DELETE FROM nq_cooldowns WHERE user_id = $1', [userId]).catch(() => undefined);
      return admission;
    },
  };
}
