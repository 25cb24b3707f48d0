import type { TRPCRouterRecord } from "@trpc/server";
import { auditEvents, newId, runSecretVersions, secrets, secretVersions } from "@workflow-secrets/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { isUniqueViolation } from "../d1/sql-errors";
import { apiError, notFound } from "../errors";
import { lifecycleSettings, parseVersionAuthor, versionAuthor } from "../secrets/lifecycle-input";
import { secretName } from "../secrets/secret-input";
import { protectedProcedure } from "../trpc";

/** Runs listed per version in secrets.versions (the newest). */
const RUNS_PER_VERSION = 10;
const version = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/**
 * Kept versions, rollback and lifecycle settings: spread into the secrets router. None of these opens or
 * returns a value: the API cannot decrypt, and rollback needs no plaintext (README "Secret lifecycle").
 */
export const secretLifecycleProcedures = {
  /** Every kept version, newest first: who wrote it, its preview and expiry, and the runs that used it. */
  versions: protectedProcedure("read")
    .input(z.object({ name: secretName }))
    .query(async ({ ctx, input }) => {
      const userId = ctx.auth.userId;
      const [found] = await ctx.db
        .select({ id: secrets.id, version: secrets.version, versionsKept: secrets.versionsKept })
        .from(secrets)
        .where(and(eq(secrets.userId, userId), eq(secrets.name, input.name)));
      if (!found) throw notFound("secret", input.name);
      const [kept, used] = await ctx.db.batch([
        ctx.db
          .select({
            version: secretVersions.version,
            createdAt: secretVersions.createdAt,
            createdBy: secretVersions.createdBy,
            preview: secretVersions.preview,
            expiresAt: secretVersions.expiresAt,
            rolledBackFrom: secretVersions.rolledBackFrom,
          })
          .from(secretVersions)
          .where(and(eq(secretVersions.secretId, found.id), eq(secretVersions.userId, userId)))
          .orderBy(desc(secretVersions.version)),
        ctx.db
          .select({
            runId: runSecretVersions.runId,
            version: runSecretVersions.version,
            outcome: runSecretVersions.outcome,
            usedAt: runSecretVersions.createdAt,
          })
          .from(runSecretVersions)
          .where(and(eq(runSecretVersions.secretId, found.id), eq(runSecretVersions.userId, userId)))
          .orderBy(desc(runSecretVersions.createdAt))
          .limit(RUNS_PER_VERSION * (found.versionsKept + 1)),
      ]);
      return {
        name: input.name,
        currentVersion: found.version,
        versionsKept: found.versionsKept,
        versions: kept.map((row) => {
          const runs = used.filter((r) => r.version === row.version);
          return {
            ...row,
            current: row.version === found.version,
            createdBy: parseVersionAuthor(row.createdBy),
            runs: runs
              .slice(0, RUNS_PER_VERSION)
              .map(({ runId, outcome, usedAt }) => ({ runId, outcome, usedAt })),
          };
        }),
      };
    }),

  /**
   * Makes a kept version current again as a NEW version number (history is never rewritten). The kept
   * envelope is reused as is: its aad still names the version it was sealed as (`sealed_version`), with its
   * own type and policy, so the API never needs the plaintext and cannot change what the value allows.
   */
  rollback: protectedProcedure("secrets:write")
    .input(z.object({ name: secretName, version }))
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.userId;
      const [current] = await ctx.db
        .select({ id: secrets.id, version: secrets.version, createdAt: secrets.createdAt })
        .from(secrets)
        .where(and(eq(secrets.userId, userId), eq(secrets.name, input.name)));
      if (!current) throw notFound("secret", input.name);
      if (input.version === current.version) {
        throw apiError("BAD_REQUEST", `version ${input.version} of "${input.name}" is already current`);
      }
      const kept = await ctx.db
        .select()
        .from(secretVersions)
        .where(and(eq(secretVersions.secretId, current.id), eq(secretVersions.userId, userId)))
        .orderBy(desc(secretVersions.version));
      const target = kept.find((row) => row.version === input.version);
      if (!target) {
        const list = kept.map((row) => row.version).join(", ");
        throw apiError(
          "NOT_FOUND",
          `version ${input.version} of "${input.name}" is not kept (kept: ${list}): roll back to one of those, or save the value again with secrets.update`,
        );
      }
      const next = current.version + 1;
      const now = new Date().toISOString();
      const author = versionAuthor(ctx.auth);
      try {
        // One transaction. The history row goes first with the kept sealed_version; the secrets UPDATE is
        // conditional on the version read, and its trigger's upsert then finds that row. A concurrent
        // rotation to the same number makes the INSERT fail on the primary key: nothing is written.
        const [, changed] = await ctx.db.batch([
          ctx.db.insert(secretVersions).values({
            secretId: current.id,
            userId,
            version: next,
            sealedVersion: target.sealedVersion,
            envelope: target.envelope,
            kid: target.kid,
            type: target.type,
            policy: target.policy,
            preview: target.preview,
            expiresAt: target.expiresAt,
            createdAt: now,
            createdBy: author,
            rolledBackFrom: target.version,
          }),
          ctx.db
            .update(secrets)
            .set({
              envelope: target.envelope,
              kid: target.kid,
              type: target.type,
              policy: target.policy,
              preview: target.preview,
              version: next,
              sealedVersion: target.sealedVersion,
              expiresAt: target.expiresAt,
              updatedAt: now,
              updatedBy: author,
              failingSince: null,
            })
            .where(and(eq(secrets.id, current.id), eq(secrets.version, current.version)))
            .returning({ id: secrets.id }),
          ctx.db.insert(auditEvents).values({
            id: newId("audit"),
            userId,
            action: "secret.rolled_back",
            secretName: input.name,
            actor: ctx.auth.actor,
            detail: { version: next, from: target.version },
            createdAt: now,
          }),
        ]);
        if (changed.length === 0) throw new Error("secret changed while rolling back");
      } catch (error) {
        if (!isUniqueViolation(error) && !(error instanceof Error && /changed while/.test(error.message))) {
          throw error;
        }
        throw apiError("CONFLICT", `secret "${input.name}" changed while rolling back: try again`);
      }
      return {
        name: input.name,
        version: next,
        rolledBackFrom: target.version,
        preview: target.preview,
        expiresAt: target.expiresAt,
        createdAt: current.createdAt,
        updatedAt: now,
      };
    }),

  /** Lifecycle settings without a new value: expiry, how many versions are kept, the warning window. */
  configure: protectedProcedure("secrets:write")
    .input(z.object({ name: secretName, ...lifecycleSettings }))
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.userId;
      const set = {
        ...(input.expiresAt === undefined
          ? {}
          : { expiresAt: input.expiresAt === null ? null : new Date(input.expiresAt).toISOString() }),
        ...(input.versionsKept === undefined ? {} : { versionsKept: input.versionsKept }),
        ...(input.expiryWarningDays === undefined ? {} : { expiryWarningDays: input.expiryWarningDays }),
      };
      const [found] = await ctx.db
        .select({ id: secrets.id })
        .from(secrets)
        .where(and(eq(secrets.userId, userId), eq(secrets.name, input.name)));
      if (!found) throw notFound("secret", input.name);
      if (Object.keys(set).length === 0) {
        throw apiError("BAD_REQUEST", "nothing to change: give expiresAt, versionsKept or expiryWarningDays");
      }
      const now = new Date().toISOString();
      // Lowering versionsKept deletes the versions beyond it (migration 0007's trigger).
      const [[row]] = await ctx.db.batch([
        ctx.db.update(secrets).set(set).where(eq(secrets.id, found.id)).returning({
          expiresAt: secrets.expiresAt,
          versionsKept: secrets.versionsKept,
          expiryWarningDays: secrets.expiryWarningDays,
        }),
        ctx.db.insert(auditEvents).values({
          id: newId("audit"),
          userId,
          action: "secret.configured",
          secretName: input.name,
          actor: ctx.auth.actor,
          detail: set,
          createdAt: now,
        }),
      ]);
      return { name: input.name, ...row };
    }),
} satisfies TRPCRouterRecord;
