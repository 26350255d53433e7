// State bot shards share through Postgres. A user's guild questions reach the shard of that guild, so
// one user in guilds on two shards would get two cooldowns: the cooldown lives in the database
// instead, claimed in one atomic statement. The cap on questions answered at once stays per process:
// it protects that process's CPU, and every shard has its own.
import { createLimits, type Gate, type Limits } from '../discord/limits.js';
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

export function sharedLimits(db: Db, options: { cooldownSeconds: number; maxConcurrent: number }): Limits {
  const local = createLimits({ cooldownSeconds: 0, maxConcurrent: options.maxConcurrent });
  let claims = 0;
  return {
    get active() {
      return local.active;
    },
    async tryStart(userId): Promise<Gate> {
      // Busy is checked before the cooldown is spent: a refused question must not cost the user a turn.
      if (local.active >= options.maxConcurrent) return { ok: false, reason: 'busy', message: ERROR_MESSAGES.BUSY() };
      if (options.cooldownSeconds > 0) {
        const claim = await claimCooldown(db, userId, options.cooldownSeconds);
        if (!claim.ok) return { ok: false, reason: 'cooldown', retryAfterSeconds: claim.retryAfterSeconds, message: ERROR_MESSAGES.RATE_LIMITED(claim.retryAfterSeconds) };
        if (++claims % 1000 === 0) void pruneCooldowns(db).catch(() => undefined);
      }
      return local.tryStart(userId);
    },
  };
}
