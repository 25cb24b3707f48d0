import { type Db, runSteps, runs, runTriggers, workflows } from "@workflow-secrets/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Write } from "./batch";

export type ClaimedRun = {
  id: string;
  workflowId: string;
  userId: string;
  /** What `runs.trigger_input` holds: a masked copy, a scheduled run's `{ scheduledFor }`, or NULL. */
  triggerInput: unknown;
  /** The caller's trigger sealed at intake (`run_triggers`), until the run ends; null when none. */
  sealedTrigger: string | null;
  /** The workflow's stored definition (not yet validated) and owner. */
  workflow: { definition: unknown; userId: string } | undefined;
  /** Steps already recorded for this run: a redelivery resumes after the last succeeded one. */
  stored: Map<string, StoredStep>;
};

export type StoredStep = { stepId: string; status: string; output: unknown; error: string | null };

/**
 * `queued → running` as a conditional UPDATE: of two consumers given the same message only one
 * gets the row. A redelivery (the previous attempt died mid-run) may also take a `running` run,
 * to resume it; a run that is `succeeded` or `failed` is never taken again. The workflow and the
 * steps already stored are read in the same batch (one round trip, one transaction).
 */
export async function claimRun(
  db: Db,
  runId: string,
  redelivery: boolean,
  now: string,
): Promise<ClaimedRun | null> {
  const claimable = redelivery ? inArray(runs.status, ["queued", "running"]) : eq(runs.status, "queued");
  const [claimed, workflow, stored, sealed] = await db.batch([
    db
      .update(runs)
      .set({ status: "running", startedAt: sql`coalesce(${runs.startedAt}, ${now})`, heartbeatAt: now })
      .where(and(eq(runs.id, runId), claimable))
      .returning({
        id: runs.id,
        workflowId: runs.workflowId,
        userId: runs.userId,
        triggerInput: runs.triggerInput,
      }),
    db
      .select({ definition: workflows.definition, userId: workflows.userId })
      .from(workflows)
      .where(eq(workflows.id, sql`(select ${runs.workflowId} from ${runs} where ${runs.id} = ${runId})`)),
    db
      .select({
        stepId: runSteps.stepId,
        status: runSteps.status,
        output: runSteps.output,
        error: runSteps.error,
      })
      .from(runSteps)
      .where(eq(runSteps.runId, runId)),
    db.select({ envelope: runTriggers.envelope }).from(runTriggers).where(eq(runTriggers.runId, runId)),
  ]);
  const [row] = claimed;
  if (!row) return null;
  return {
    ...row,
    sealedTrigger: sealed[0]?.envelope ?? null,
    workflow: workflow[0],
    stored: new Map(stored.map((step) => [step.stepId, step])),
  };
}

/**
 * Ends a running run; `error` must already be masked. Leaving `running` also deletes the run's sealed
 * trigger (`run_triggers`), by the trigger of migration 0003, whichever path ends the run.
 */
export function finishRunWrite(
  db: Db,
  runId: string,
  status: "succeeded" | "failed",
  error: string | null,
  now: string,
): Write {
  return db
    .update(runs)
    .set({ status, error, finishedAt: now })
    .where(and(eq(runs.id, runId), eq(runs.status, "running")));
}

export async function finishRun(
  db: Db,
  runId: string,
  status: "succeeded" | "failed",
  error: string | null,
  now: string,
): Promise<void> {
  await finishRunWrite(db, runId, status, error, now);
}
