import type { TRPCRouterRecord } from "@trpc/server";
import { canonicalPolicy, sealSecret, secretAadForRow } from "@workflow-secrets/crypto";
import {
  auditEvents,
  DEFAULT_EXPIRY_WARNING_DAYS,
  newId,
  secretStateSql,
  secrets,
} from "@workflow-secrets/db";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { apiError, notFound } from "../errors";

export type { SecretSaved, SecretSummary };

import { createPreview } from "@workflow-secrets/secret-rules";
import { tokenLookup, tokenOwnerId } from "../auth/authenticate";
import { isUniqueViolation } from "../d1/sql-errors";
import { insertSecretUnderCap } from "../secrets/capped-insert";
import { expiryOfNewValue, lifecycleSettings, versionAuthor } from "../secrets/lifecycle-input";
import { type SecretSaved, type SecretSummary, secretName, secretValue } from "../secrets/secret-input";
import { groupUsedBy, usedByQuery } from "../secrets/secret-usage";
import { checkSecretValue, MAX_SECRETS_PER_USER } from "../secrets/value-checks";
import { batchedAuthProcedure, protectedProcedure } from "../trpc";
import { secretLifecycleProcedures } from "./secret-lifecycle";
import { secretLivenessProcedures } from "./secret-liveness";

/** Until destinations are chosen at entry: every new value is sealed v2, unrestricted. */
const UNRESTRICTED_POLICY = canonicalPolicy({ destinations: ["*"], scripts: true });

