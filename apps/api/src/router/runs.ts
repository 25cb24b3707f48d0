import type { TRPCRouterRecord } from "@trpc/server";
import { runSecretVersions, runSteps, runs, workflows } from "@workflow-secrets/db";
import { and, asc, desc, eq, lt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { decodeCursor, pageInput, toPage } from "../d1/cursor";
import { notFound } from "../errors";
import { protectedProcedure } from "../trpc";
import { findOwnWorkflow } from "../workflows/workflow-store";

/** A run outlives its workflow: a deleted workflow's runs carry the name it had when it was deleted. */
const runColumns = {
  id: runs.id,
  workflowId: runs.workflowId,
  workflowName: sql<string>`coalesce(${workflows.name}, ${runs.workflowName})`,
  /** When the workflow was deleted, or null while it exists. */
  workflowDeletedAt: runs.workflowDeletedAt,
  status: runs.status,
  triggerType: runs.triggerType,
  error: runs.error,
  createdAt: runs.createdAt,
  startedAt: runs.startedAt,
  finishedAt: runs.finishedAt,
};

export type UnregisteredFinding = { kind: string; label: string; field: string; count: number };

/** The runner writes an array of findings or NULL; anything else reads as none. */
function unregisteredFindings(column: unknown): UnregisteredFinding[] {
  return Array.isArray(column) ? (column as UnregisteredFinding[]) : [];
}

/** Everything here was masked by the runner before it was written. */
export const runsRouter = {
  list: protectedProcedure("runs:read")
    .input(
      z.object({ workflowId: z.string().min(1).max(100).optional(), ...pageInput }).default({ limit: 20 }),
    )
    .query(async ({ ctx, input }) => {
      const userId = ctx.auth.userId;
      if (input.workflowId) await findOwnWorkflow(ctx.db, userId, input.workflowId);
      const cursor = decodeCursor(input.cursor);
      const conditions: (SQL | undefined)[] = [eq(runs.userId, userId)];
      if (input.workflowId) conditions.push(eq(runs.workflowId, input.workflowId));
      if (cursor) {
        conditions.push(
          or(
            lt(runs.createdAt, cursor.createdAt),
            and(eq(runs.createdAt, cursor.createdAt), lt(runs.id, cursor.id)),
          ),
        );
      }
      const rows = await ctx.db
        .select(runColumns)
        .from(runs)
        .leftJoin(workflows, eq(workflows.id, runs.workflowId))
        .where(and(...conditions))
        .orderBy(desc(runs.createdAt), desc(runs.id))
        .limit(input.limit + 1);
      return toPage(rows, input.limit);
    }),

  get: protectedProcedure("runs:read")
    .input(z.object({ id: z.string().min(1).max(100) }))
    .query(async ({ ctx, input }) => {
      const [[run], steps, versions] = await ctx.db.batch([
        ctx.db
          // `trigger`: the copy the runner masked once it opened the run's secrets; null before that
          // (the caller's original is sealed to the runner's key until the run ends).
          .select({ ...runColumns, trigger: runs.triggerInput })
          .from(runs)
          .leftJoin(workflows, eq(workflows.id, runs.workflowId))
          .where(and(eq(runs.id, input.id), eq(runs.userId, ctx.auth.userId))),
        ctx.db
          .select({
            stepId: runSteps.stepId,
            stepIndex: runSteps.stepIndex,
            type: runSteps.type,
            status: runSteps.status,
            request: runSteps.request,
            response: runSteps.response,
            output: runSteps.output,
            console: runSteps.console,
            error: runSteps.error,
            attempts: runSteps.attempts,
            startedAt: runSteps.startedAt,
            finishedAt: runSteps.finishedAt,
            durationMs: runSteps.durationMs,
            /** Credential-shaped values masked in this step's results although no secret holds them. */
            unregistered: runSteps.unregistered,
          })
          .from(runSteps)
          .innerJoin(runs, eq(runs.id, runSteps.runId))
          .where(and(eq(runSteps.runId, input.id), eq(runs.userId, ctx.auth.userId)))
          .orderBy(asc(runSteps.stepIndex)),
        // The version of each secret the run used, pinned when it first opened them.
        ctx.db
          .select({ name: runSecretVersions.secretName, version: runSecretVersions.version })
          .from(runSecretVersions)
          .where(and(eq(runSecretVersions.runId, input.id), eq(runSecretVersions.userId, ctx.auth.userId)))
          .orderBy(asc(runSecretVersions.secretName)),
      ]);
      if (!run) throw notFound("run", input.id);
      return {
        ...run,
        secretVersions: versions.map((v) => ({ ...v, label: `${v.name} v${v.version}` })),
        steps: steps.map((step) => ({ ...step, unregistered: unregisteredFindings(step.unregistered) })),
      };
    }),
} satisfies TRPCRouterRecord;
