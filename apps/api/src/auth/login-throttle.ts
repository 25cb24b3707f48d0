import { type Db, loginAttempts } from "@workflow-secrets/db";
import { and, asc, count, eq, gt, lte, min } from "drizzle-orm";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;

/**
 * Per-email brute-force lockout: after MAX_FAILED_SIGN_INS failures inside the window, sign-in is
 * refused (even with the right password) until the oldest failure leaves the window.
 * Returns when the lock lifts, or null when not locked.
 */
export async function lockedUntil(db: Db, email: string, now = new Date()): Promise<string | null> {
  const since = new Date(now.getTime() - LOCKOUT_WINDOW_MS).toISOString();
  const [row] = await db
    .select({ failures: count(), oldest: min(loginAttempts.createdAt) })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), gt(loginAttempts.createdAt, since)));
  if (!row || row.failures < MAX_FAILED_SIGN_INS || !row.oldest) return null;
  // The lock lifts when enough failures age out to drop below the limit.
  const recent = await db
    .select({ createdAt: loginAttempts.createdAt })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), gt(loginAttempts.createdAt, since)))
    .orderBy(asc(loginAttempts.createdAt))
    .limit(row.failures - MAX_FAILED_SIGN_INS + 1);
  const last = recent.at(-1)?.createdAt ?? row.oldest;
  return new Date(Date.parse(last) + LOCKOUT_WINDOW_MS).toISOString();
}

/** Records a failure and drops this email's failures that already left the window (the table stays small). */
export async function recordFailedSignIn(db: Db, email: string, now = new Date()): Promise<void> {
  const since = new Date(now.getTime() - LOCKOUT_WINDOW_MS).toISOString();
  await db.batch([
    db.delete(loginAttempts).where(and(eq(loginAttempts.email, email), lte(loginAttempts.createdAt, since))),
    db.insert(loginAttempts).values({ email, createdAt: now.toISOString() }),
  ]);
}

export async function clearFailedSignIns(db: Db, email: string): Promise<void> {
  await db.delete(loginAttempts).where(eq(loginAttempts.email, email));
}