export const secretsRouter = {
  /** The hottest read (every extension open): token check and data in one D1 round trip. */
  list: batchedAuthProcedure("read").query(async ({ ctx }): Promise<SecretSummary[]> => {
    const ownerId = tokenOwnerId(ctx.tokenHash);
    const [tokenRows, rows, refs] = await ctx.db.batch([
      tokenLookup(ctx.db, ctx.tokenHash),
      ctx.db
        .select({
          name: secrets.name,
          preview: secrets.preview,
          version: secrets.version,
          createdAt: secrets.createdAt,
          updatedAt: secrets.updatedAt,
          lastUsedAt: secrets.lastUsedAt,
          expiresAt: secrets.expiresAt,
          state: secretStateSql(new Date()),
          versionsKept: secrets.versionsKept,
          expiryWarningDays: secrets.expiryWarningDays,
          livenessCheck: secrets.livenessCheck,
          livenessEveryMinutes: secrets.livenessEveryMinutes,
          livenessCheckedAt: secrets.livenessCheckedAt,
          livenessRequestedAt: secrets.livenessRequestedAt,
          livenessResult: secrets.livenessResult,
        })
        .from(secrets)
        .where(eq(secrets.userId, ownerId))
        .orderBy(asc(secrets.name)),
      usedByQuery(ctx.db, ownerId),
    ]);
    ctx.authorize(tokenRows[0]);
    const usedBy = groupUsedBy(refs);
    return rows.map(
      ({
        livenessCheck,
        livenessEveryMinutes,
        livenessCheckedAt,
        livenessRequestedAt,
        livenessResult,
        ...row
      }) => ({
        ...row,
        liveness: livenessCheck
          ? {
              request: `${livenessCheck.method} ${livenessCheck.url}`,
              everyMinutes: livenessEveryMinutes,
              checkedAt: livenessCheckedAt,
              requestedAt: livenessRequestedAt,
              result: livenessResult,
            }
          : null,
        usedBy: usedBy.get(row.name) ?? [],
      }),
    );
  }),

  /** Seals a new secret under `name`. The value is never stored, logged or returned. */
  create: protectedProcedure("secrets:write")
    .input(z.object({ name: secretName, value: secretValue, ...lifecycleSettings }))
    .mutation(async ({ ctx, input }): Promise<SecretSaved> => {
      const userId = ctx.auth.userId;
      const [found] = await ctx.db
        .select({ id: secrets.id })
        .from(secrets)
        .where(and(eq(secrets.userId, userId), eq(secrets.name, input.name)));
      if (found) throw conflict(input.name);
      const id = newId("secret");
      const now = new Date().toISOString();
      const type = "text";
      const policy = UNRESTRICTED_POLICY;
      const envelope = await sealSecret(input.value, {
        publicKey: ctx.sealingKey,
        aad: secretAadForRow({ userId, secretId: id, version: 1, type, policy }),
      });
      const preview = createPreview(input.value);
      const expiresAt = expiryOfNewValue(input.value, input.expiresAt);
      let inserted: boolean;
      try {
        inserted = await insertSecretUnderCap(ctx.db, {
          id,
          userId,
          name: input.name,
          type,
          policy,
          envelope,
          kid: ctx.sealingKey.kid,
          preview,
          createdAt: now,
          actor: ctx.auth.actor,
          auditId: newId("audit"),
          updatedBy: versionAuthor(ctx.auth),
          expiresAt,
          versionsKept: input.versionsKept ?? 5,
          expiryWarningDays: input.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(input.name);
        throw error;
      }
      if (!inserted) {
        throw apiError(
          "BAD_REQUEST",
          `you already have ${MAX_SECRETS_PER_USER} secrets, the limit per user: delete unused ones first`,
        );
      }
      return {
        name: input.name,
        preview,
        version: 1,
        createdAt: now,
        updatedAt: now,
        expiresAt,
        warnings: checkSecretValue(input.value),
      };
    }),

  /** Rotates in place: a new envelope sealed for version + 1. Workflows pick it up on their next run. */
  update: protectedProcedure("secrets:write")
    .input(z.object({ name: secretName, value: secretValue, ...lifecycleSettings }))
    .mutation(async ({ ctx, input }): Promise<SecretSaved> => {
      const userId = ctx.auth.userId;
      const [current] = await ctx.db
        .select({
          id: secrets.id,
          version: secrets.version,
          type: secrets.type,
          createdAt: secrets.createdAt,
        })
        .from(secrets)
        .where(and(eq(secrets.userId, userId), eq(secrets.name, input.name)));
      if (!current) throw notFound("secret", input.name);
      const version = current.version + 1;
      const now = new Date().toISOString();
      const policy = UNRESTRICTED_POLICY;
      const envelope = await sealSecret(input.value, {
        publicKey: ctx.sealingKey,
        aad: secretAadForRow({ userId, secretId: current.id, version, type: current.type, policy }),
      });
      const preview = createPreview(input.value);
      const expiresAt = expiryOfNewValue(input.value, input.expiresAt);
      // Conditional on the version we read: two concurrent rotations cannot both win. Migration 0007's
      // trigger keeps the new version (and the previous ones, up to versionsKept) in secret_versions.
      const changed = await ctx.db
        .update(secrets)
        .set({
          envelope,
          policy,
          kid: ctx.sealingKey.kid,
          preview,
          version,
          updatedAt: now,
          // Sealed for `version` itself; a new value has no failure streak yet.
          sealedVersion: null,
          updatedBy: versionAuthor(ctx.auth),
          expiresAt,
          failingSince: null,
          ...(input.versionsKept === undefined ? {} : { versionsKept: input.versionsKept }),
          ...(input.expiryWarningDays === undefined ? {} : { expiryWarningDays: input.expiryWarningDays }),
        })
        .where(and(eq(secrets.id, current.id), eq(secrets.version, current.version)))
        .returning({ id: secrets.id });
      if (changed.length === 0) {
        throw apiError("CONFLICT", `secret "${input.name}" changed while rotating it: try again`);
      }
      await ctx.db.insert(auditEvents).values({
        id: newId("audit"),
        userId,
        action: "secret.rotated",
        secretName: input.name,
        actor: ctx.auth.actor,
        createdAt: now,
      });
      return {
        name: input.name,
        preview,
        version,
        createdAt: current.createdAt,
        updatedAt: now,
        expiresAt,
        warnings: checkSecretValue(input.value),
      };
    }),

  /**
   * Refuses (PRECONDITION_FAILED, `usedBy` in the error data) while workflows reference the secret,
   * unless `force`; then it deletes and returns the workflows that will now fail.
   */
  delete: protectedProcedure("secrets:write")
    .input(z.object({ name: secretName, force: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.userId;
      const [found, refs] = await ctx.db.batch([
        ctx.db
          .select({ id: secrets.id })
          .from(secrets)
          .where(and(eq(secrets.userId, userId), eq(secrets.name, input.name))),
        usedByQuery(ctx.db, userId, [input.name]),
      ]);
      const secret = found[0];
      if (!secret) throw notFound("secret", input.name);
      const usedBy = refs.map(({ workflowId, workflowName }) => ({ workflowId, workflowName }));
      if (usedBy.length > 0 && !input.force) {
        const names = usedBy.map((w) => `"${w.workflowName}"`).join(", ");
        throw apiError(
          "PRECONDITION_FAILED",
          `secret "${input.name}" is used by ${usedBy.length} workflow(s): ${names}. Remove the references, or delete with force: true (those workflows will then fail)`,
          { usedBy },
        );
      }
      await ctx.db.batch([
        ctx.db.delete(secrets).where(eq(secrets.id, secret.id)),
        ctx.db.insert(auditEvents).values({
          id: newId("audit"),
          userId,
          action: "secret.deleted",
          secretName: input.name,
          actor: ctx.auth.actor,
          createdAt: new Date().toISOString(),
        }),
      ]);
      return { name: input.name, deleted: true as const, usedBy };
    }),

  ...secretLifecycleProcedures,
  ...secretLivenessProcedures,
} satisfies TRPCRouterRecord;

function conflict(name: string) {
  return apiError("CONFLICT", `a secret named "${name}" already exists: use secrets.update to rotate it`);
}
