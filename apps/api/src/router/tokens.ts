import type { TRPCRouterRecord } from "@trpc/server";
import { apiTokens } from "@workflow-secrets/db";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { issueToken } from "../auth/sessions";
import { notFound } from "../errors";
import { protectedProcedure } from "../trpc";

export interface TokenSummary {
  id: string;
  name: string;
  kind: "session" | "personal";
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  /** The token this request was made with. */
  current: boolean;
}

export const tokensRouter = {
  /** A personal access token for scripts and other apps. The token is in this response only. */
  create: protectedProcedure
    .input(
      z.object({
        name: z.string().trim().min(1, "give the token a name").max(100),
        expiresInDays: z.number().int().min(1).max(3650).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const issued = await issueToken(ctx.db, {
        userId: ctx.auth.userId,
        kind: "personal",
        name: input.name,
        expiresInDays: input.expiresInDays,
      });
      return {
        id: issued.id,
        token: issued.token,
        name: input.name,
        createdAt: issued.createdAt,
        expiresAt: issued.expiresAt,
      };
    }),

  /** Tokens that still work (not revoked, not expired), newest first. Never the token itself. */
  list: protectedProcedure.query(async ({ ctx }): Promise<TokenSummary[]> => {
    const now = new Date().toISOString();
    const rows = await ctx.db
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        kind: apiTokens.kind,
        createdAt: apiTokens.createdAt,
        expiresAt: apiTokens.expiresAt,
        lastUsedAt: apiTokens.lastUsedAt,
      })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, ctx.auth.userId), isNull(apiTokens.revokedAt)))
      .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
    return rows
      .filter((row) => !row.expiresAt || row.expiresAt > now)
      .map((row) => ({ ...row, current: row.id === ctx.auth.tokenId }));
  }),

  revoke: protectedProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      const revokedAt = new Date().toISOString();
      const changed = await ctx.db
        .update(apiTokens)
        .set({ revokedAt })
        .where(
          and(eq(apiTokens.id, input.id), eq(apiTokens.userId, ctx.auth.userId), isNull(apiTokens.revokedAt)),
        )
        .returning({ id: apiTokens.id });
      if (changed.length === 0) throw notFound("token", input.id);
      return { id: input.id, revokedAt };
    }),
} satisfies TRPCRouterRecord;
