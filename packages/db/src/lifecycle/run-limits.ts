import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { runs } from "../schema";

/** Bounds on starting runs, checked in the same transaction that inserts the run (no race between them). */
export type RunLimits = {
  /** Runs of one workflow that may wait `queued` at once; beyond it nothing is queued. */
  maxQueuedPerWorkflow: number;
  /** Manual and webhook runs one user may start per clock hour (UTC). */
  maxRunsPerHourPerUser: number;
};

export type RunLimitRefusal = {
  status: "limited";
  limit: "queued-per-workflow" | "runs-per-hour";
  /** Says what happened and what to do next. */
  message: string;
  /** When trying again can succeed. */
  retryAfterSeconds: number;
};

/** Queued runs normally start within seconds: a short wait is the right advice. */
const QUEUED_RETRY_AFTER_SECONDS = 30;

/** The clock hour a run is counted in: `2026-12-02T10` (UTC). */
export const hourOf = (now: Date) => now.toISOString().slice(0, 13);

/**
 * Statements for the limited insert's batch (one D1 transaction), parameters `?1` run id, `?2`
 * workflow, `?3` user, `?6` the queued cap, `?7` the hour, `?8` the hourly quota:
 * - `condition`: the run goes in only while its workflow has fewer than the cap queued (counted on
 *   the (workflow_id, status) index, stopping at the cap) and its user's counter for this hour is
 *   under the quota (one row read);
 * - `count`: then the counter moves, only if the run went in.
 * A counter per user and hour instead of counting the user's runs: a quota of 10,000 an hour would
 * otherwise read up to 10,000 rows for every run started.
 */
export const RUN_LIMIT_SQL = {
  condition: `(SELECT count(*) FROM (SELECT 1 FROM runs WHERE workflow_id = ?2 AND status = 'queued' LIMIT ?6)) < ?6
      AND coalesce((SELECT runs FROM user_hourly_runs WHERE user_id = ?3 AND hour = ?7), 0) < ?8`,
  count: `INSERT INTO user_hourly_runs (user_id, hour, runs)
      SELECT ?3, ?7, 1 WHERE EXISTS (SELECT 1 FROM runs WHERE id = ?1)
      ON CONFLICT (user_id, hour) DO UPDATE SET runs = runs + 1`,
};

/** Which limit refused a run (read after the conditional insert inserted nothing), and until when. */
export async function explainRunLimit(
  db: Db,
  input: { workflowId: string; userId: string },
  limits: RunLimits,
  now: Date,
): Promise<RunLimitRefusal> {
  const [queued] = await db
    .select({ n: sql<number>`count(*)` })
    .from(
      sql`(SELECT 1 FROM ${runs} WHERE ${runs.workflowId} = ${input.workflowId} AND ${runs.status} = 'queued' LIMIT ${limits.maxQueuedPerWorkflow})`,
    );
  if ((queued?.n ?? 0) >= limits.maxQueuedPerWorkflow) {
    return {
      status: "limited",
      limit: "queued-per-workflow",
      message: `this workflow already has ${limits.maxQueuedPerWorkflow} runs waiting to start, the most it may have queued; nothing was queued, try again once they have started`,
      retryAfterSeconds: QUEUED_RETRY_AFTER_SECONDS,
    };
  }
  const nextHour = Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 3_600_000;
  return {
    status: "limited",
    limit: "runs-per-hour",
    message: `your account started ${limits.maxRunsPerHourPerUser} runs this hour, the most it may; nothing was queued, try again after ${new Date(nextHour).toISOString().slice(11, 16)} UTC`,
    retryAfterSeconds: Math.max(1, Math.ceil((nextHour - now.getTime()) / 1000)),
  };
}
