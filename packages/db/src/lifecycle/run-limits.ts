import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { runs } from "../schema";

/** Bounds on starting runs, checked in the same statement that inserts the run (no race between them). */
export type RunLimits = {
  /** Runs of one workflow that may wait `queued` at once; beyond it nothing is queued. */
  maxQueuedPerWorkflow: number;
  /** Runs one user may start (any trigger) per rolling hour. */
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

const HOUR_MS = 3_600_000;
/** Queued runs normally start within seconds: a short wait is the right advice. */
const QUEUED_RETRY_AFTER_SECONDS = 30;

/**
 * The condition a run must meet to be inserted (SQL over `?6`…`?8`, after the insert's own five
 * parameters, of which `?2` is the workflow and `?3` the user): its workflow has fewer than the cap queued, and its user started fewer than the
 * hourly quota in the last hour. Each count stops at its bound (LIMIT) on an index, so its cost does
 * not grow with history.
 */
export function withinRunLimits(now: Date) {
  const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
  return {
    sql: `(SELECT count(*) FROM (SELECT 1 FROM runs WHERE workflow_id = ?2 AND status = 'queued' LIMIT ?6)) < ?6
      AND (SELECT count(*) FROM (SELECT 1 FROM runs WHERE user_id = ?3 AND created_at > ?7 LIMIT ?8)) < ?8`,
    params: (limits: RunLimits) => [limits.maxQueuedPerWorkflow, hourAgo, limits.maxRunsPerHourPerUser],
  };
}

/** Which limit refused a run (read after the conditional insert inserted nothing), and until when. */
export async function explainRunLimit(
  db: Db,
  input: { workflowId: string; userId: string },
  limits: RunLimits,
  now: Date,
): Promise<RunLimitRefusal> {
  const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
  const [queued, oldest] = await db.batch([
    db
      .select({ n: sql<number>`count(*)` })
      .from(
        sql`(SELECT 1 FROM ${runs} WHERE ${runs.workflowId} = ${input.workflowId} AND ${runs.status} = 'queued' LIMIT ${limits.maxQueuedPerWorkflow})`,
      ),
    db
      .select({ createdAt: runs.createdAt })
      .from(runs)
      .where(and(eq(runs.userId, input.userId), gt(runs.createdAt, hourAgo)))
      .orderBy(runs.createdAt)
      .limit(1),
  ]);
  if ((queued[0]?.n ?? 0) >= limits.maxQueuedPerWorkflow) {
    return {
      status: "limited",
      limit: "queued-per-workflow",
      message: `this workflow already has ${limits.maxQueuedPerWorkflow} runs waiting to start, the most it may have queued; nothing was queued, try again once they have started`,
      retryAfterSeconds: QUEUED_RETRY_AFTER_SECONDS,
    };
  }
  const frees = oldest[0] ? Date.parse(oldest[0].createdAt) + HOUR_MS : now.getTime();
  return {
    status: "limited",
    limit: "runs-per-hour",
    message: `your account started ${limits.maxRunsPerHourPerUser} runs in the last hour, the most it may; nothing was queued, try again later`,
    retryAfterSeconds: Math.max(1, Math.ceil((frees - now.getTime()) / 1000)),
  };
}
