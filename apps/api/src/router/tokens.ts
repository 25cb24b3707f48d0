import type { TRPCRouterRecord } from "@trpc/server";
import { apiTokens } from "@workflow-secrets/db";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { auditTokenRevoked } from "../audit/audit-log";
import { issueToken, PERSONAL_TOKEN_DEFAULT_DAYS, PERSONAL_TOKEN_MAX_DAYS } from "../auth/sessions";
import { decodeScopes, TOKEN_SCOPES, type TokenScope } from "../auth/token-scopes";
import { notFound } from "../errors";
import { protectedProcedure } from "../trpc";

export interface TokenSummary {
  id: string;
  name: string;
  kind: "session" | "personal";
  /** A personal token's scopes; empty for a session, which may do everything. */
  scopes: TokenScope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  /** The token this request was made with. */
  current: boolean;
}

export const tokensRouter = {
  /**
   * A personal access token for scripts and other apps, with the scopes it may use (token-scopes.ts),
   * expiring after `expiresInDays` (default 90, at most 365). The token is in this response only.
   * Only a signed-in session may create one: a token cannot mint more tokens.
   */
  create: protectedProcedure("session")
    .input(
      z.object({
        name: z.string().trim().min(1, "give the token a name").max(100),
        scopes: z
          .array(z.enum(TOKEN_SCOPES, `a scope is one of ${TOKEN_SCOPES.join(", ")}`))
          .min(1, `choose at least one scope: ${TOKEN_SCOPES.join(", ")}`)
          .max(TOKEN_SCOPES.length * 2),
        expiresInDays: z
          .number()
          .int()
          .min(1, "a token lives at least 1 day")
          .max(PERSONAL_TOKEN_MAX_DAYS, `a token expires within ${PERSONAL_TOKEN_MAX_DAYS} days`)
          .default(PERSONAL_TOKEN_DEFAULT_DAYS),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const scopes = TOKEN_SCOPES.filter((scope) => input.scopes.includes(scope));
      const issued = await issueToken(
        ctx.db,
        {
          userId: ctx.auth.userId,
          kind: "personal",
          name: input.name,
          scopes,
          expiresInDays: input.expiresInDays,
        },
        { action: "token.created", actor: ctx.auth.actor },
      );
      return {
        id: issued.id,
        token: issued.token,
        name: input.name,
        scopes,
        createdAt: issued.createdAt,
        expiresAt: issued.expiresAt,
      };
    }),

  /** Tokens that still work (not revoked, not expired), newest first. Never the token itself. */
  list: protectedProcedure("read").query(async ({ ctx }): Promise<TokenSummary[]> => {
    const now = new Date().toISOString();
    const rows = await ctx.db
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        kind: apiTokens.kind,
        scopes: apiTokens.scopes,
        createdAt: apiTokens.createdAt,
        expiresAt: apiTokens.expiresAt,
        lastUsedAt: apiTokens.lastUsedAt,
      })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, ctx.auth.userId), isNull(apiTokens.revokedAt)))
      .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
    return rows
      .filter((row) => !row.expiresAt || row.expiresAt > now)
      .map((row) => ({
        ...row,
        scopes: row.kind === "personal" ? decodeScopes(row.scopes) : [],
        current: row.id === ctx.auth.tokenId,
      }));
  }),

  /** Only a signed-in session may revoke (a personal token ends itself with auth.signOut). */
  revoke: protectedProcedure("session")
    .input(z.object({ id: z.string().min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      const revokedAt = new Date().toISOString();
      const userId = ctx.auth.userId;
      // The event is written in the same batch, and only for the row this call revoked.
      const [changed] = await ctx.db.batch([
        ctx.db
          .update(apiTokens)
          .set({ revokedAt })
          .where(and(eq(apiTokens.id, input.id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
          .returning({ id: apiTokens.id }),
        auditTokenRevoked(ctx.db, { userId, tokenId: input.id, actor: ctx.auth.actor, revokedAt }),
      ]);
      if (changed.length === 0) throw notFound("token", input.id);
      return { id: input.id, revokedAt };
    }),
} satisfies TRPCRouterRecord;
