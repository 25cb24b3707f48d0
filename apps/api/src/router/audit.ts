import type { TRPCRouterRecord } from "@trpc/server";
import { auditEvents } from "@workflow-secrets/db";
import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { decodeCursor, pageInput, toPage } from "../d1/cursor";
import { protectedProcedure } from "../trpc";

/**
 * Who did what, newest first: secrets, sign-ins, tokens and workflow changes. Events name things and
 * carry a SHA-256 of a saved definition; they never hold values or definitions.
 */
export const auditRouter = {
  list: protectedProcedure("read")
    .input(z.object(pageInput).default({ limit: 20 }))
    .query(async ({ ctx, input }) => {
      const cursor = decodeCursor(input.cursor);
      const conditions: (SQL | undefined)[] = [eq(auditEvents.userId, ctx.auth.userId)];
      if (cursor) {
        conditions.push(
          or(
            lt(auditEvents.createdAt, cursor.createdAt),
            and(eq(auditEvents.createdAt, cursor.createdAt), lt(auditEvents.id, cursor.id)),
          ),
        );
      }
      const rows = await ctx.db
        .select({
          id: auditEvents.id,
          action: auditEvents.action,
          secretName: auditEvents.secretName,
          actor: auditEvents.actor,
          workflowId: auditEvents.workflowId,
          workflowName: auditEvents.workflowName,
          definitionSha256: auditEvents.definitionSha256,
          runId: auditEvents.runId,
          tokenId: auditEvents.tokenId,
          tokenName: auditEvents.tokenName,
          /** What changed (state moves, rollback versions, settings), never a value. */
          detail: auditEvents.detail,
          createdAt: auditEvents.createdAt,
        })
        .from(auditEvents)
        .where(and(...conditions))
        .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
        .limit(input.limit + 1);
      return toPage(rows, input.limit);
    }),
} satisfies TRPCRouterRecord;
