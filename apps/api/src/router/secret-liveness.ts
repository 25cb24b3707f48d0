import type { TRPCRouterRecord } from "@trpc/server";
import { auditEvents, type LivenessCheck, newId, secrets } from "@workflow-secrets/db";
import { checkDefinition, workflowDefinitionSchema } from "@workflow-secrets/templating";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { apiError, notFound } from "../errors";
import { secretName } from "../secrets/secret-input";
import { protectedProcedure } from "../trpc";

const livenessCheck = z.object({
  method: z.enum(["GET", "HEAD", "POST"]).default("GET"),
  url: z.string().min(1).max(2048),
  headers: z.record(z.string().max(256), z.string().max(4096)).optional(),
});

/**
 * The check as a one-step workflow, validated like any workflow step (escaping rules, a URL's host from
 * literals or secrets only); its templates may name only this secret: nothing else exists when it runs.
 */
function validCheck(name: string, check: z.infer<typeof livenessCheck>): LivenessCheck {
  const step = { id: "liveness", type: "http", ...check };
  const parsed = workflowDefinitionSchema.safeParse({
    name: "liveness",
    trigger: { type: "manual" },
    steps: [step],
  });
  if (!parsed.success) {
    throw apiError(
      "BAD_REQUEST",
      `the liveness check is not a valid request: ${parsed.error.issues[0]?.message}`,
    );
  }
  const checked = checkDefinition(parsed.data);
  const problem = checked.errors[0];
  if (problem) throw apiError("BAD_REQUEST", `the liveness check's ${problem.field}: ${problem.message}`);
  const other = checked.references.find((r) => r.root !== "secrets" || r.name !== name);
  if (other) {
    throw apiError(
      "BAD_REQUEST",
      `the liveness check of "${name}" may reference only {{secrets.${name}}}, not ${other.template}`,
    );
  }
  if (!checked.secretNames.includes(name)) {
    throw apiError(
      "BAD_REQUEST",
      `the liveness check must send {{secrets.${name}}} (in a header or the URL)`,
    );
  }
  return check;
}

/** The optional liveness check: a request the runner sends with the secret to learn whether it still works. */
export const secretLivenessProcedures = {
  /** Sets (or, with `check: null`, removes) the check; `everyMinutes` schedules it, otherwise on demand only. */
  setLivenessCheck: protectedProcedure("secrets:write")
    .input(
      z.object({
        name: secretName,
        check: livenessCheck.nullable(),
        everyMinutes: z.number().int().min(5).max(10_080).nullable().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.userId;
      const [found] = await ctx.db
        .select({ id: secrets.id })
        .from(secrets)
        .where(and(eq(secrets.userId, userId), eq(secrets.name, input.name)));
      if (!found) throw notFound("secret", input.name);
      const check = input.check === null ? null : validCheck(input.name, input.check);
      const everyMinutes = check ? (input.everyMinutes ?? null) : null;
      await ctx.db.batch([
        ctx.db
          .update(secrets)
          .set({ livenessCheck: check, livenessEveryMinutes: everyMinutes, livenessRequestedAt: null })
          .where(eq(secrets.id, found.id)),
        ctx.db.insert(auditEvents).values({
          id: newId("audit"),
          userId,
          action: "secret.configured",
          secretName: input.name,
          actor: ctx.auth.actor,
          detail: { livenessCheck: check ? `${check.method} ${check.url}` : null, everyMinutes },
          createdAt: new Date().toISOString(),
        }),
      ]);
      return { name: input.name, check, everyMinutes };
    }),

  /** Asks the runner to send the check at its next cron tick (within a minute); the result updates the state. */
  checkLiveness: protectedProcedure("secrets:write")
    .input(z.object({ name: secretName }))
    .mutation(async ({ ctx, input }) => {
      const requestedAt = new Date().toISOString();
      const [row] = await ctx.db
        .select({ id: secrets.id, check: secrets.livenessCheck })
        .from(secrets)
        .where(and(eq(secrets.userId, ctx.auth.userId), eq(secrets.name, input.name)));
      if (!row) throw notFound("secret", input.name);
      if (!row.check) {
        throw apiError(
          "PRECONDITION_FAILED",
          `secret "${input.name}" has no liveness check: set one with secrets.setLivenessCheck first`,
        );
      }
      await ctx.db.update(secrets).set({ livenessRequestedAt: requestedAt }).where(eq(secrets.id, row.id));
      return { name: input.name, requestedAt };
    }),
} satisfies TRPCRouterRecord;
