import type { TRPCRouterRecord } from "@trpc/server";
import { auditEvents } from "@workflow-secrets/db";
import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { decodeCursor, pageInput, toPage } from "../services/cursor";
import { protectedProcedure } from "../trpc";

/** Who did what to which secret, newest first. Events name secrets; they never hold values. */
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
          runId: auditEvents.runId,
          createdAt: auditEvents.createdAt,
        })
        .from(auditEvents)
        .where(and(...conditions))
        .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
        .limit(input.limit + 1);
      return toPage(rows, input.limit);
    }),
} satisfies TRPCRouterRecord;
