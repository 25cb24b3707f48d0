import type { TRPCRouterRecord } from "@trpc/server";
import { newId, newWebhookId, queueRun, secrets, workflowSecretRefs, workflows } from "@workflow-secrets/db";
import { jsonTooDeepMessage, jsonValueTooDeep, workflowDefinitionSchema } from "@workflow-secrets/templating";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { auditInsert, definitionSha256 } from "../audit/audit-log";
import { apiError, runNotQueued } from "../errors";
import { utf8ByteLength } from "../secrets/value-checks";
import { protectedProcedure } from "../trpc";
import { refuseLiteralDestinations } from "../workflows/destination-check";
import { loadReferencedSecrets } from "../workflows/referenced-secrets";
import { refuseMismatchedSecretFields } from "../workflows/secret-field-check";
import { analyzeDefinition, scheduleColumns } from "../workflows/workflow-analysis";
import { checkWorkflowQuotas } from "../workflows/workflow-quotas";
import {
  findOwnWorkflow,
  keepRunsOfDeletedWorkflow,
  replaceRefsStatements,
  viewWorkflow,
  workflowColumns,
} from "../workflows/workflow-store";
import { toWorkflowView, type WorkflowView } from "../workflows/workflow-view";

const workflowId = z.string().min(1).max(100);
const MAX_RUN_INPUT_BYTES = 256 * 1024;

const createInput = workflowDefinitionSchema.safeExtend({ enabled: z.boolean().optional() });
const updateInput = workflowDefinitionSchema.safeExtend({ id: workflowId, enabled: z.boolean().optional() });
/** Depth first (iteratively): z.json() recurses per level and would overflow on a deep input. */
const runInput = z
  .unknown()
  .refine((value) => !jsonValueTooDeep(value), { message: jsonTooDeepMessage("the run input"), abort: true })
  .pipe(z.json());

