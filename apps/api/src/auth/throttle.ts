import type { Db } from "@workflow-secrets/db";

/**
 * Attempts on a key are free up to `freeAttempts` inside the window; after that each attempt must
 * wait `baseDelayMs`, doubling per attempt up to `maxDelayMs`. A key forgets everything `windowMs`
 * after its last allowed attempt (the window is longer than the longest delay).
 */
export interface ThrottlePolicy {
  freeAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
}

export interface ThrottleKey {
  key: string;
  policy: ThrottlePolicy;
}

export type ThrottleClaim = { allowed: true } | { allowed: false; retryAt: number };

/** SQL for the delay after the `n`-th attempt: 0 while free, then base · 2^k capped at max. */
function delayAfter(n: string, free: string, base: string, max: string): string {
  return `(CASE WHEN ${n} < ${free} THEN 0 ELSE min(${max}, ${base} << min(${n} - ${free}, 30)) END)`;
}

const placeholders = (count: number) => Array(count).fill("?").join(", ");

// Raw D1 statements: drizzle 0.45's batch cannot carry raw SQL, and these upserts need it.
const ATTEMPTS_AFTER = `(CASE WHEN auth_throttle.expires_at <= excluded.last_attempt_at
  THEN 1 ELSE auth_throttle.attempts + 1 END)`;

function claimSql(keyCount: number): string {
  const rows = Array(keyCount).fill("(?, ?, ?, ?, ?)").join(", ");
  return `
    INSERT INTO auth_throttle (key, attempts, last_attempt_at, next_allowed_at, expires_at,
                               free_attempts, base_delay_ms, max_delay_ms, window_ms)
    SELECT column1, 1, ?1, ?1 + ${delayAfter("1", "column2", "column3", "column4")}, ?1 + column5,
           column2, column3, column4, column5
    FROM (VALUES ${rows})
    WHERE NOT EXISTS (
      SELECT 1 FROM auth_throttle
      WHERE key IN (${placeholders(keyCount)}) AND next_allowed_at > ?1 AND expires_at > ?1
    )
    ON CONFLICT (key) DO UPDATE SET
      attempts = ${ATTEMPTS_AFTER},
      last_attempt_at = excluded.last_attempt_at,
      next_allowed_at = excluded.last_attempt_at + ${delayAfter(
        ATTEMPTS_AFTER,
        "excluded.free_attempts",
        "excluded.base_delay_ms",
        "excluded.max_delay_ms",
      )},
      expires_at = excluded.expires_at,
      free_attempts = excluded.free_attempts,
      base_delay_ms = excluded.base_delay_ms,
      max_delay_ms = excluded.max_delay_ms,
      window_ms = excluded.window_ms
    RETURNING key`;
}

/**
 * Counts one attempt on every key, or on none: if any key is still waiting out its delay, nothing is
 * counted and the answer says when the attempt would be allowed. ONE statement does the check and the
 * count (D1 runs one statement at a time), so concurrent attempts cannot all pass the check. Sign-in
 * records the attempt this way BEFORE it checks the password, and a success gives it back (release).
 */
export async function claimAttempt(db: Db, keys: ThrottleKey[], now = Date.now()): Promise<ThrottleClaim> {
  const d1 = db.$client;
  const names = keys.map((k) => k.key);
  const values = keys.flatMap(({ key, policy: p }) => [
    key,
    p.freeAttempts,
    p.baseDelayMs,
    p.maxDelayMs,
    p.windowMs,
  ]);
  const [, claimed, waiting] = await d1.batch([
    // A few rows that count for nothing any more go first, so the table stays small.
    d1
      .prepare(
        "DELETE FROM auth_throttle WHERE key IN (SELECT key FROM auth_throttle WHERE expires_at <= ? LIMIT 100)",
      )
      .bind(now),
    // ?1 is `now`; the VALUES rows and the key list follow.
    d1.prepare(claimSql(keys.length)).bind(now, ...values, ...names),
    d1
      .prepare(
        `SELECT max(next_allowed_at) AS retryAt FROM auth_throttle
         WHERE key IN (${placeholders(names.length)}) AND next_allowed_at > ? AND expires_at > ?`,
      )
      .bind(...names, now, now),
  ]);
  if ((claimed?.results.length ?? 0) === keys.length) return { allowed: true };
  const retryAt = (waiting?.results[0] as { retryAt: number | null } | undefined)?.retryAt;
  return { allowed: false, retryAt: retryAt ?? now };
}

/**
 * After a successful sign-in: `forget` deletes keys (the owner's own client proved itself), `undo`
 * takes this attempt back without resetting the key (a client cannot wipe its record by signing in
 * to an account of its own).
 */
export async function releaseAttempt(db: Db, forget: string[], undo: string[]): Promise<void> {
  const d1 = db.$client;
  const previous = "max(attempts - 1, 0)";
  await d1.batch([
    d1.prepare(`DELETE FROM auth_throttle WHERE key IN (${placeholders(forget.length)})`).bind(...forget),
    d1
      .prepare(
        `UPDATE auth_throttle SET
           attempts = ${previous},
           next_allowed_at = last_attempt_at + ${delayAfter(previous, "free_attempts", "base_delay_ms", "max_delay_ms")}
         WHERE key IN (${placeholders(undo.length)})`,
      )
      .bind(...undo),
  ]);
}

/** "in 30 seconds (at …)" / "in 4 minutes (at …)", for TOO_MANY_REQUESTS messages. */
export function describeWait(retryAt: number, now = Date.now()): { seconds: number; text: string } {
  const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
  const text = seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return { seconds, text: `in ${text} (at ${new Date(retryAt).toISOString()})` };
}
