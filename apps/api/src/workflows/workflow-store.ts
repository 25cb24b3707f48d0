import { type Db, runs, secrets, workflowSecretRefs, workflows } from "@workflow-secrets/db";
import { and, eq, inArray } from "drizzle-orm";
import { notFound } from "../errors";
import { toWorkflowView, type WorkflowRow, type WorkflowView } from "./workflow-view";

export const workflowColumns = {
  id: workflows.id,
  name: workflows.name,
  definition: workflows.definition,
  triggerType: workflows.triggerType,
  cron: workflows.cron,
  timezone: workflows.timezone,
  nextRunAt: workflows.nextRunAt,
  enabled: workflows.enabled,
  webhookId: workflows.webhookId,
  createdAt: workflows.createdAt,
  updatedAt: workflows.updatedAt,
};

/** The user's workflow, or NOT_FOUND whether it is missing or someone else's. */
export async function findOwnWorkflow(db: Db, userId: string, id: string): Promise<WorkflowRow> {
  const [row] = await db
    .select(workflowColumns)
    .from(workflows)
    .where(and(eq(workflows.id, id), eq(workflows.userId, userId)));
  if (!row) throw notFound("workflow", id);
  return row;
}

/** Loads what a view needs beyond the row: its referenced names and which of them exist. */
export async function viewWorkflow(db: Db, userId: string, row: WorkflowRow): Promise<WorkflowView> {
  const refs = await db
    .select({ secretName: workflowSecretRefs.secretName })
    .from(workflowSecretRefs)
    .where(eq(workflowSecretRefs.workflowId, row.id));
  const names = refs.map((r) => r.secretName);
  const existing =
    names.length === 0
      ? []
      : await db
          .select({ name: secrets.name })
          .from(secrets)
          .where(and(eq(secrets.userId, userId), inArray(secrets.name, names)));
  return toWorkflowView(row, names, new Set(existing.map((s) => s.name)));
}

/** Statements that replace a workflow's referenced secret names (run inside the caller's batch). */
export function replaceRefsStatements(db: Db, userId: string, workflowId: string, secretNames: string[]) {
  const clear = db.delete(workflowSecretRefs).where(eq(workflowSecretRefs.workflowId, workflowId));
  if (secretNames.length === 0) return [clear] as const;
  return [
    clear,
    db
      .insert(workflowSecretRefs)
      .values(secretNames.map((secretName) => ({ workflowId, userId, secretName }))),
  ] as const;
}

export const WORKFLOW_DELETED_BEFORE_RUN = "the workflow was deleted before this run started";

/**
 * Statements (for the delete's batch) that keep a deleted workflow's runs: each gets the workflow's
 * name and the deletion time, and a run still queued is failed so the runner never starts it.
 */
export function keepRunsOfDeletedWorkflow(
  db: Db,
  userId: string,
  workflow: Pick<WorkflowRow, "id" | "name">,
  now: string,
) {
  const itsRuns = and(eq(runs.workflowId, workflow.id), eq(runs.userId, userId));
  return [
    db.update(runs).set({ workflowName: workflow.name, workflowDeletedAt: now }).where(itsRuns),
    db
      .update(runs)
      .set({ status: "failed", error: WORKFLOW_DELETED_BEFORE_RUN, finishedAt: now })
      .where(and(itsRuns, eq(runs.status, "queued"))),
  ] as const;
}