export const workflowsRouter = {
  list: protectedProcedure("read").query(async ({ ctx }): Promise<WorkflowView[]> => {
    const userId = ctx.auth.userId;
    const [rows, refs, names] = await ctx.db.batch([
      ctx.db
        .select(workflowColumns)
        .from(workflows)
        .where(eq(workflows.userId, userId))
        .orderBy(asc(workflows.name), asc(workflows.id)),
      ctx.db
        .select({ workflowId: workflowSecretRefs.workflowId, secretName: workflowSecretRefs.secretName })
        .from(workflowSecretRefs)
        .where(eq(workflowSecretRefs.userId, userId)),
      ctx.db.select({ name: secrets.name }).from(secrets).where(eq(secrets.userId, userId)),
    ]);
    const existing = new Set(names.map((n) => n.name));
    const refsByWorkflow = new Map<string, string[]>();
    for (const ref of refs)
      refsByWorkflow.set(ref.workflowId, [...(refsByWorkflow.get(ref.workflowId) ?? []), ref.secretName]);
    return rows.map((row) => toWorkflowView(row, refsByWorkflow.get(row.id) ?? [], existing));
  }),

  get: protectedProcedure("read")
    .input(z.object({ id: workflowId }))
    .query(async ({ ctx, input }) => {
      const row = await findOwnWorkflow(ctx.db, ctx.auth.userId, input.id);
      return viewWorkflow(ctx.db, ctx.auth.userId, row);
    }),

  create: protectedProcedure("workflows:write")
    .input(createInput)
    .mutation(async ({ ctx, input }) => {
      const { enabled = true, ...definition } = input;
      const { secretNames, references, warnings: _, ...schedule } = analyzeDefinition(definition, enabled);
      const id = newId("workflow");
      const now = new Date().toISOString();
      const userId = ctx.auth.userId;
      const referenced = await loadReferencedSecrets(ctx.db, userId, secretNames);
      refuseMismatchedSecretFields(definition, referenced);
      refuseLiteralDestinations(definition, references, referenced);
      await checkWorkflowQuotas(ctx.db, userId, ctx.limits, {
        creating: true,
        enabledSchedule: enabled && definition.trigger.type === "schedule",
      });
      await ctx.db.batch([
        ctx.db.insert(workflows).values({
          id,
          userId,
          name: definition.name,
          definition,
          ...schedule,
          enabled,
          webhookId: definition.trigger.type === "webhook" ? newWebhookId() : null,
          createdAt: now,
          updatedAt: now,
        }),
        ...replaceRefsStatements(ctx.db, userId, id, secretNames),
        auditInsert(ctx.db, {
          userId,
          action: "workflow.created",
          actor: ctx.auth.actor,
          workflowId: id,
          workflowName: definition.name,
          definitionSha256: await definitionSha256(definition),
          createdAt: now,
        }),
      ]);
      return viewWorkflow(ctx.db, userId, await findOwnWorkflow(ctx.db, userId, id));
    }),

  /** Replaces the definition. A webhook workflow keeps its webhookId while it stays a webhook. */
  update: protectedProcedure("workflows:write")
    .input(updateInput)
    .mutation(async ({ ctx, input }) => {
      const { id, enabled: enabledInput, ...definition } = input;
      const userId = ctx.auth.userId;
      const current = await findOwnWorkflow(ctx.db, userId, id);
      const enabled = enabledInput ?? current.enabled;
      const { secretNames, references, warnings: _, ...schedule } = analyzeDefinition(definition, enabled);
      const referenced = await loadReferencedSecrets(ctx.db, userId, secretNames);
      refuseMismatchedSecretFields(definition, referenced);
      refuseLiteralDestinations(definition, references, referenced);
      const webhookId = definition.trigger.type === "webhook" ? (current.webhookId ?? newWebhookId()) : null;
      if (enabled && definition.trigger.type === "schedule") {
        await checkWorkflowQuotas(ctx.db, userId, ctx.limits, {
          creating: false,
          enabledSchedule: true,
          except: id,
        });
      }
      await ctx.db.batch([
        ctx.db
          .update(workflows)
          .set({
            name: definition.name,
            definition,
            ...schedule,
            enabled,
            webhookId,
            updatedAt: new Date().toISOString(),
          })
          .where(and(eq(workflows.id, id), eq(workflows.userId, userId))),
        ...replaceRefsStatements(ctx.db, userId, id, secretNames),
        auditInsert(ctx.db, {
          userId,
          action: "workflow.updated",
          actor: ctx.auth.actor,
          workflowId: id,
          workflowName: definition.name,
          definitionSha256: await definitionSha256(definition),
        }),
      ]);
      return viewWorkflow(ctx.db, userId, await findOwnWorkflow(ctx.db, userId, id));
    }),

  /** Pauses or resumes schedule and webhook triggers; resuming recomputes next_run_at from now. */
  setEnabled: protectedProcedure("workflows:write")
    .input(z.object({ id: workflowId, enabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.userId;
      const current = await findOwnWorkflow(ctx.db, userId, input.id);
      const definition = current.definition as z.infer<typeof workflowDefinitionSchema>;
      const { nextRunAt } = scheduleColumns(definition.trigger, input.enabled);
      if (input.enabled && definition.trigger.type === "schedule") {
        await checkWorkflowQuotas(ctx.db, userId, ctx.limits, {
          creating: false,
          enabledSchedule: true,
          except: input.id,
        });
      }
      await ctx.db.batch([
        ctx.db
          .update(workflows)
          .set({ enabled: input.enabled, nextRunAt, updatedAt: new Date().toISOString() })
          .where(and(eq(workflows.id, input.id), eq(workflows.userId, userId))),
        auditInsert(ctx.db, {
          userId,
          action: input.enabled ? "workflow.enabled" : "workflow.disabled",
          actor: ctx.auth.actor,
          workflowId: input.id,
          workflowName: current.name,
        }),
      ]);
      return viewWorkflow(ctx.db, userId, await findOwnWorkflow(ctx.db, userId, input.id));
    }),

  /**
   * Deletes the workflow but keeps its run history: its runs get the workflow's name and the time of
   * deletion, and runs.list still lists them. A run still queued is failed and will not start.
   */
  delete: protectedProcedure("workflows:write")
    .input(z.object({ id: workflowId }))
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.userId;
      const current = await findOwnWorkflow(ctx.db, userId, input.id);
      const now = new Date().toISOString();
      await ctx.db.batch([
        ...keepRunsOfDeletedWorkflow(ctx.db, userId, current, now),
        ctx.db.delete(workflows).where(and(eq(workflows.id, input.id), eq(workflows.userId, userId))),
        auditInsert(ctx.db, {
          userId,
          action: "workflow.deleted",
          actor: ctx.auth.actor,
          workflowId: input.id,
          workflowName: current.name,
          definitionSha256: await definitionSha256(current.definition),
          createdAt: now,
        }),
      ]);
      return { id: input.id, deleted: true as const };
    }),

  /** Queues a manual run; the runner picks it up from the queue. `input` becomes `{{trigger.…}}`. */
  run: protectedProcedure("workflows:write")
    .input(z.object({ id: workflowId, input: runInput.optional() }))
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.userId;
      await findOwnWorkflow(ctx.db, userId, input.id);
      const triggerInput = input.input ?? null;
      if (utf8ByteLength(JSON.stringify(triggerInput)) > MAX_RUN_INPUT_BYTES) {
        throw apiError("BAD_REQUEST", `input: larger than ${MAX_RUN_INPUT_BYTES} bytes of JSON`);
      }
      // Sealed to the runner's key, never stored as sent: the input can hold a secret's value.
      const queued = await queueRun(ctx.db, ctx.runsQueue, {
        workflowId: input.id,
        userId,
        triggerType: "manual",
        triggerInput,
        sealingKey: ctx.sealingKey,
        limits: ctx.limits,
      });
      if (queued.status === "limited") {
        throw apiError("TOO_MANY_REQUESTS", queued.message, { retryAfterSeconds: queued.retryAfterSeconds });
      }
      if (queued.status === "too-large") throw apiError("BAD_REQUEST", `input: ${queued.message}`);
      if (queued.status === "not-queued") throw runNotQueued(queued);
      return { runId: queued.runId };
    }),
} satisfies TRPCRouterRecord;
