import { type SQL, sql } from "drizzle-orm";
import { secrets } from "../schema";

/** A secret's health, as secrets.list shows it and the runner audits its changes. */
export const secretStates = ["ok", "expiring", "expired", "failing", "unused"] as const;
export type SecretState = (typeof secretStates)[number];

/** A secret with no use (or, never used, no entry) for this long is `unused`. */
export const UNUSED_AFTER_DAYS = 90;
/** `failing` when this many finished runs in a row that used it failed with 401/403 at its step. */
export const FAILING_STREAK = 3;
export const DEFAULT_EXPIRY_WARNING_DAYS = 14;

/**
 * The one definition of a secret's state, as SQL over its row at `now` (so the API's list and the
 * runner's sweep cannot disagree). First match wins: expired (expires_at passed), failing (the runner
 * saw the 401/403 streak), expiring (expires_at within expiry_warning_days), unused (no use in 90 days,
 * counted from entry when never used), ok. Timestamps are ISO-8601 UTC strings, compared as text.
 */
export function secretStateSql(now: Date): SQL<SecretState> {
  const at = now.toISOString();
  const unusedBefore = new Date(now.getTime() - UNUSED_AFTER_DAYS * 86_400_000).toISOString();
  return sql<SecretState>`(CASE
    WHEN ${secrets.expiresAt} IS NOT NULL AND ${secrets.expiresAt} <= ${at} THEN 'expired'
    WHEN ${secrets.failingSince} IS NOT NULL THEN 'failing'
    WHEN ${secrets.expiresAt} IS NOT NULL
      AND ${secrets.expiresAt} <= strftime('%Y-%m-%dT%H:%M:%fZ', ${at}, '+' || ${secrets.expiryWarningDays} || ' days')
      THEN 'expiring'
    WHEN coalesce(${secrets.lastUsedAt}, ${secrets.updatedAt}) <= ${unusedBefore} THEN 'unused'
    ELSE 'ok' END)`;
}

/** What a state means for the user, and what to do next. */
export function describeSecretState(state: SecretState, expiresAt: string | null): string {
  switch (state) {
    case "expired":
      return `expired at ${expiresAt}: rotate it with a new value`;
    case "expiring":
      return `expires at ${expiresAt}: rotate it before then`;
    case "failing":
      return "the last 3 runs that used it were refused (401/403): check or rotate it";
    case "unused":
      return `no run used it in ${UNUSED_AFTER_DAYS} days: delete it if nothing needs it`;
    case "ok":
      return "ok";
  }
}
