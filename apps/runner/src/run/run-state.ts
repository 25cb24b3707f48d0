import { type Db, runSteps, runs } from "@workflow-secrets/db";
import { and, eq, inArray, sql } from "drizzle-orm";

export type ClaimedRun = { id: string; workflowId: string; userId: string; triggerInput: unknown };

/**
 * `queued → running` as a conditional UPDATE: of two consumers given the same message only one
 * gets the row. A redelivery (the previous attempt died mid-run) may also take a `running` run,
 * to resume it; a run that is `succeeded` or `failed` is never taken again.
 */
export async function claimRun(
  db: Db,
  runId: string,
  redelivery: boolean,
  now: string,
): Promise<ClaimedRun | null> {
  const claimable = redelivery ? inArray(runs.status, ["queued", "running"]) : eq(runs.status, "queued");
  const [row] = await db
    .update(runs)
    .set({ status: "running", startedAt: sql`coalesce(${runs.startedAt}, ${now})` })
    .where(and(eq(runs.id, runId), claimable))
    .returning({
      id: runs.id,
      workflowId: runs.workflowId,
      userId: runs.userId,
      triggerInput: runs.triggerInput,
    });
  return row ?? null;
}

/** Ends a running run; `error` must already be masked. */
export async function finishRun(
  db: Db,
  runId: string,
  status: "succeeded" | "failed",
  error: string | null,
  now: string,
): Promise<void> {
  await db
    .update(runs)
    .set({ status, error, finishedAt: now })
    .where(and(eq(runs.id, runId), eq(runs.status, "running")));
}

export type StoredStep = { stepId: string; status: string; output: unknown; error: string | null };

/** Steps already recorded for this run (a redelivery resumes after the last succeeded one). */
export async function loadStoredSteps(db: Db, runId: string): Promise<Map<string, StoredStep>> {
  const rows = await db
    .select({
      stepId: runSteps.stepId,
      status: runSteps.status,
      output: runSteps.output,
      error: runSteps.error,
    })
    .from(runSteps)
    .where(eq(runSteps.runId, runId));
  return new Map(rows.map((row) => [row.stepId, row]));
}
