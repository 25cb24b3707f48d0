import type { TRPCRouterRecord } from "@trpc/server";
import { hashPassword, verifyPassword } from "@workflow-secrets/crypto";
import { apiTokens, newId, users } from "@workflow-secrets/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { auditInsert } from "../audit/audit-log";
import { claimSignIn, claimSignUp, signInSucceeded } from "../auth/auth-throttles";
import { newPassword, weakPasswordProblem } from "../auth/password-strength";
import { issueToken, SESSION_TTL_DAYS } from "../auth/sessions";
import { isUniqueViolation } from "../d1/sql-errors";
import { apiError } from "../errors";
import { protectedProcedure, publicProcedure } from "../trpc";

const email = z.string().trim().toLowerCase().pipe(z.email("enter a valid email address").max(254));

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
    .input(z.object({ email, password: newPassword }))
    .mutation(async ({ ctx, input }): Promise<SignedIn> => {
      // Throttled per client first: CONFLICT below tells that an email has an account, and the
      // strength estimate costs CPU, so both are rationed.
      await claimSignUp(ctx.db, ctx.clientAddress);
      const weak = weakPasswordProblem(input.password, [input.email, ...input.email.split(/[@.+_-]/)]);
      if (weak)
        throw apiError("BAD_REQUEST", `password: ${weak}`, { issues: [{ path: "password", message: weak }] });
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
      // Counted before the password is checked, in one statement with the check (see throttle.ts).
      await claimSignIn(ctx.db, input.email, ctx.clientAddress);
      const [user] = await ctx.db.select().from(users).where(eq(users.email, input.email));
      const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyPasswordHash()));
      if (!user || !valid) {
        // Logged to the account it was aimed at; an unknown email has no account (nor audit log).
        if (user)
          await auditInsert(ctx.db, { userId: user.id, action: "sign_in.failed", actor: "anonymous" });
        throw apiError("UNAUTHORIZED", SIGN_IN_FAILED);
      }
      await signInSucceeded(ctx.db, input.email, ctx.clientAddress);
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
