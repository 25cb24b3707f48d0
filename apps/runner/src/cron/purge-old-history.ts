import { DEFAULT_AUDIT_RETENTION_DAYS, DEFAULT_RUN_RETENTION_DAYS, hourOf } from "@workflow-secrets/db";
import type { Logger } from "../log/masked-logger";

/** Finished runs deleted per tick (their steps and sealed triggers go with them, by foreign key). */
export const RUNS_PURGED_PER_TICK = 200;
export const AUDIT_EVENTS_PURGED_PER_TICK = 1000;

/**
 * Per user, through the `(user_id, created_at)` index: rows older than the owner's setting
 * (`user_settings`, or the default). Only what is deleted is read, plus one row per user.
 */
const olderThanSetting = (table: "runs" | "audit_events", column: string) => `
  SELECT t.id FROM users u
  JOIN ${table} t ON t.user_id = u.id
    AND t.created_at < strftime('%Y-%m-%dT%H:%M:%fZ', ?1,
      '-' || coalesce((SELECT s.${column} FROM user_settings s WHERE s.user_id = u.id), ?2) || ' days')`;

const PURGE_RUNS = `DELETE FROM runs WHERE id IN (
  ${olderThanSetting("runs", "run_retention_days")} WHERE t.status IN ('succeeded', 'failed') LIMIT ?3)`;
const PURGE_AUDIT = `DELETE FROM audit_events WHERE id IN (
  ${olderThanSetting("audit_events", "audit_retention_days")} LIMIT ?3)`;

/** Hourly run counters of past hours (the quota only reads the current hour's). */
const PURGE_HOURLY_COUNTERS = "DELETE FROM user_hourly_runs WHERE hour < ?1";

export type PurgeResult = { runs: number; auditEvents: number };

/**
 * The retention job: deletes finished runs older than their owner's run retention (default 30 days)
 * and audit events older than the audit retention (default 365 days), a bounded batch of each per
 * tick; a backlog drains over later ticks. A run still queued or running is never deleted. Hourly
 * run counters of past hours go too (at most one row per user and hour).
 */
export async function purgeOldHistory(env: Env, now: Date, logger: Logger): Promise<PurgeResult> {
  const nowIso = now.toISOString();
  const [runs, audit] = await env.DB.batch([
    env.DB.prepare(PURGE_RUNS).bind(nowIso, DEFAULT_RUN_RETENTION_DAYS, RUNS_PURGED_PER_TICK),
    env.DB.prepare(PURGE_AUDIT).bind(nowIso, DEFAULT_AUDIT_RETENTION_DAYS, AUDIT_EVENTS_PURGED_PER_TICK),
    env.DB.prepare(PURGE_HOURLY_COUNTERS).bind(hourOf(now)),
  ]);
  const result = { runs: runs?.meta.changes ?? 0, auditEvents: audit?.meta.changes ?? 0 };
  if (result.runs + result.auditEvents > 0) logger.info("deleted history past its retention", result);
  return result;
}
