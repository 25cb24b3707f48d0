import type { TRPCRouterRecord } from "@trpc/server";
import { hashPassword, verifyPassword } from "@workflow-secrets/crypto";
import { apiTokens, newId, users } from "@workflow-secrets/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { apiError } from "../errors";
import { auditInsert } from "../services/audit-log";
import { clearFailedSignIns, lockedUntil, recordFailedSignIn } from "../services/login-throttle";
import { issueToken, SESSION_TTL_DAYS } from "../services/sessions";
import { isUniqueViolation } from "../services/sql-errors";
import { protectedProcedure, publicProcedure } from "../trpc";

const email = z.string().trim().toLowerCase().pipe(z.email("enter a valid email address").max(254));
const password = z
  .string()
  .min(10, "the password needs at least 10 characters")
  .max(256, "the password can have at most 256 characters");

const SIGN_IN_FAILED = "email or password is incorrect";

// Unknown emails still pay for one PBKDF2 verification, so timing does not tell which emails exist.
let decoyHash: Promise<string> | undefined;
function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(crypto.randomUUID());
  return decoyHash;
}

function emailTaken() {
  return apiError("CONFLICT", "an account with this email already exists: sign in instead");
}

export interface SignedIn {
  token: string;
  expiresAt: string | null;
  user: { id: string; email: string };
}

export const authRouter = {
  signUp: publicProcedure
    .input(z.object({ email, password }))
    .mutation(async ({ ctx, input }): Promise<SignedIn> => {
      const [existing] = await ctx.db
        .select({ id: users.id })
        .from(users)
        .where(eq(users.email, input.email));
      if (existing) throw emailTaken();
      const id = newId("user");
      const passwordHash = await hashPassword(input.password);
      try {
        await ctx.db.insert(users).values({ id, email: input.email, passwordHash });
      } catch (error) {
        // Two sign-ups for one email at once: the unique index decides, the other gets CONFLICT.
        if (isUniqueViolation(error)) throw emailTaken();
        throw error;
      }
      const session = await issueToken(ctx.db, {
        userId: id,
        kind: "session",
        name: "sign-up",
        expiresInDays: SESSION_TTL_DAYS,
      });
      return { token: session.token, expiresAt: session.expiresAt, user: { id, email: input.email } };
    }),

  signIn: publicProcedure
    .input(z.object({ email, password: z.string().min(1).max(256) }))
    .mutation(async ({ ctx, input }): Promise<SignedIn> => {
      const until = await lockedUntil(ctx.db, input.email);
      if (until) {
        throw apiError(
          "TOO_MANY_REQUESTS",
          `too many failed sign-ins for this email: try again after ${until}`,
        );
      }
      const [user] = await ctx.db.select().from(users).where(eq(users.email, input.email));
      const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyPasswordHash()));
      if (!user || !valid) {
        await recordFailedSignIn(ctx.db, input.email);
        // Logged to the account it was aimed at; an unknown email has no account (nor audit log).
        if (user)
          await auditInsert(ctx.db, { userId: user.id, action: "sign_in.failed", actor: "anonymous" });
        throw apiError("UNAUTHORIZED", SIGN_IN_FAILED);
      }
      await clearFailedSignIns(ctx.db, input.email);
      const session = await issueToken(
        ctx.db,
        { userId: user.id, kind: "session", name: "sign-in", expiresInDays: SESSION_TTL_DAYS },
        { action: "sign_in.succeeded" },
      );
      return { token: session.token, expiresAt: session.expiresAt, user: { id: user.id, email: user.email } };
    }),

  /** Revokes the token the request was made with (session or personal). */
  signOut: protectedProcedure("anyToken").mutation(async ({ ctx }) => {
    await ctx.db
      .update(apiTokens)
      .set({ revokedAt: new Date().toISOString() })
      .where(eq(apiTokens.id, ctx.auth.tokenId));
    return { ok: true as const };
  }),

  me: protectedProcedure("anyToken").query(({ ctx }) => ({
    id: ctx.auth.userId,
    email: ctx.auth.email,
    token: { id: ctx.auth.tokenId, kind: ctx.auth.tokenKind, scopes: ctx.auth.scopes },
  })),
} satisfies TRPCRouterRecord;
