import type { TRPCRouterRecord } from "@trpc/server";
import { sealSecret, secretAadForRow } from "@workflow-secrets/crypto";
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

import { POLICY_NEEDS_VALUE } from "@workflow-secrets/secret-rules";
import { tokenLookup, tokenOwnerId } from "../auth/authenticate";
import { isUniqueViolation } from "../d1/sql-errors";
import { insertSecretUnderCap } from "../secrets/capped-insert";
import { expiryOfNewValue, lifecycleSettings, versionAuthor } from "../secrets/lifecycle-input";
import { type SecretSaved, type SecretSummary, secretName } from "../secrets/secret-input";
import { type ChosenPolicy, choosePolicy, policyInput, policyView } from "../secrets/secret-policy";
import { groupUsedBy, usedByQuery } from "../secrets/secret-usage";
import { secretContent, secretContentInput } from "../secrets/typed-value";
import { MAX_SECRETS_PER_USER } from "../secrets/value-checks";
import { batchedAuthProcedure, protectedProcedure } from "../trpc";
import { secretLifecycleProcedures } from "./secret-lifecycle";
import { secretLivenessProcedures } from "./secret-liveness";

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
          type: secrets.type,
          policy: secrets.policy,
          publicFields: secrets.publicFields,
          needsReconnectAt: secrets.needsReconnectAt,
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
        policy,
        publicFields,
        needsReconnectAt,
        livenessCheck,
        livenessEveryMinutes,
        livenessCheckedAt,
        livenessRequestedAt,
        livenessResult,
        ...row
      }) => ({
        ...row,
        ...policyView(policy),
        fields: publicFields ?? {},
        needsReconnect: needsReconnectAt !== null,
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
    .input(z.object({ name: secretName, ...secretContentInput, ...policyInput, ...lifecycleSettings }))
    .mutation(async ({ ctx, input }): Promise<SecretSaved> => {
      const userId = ctx.auth.userId;
      const content = secretContent(input);
      const chosen = choosePolicy(input.value ?? "", input);
      const [found] = await ctx.db
        .select({ id: secrets.id })
        .from(secrets)
        .where(and(eq(secrets.userId, userId), eq(secrets.name, input.name)));
      if (found) throw conflict(input.name);
      const id = newId("secret");
      const now = new Date().toISOString();
      const type = content.type;
      const policy = chosen.column;
      const envelope = await sealSecret(content.plaintext, {
        publicKey: ctx.sealingKey,
        aad: secretAadForRow({ userId, secretId: id, version: 1, type, policy }),
      });
      const preview = content.preview;
      const expiresAt = expiryOfNewValue(input.value ?? "", input.expiresAt);
      let inserted: boolean;
      try {
        inserted = await insertSecretUnderCap(ctx.db, {
          id,
          userId,
          name: input.name,
          type,
          policy,
          publicFields: content.publicFields,
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
        type,
        ...chosen.view,
        preview,
        version: 1,
        createdAt: now,
        updatedAt: now,
        expiresAt,
        warnings: content.warnings,
        ...suggestion(chosen),
      };
    }),

  /**
   * Rotates in place: a new envelope sealed for version + 1. Workflows pick it up on their next run.
   * Destinations and scripts change only with a new value (they are sealed with it); omitted, the
   * stored policy is kept.
   */
  update: protectedProcedure("secrets:write")
    .input(z.object({ name: secretName, ...secretContentInput, ...policyInput, ...lifecycleSettings }))
    .mutation(async ({ ctx, input }): Promise<SecretSaved> => {
      const userId = ctx.auth.userId;
      if (input.value === undefined && input.fields === undefined) {
        throw apiError("BAD_REQUEST", POLICY_NEEDS_VALUE);
      }
      const [current] = await ctx.db
        .select({
          id: secrets.id,
          version: secrets.version,
          type: secrets.type,
          policy: secrets.policy,
          createdAt: secrets.createdAt,
        })
        .from(secrets)
        .where(and(eq(secrets.userId, userId), eq(secrets.name, input.name)));
      if (!current) throw notFound("secret", input.name);
      const content = secretContent(input, current.type);
      const type = content.type;
      const version = current.version + 1;
      const now = new Date().toISOString();
      const chosen = choosePolicy(input.value ?? "", input, current.policy);
      const policy = chosen.column;
      const envelope = await sealSecret(content.plaintext, {
        publicKey: ctx.sealingKey,
        aad: secretAadForRow({ userId, secretId: current.id, version, type, policy }),
      });
      const preview = content.preview;
      const expiresAt = expiryOfNewValue(input.value ?? "", input.expiresAt);
      // Conditional on the version we read: two concurrent rotations cannot both win. Migration 0007's
      // trigger keeps the new version (and the previous ones, up to versionsKept) in secret_versions.
      const changed = await ctx.db
        .update(secrets)
        .set({
          envelope,
          policy,
          type,
          publicFields: content.publicFields,
          needsReconnectAt: null,
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
        type,
        ...chosen.view,
        preview,
        version,
        createdAt: current.createdAt,
        updatedAt: now,
        expiresAt,
        warnings: content.warnings,
        ...suggestion(chosen),
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

const suggestion = ({ suggestedDestinations }: ChosenPolicy) =>
  suggestedDestinations ? { suggestedDestinations } : {};

function conflict(name: string) {
  return apiError("CONFLICT", `a secret named "${name}" already exists: use secrets.update to rotate it`);
}
