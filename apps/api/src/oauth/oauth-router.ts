import type { TRPCRouterRecord } from "@trpc/server";
import { buildOAuthConnectAad, hashToken, sealSecret } from "@workflow-secrets/crypto";
import { newId, oauthConnects, secrets } from "@workflow-secrets/db";
import { isHttpUrl } from "@workflow-secrets/secret-rules";
import { and, count, eq, inArray, lt, or } from "drizzle-orm";
import { z } from "zod";
import { apiError, notFound } from "../errors";
import { secretName } from "../secrets/secret-input";
import { protectedProcedure } from "../trpc";
import { codeChallenge, randomUrlToken } from "./pkce";

/** How long the user has to approve in the provider's window. */
const CONNECT_TTL_MS = 10 * 60_000;
const MAX_PENDING_CONNECTS = 20;
export const OAUTH_CALLBACK_PATH = "/oauth/callback";

const httpUrl = (what: string) =>
  z
    .string()
    .max(2048)
    .refine(isHttpUrl, `${what} must be an https:// URL (http:// only for 127.0.0.1 or localhost)`);

const startInput = z.object({
  secretName,
  authorizeUrl: httpUrl("authorizeUrl"),
  tokenUrl: httpUrl("tokenUrl"),
  clientId: z.string().min(1).max(512),
  clientSecret: z.string().min(1).max(4096).optional(),
  scope: z.string().max(2048).optional(),
  expiredBodyContains: z.string().max(256).optional(),
});

export const oauthRouter = {
  /**
   * Starts an authorization-code connect with PKCE (S256) and `state` for an `oauth2` secret (new, or
   * an existing one to reconnect). Returns the provider URL to open. The API can seal but not open:
   * the client secret and PKCE verifier are sealed to the runner's key here, the code at the callback,
   * and the runner exchanges it and stores the tokens. `oauth.status` tells when it is connected.
   */
  start: protectedProcedure("secrets:write")
    .input(startInput)
    .mutation(async ({ ctx, input }) => {
      const userId = ctx.auth.userId;
      const [existing] = await ctx.db
        .select({ type: secrets.type })
        .from(secrets)
        .where(and(eq(secrets.userId, userId), eq(secrets.name, input.secretName)));
      if (existing && existing.type !== "oauth2") {
        throw apiError(
          "CONFLICT",
          `a ${existing.type} secret named "${input.secretName}" exists: choose another name, or delete it first`,
        );
      }
      // Bounded per user: finished and expired connects are dropped here, and at most 20 may wait at once.
      const nowIso = new Date().toISOString();
      await ctx.db
        .delete(oauthConnects)
        .where(
          and(
            eq(oauthConnects.userId, userId),
            or(lt(oauthConnects.expiresAt, nowIso), inArray(oauthConnects.status, ["connected", "failed"])),
          ),
        );
      const [{ waiting } = { waiting: 0 }] = await ctx.db
        .select({ waiting: count() })
        .from(oauthConnects)
        .where(eq(oauthConnects.userId, userId));
      if (waiting >= MAX_PENDING_CONNECTS) {
        throw apiError(
          "TOO_MANY_REQUESTS",
          `${MAX_PENDING_CONNECTS} connections are already waiting for approval: finish or let them expire (10 minutes), then try again`,
        );
      }
      const id = newId("oauthConnect");
      const state = randomUrlToken();
      const codeVerifier = randomUrlToken();
      const redirectUri = `${ctx.requestOrigin}${OAUTH_CALLBACK_PATH}`;
      // Everything the runner sends to the token endpoint is sealed, the endpoint itself included: the
      // `config` column is for display only, so a D1 writer cannot redirect the code and client secret.
      const sealed = {
        codeVerifier,
        tokenUrl: input.tokenUrl,
        clientId: input.clientId,
        redirectUri,
        ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
        ...(input.scope ? { scope: input.scope } : {}),
        ...(input.expiredBodyContains ? { expiredBodyContains: input.expiredBodyContains } : {}),
      };
      const envelope = await sealSecret(JSON.stringify(sealed), {
        publicKey: ctx.sealingKey,
        aad: buildOAuthConnectAad({ userId, connectId: id, part: "start" }),
      });
      const now = new Date();
      await ctx.db.insert(oauthConnects).values({
        id,
        userId,
        secretName: input.secretName,
        stateHash: await hashToken(state),
        config: {
          tokenUrl: input.tokenUrl,
          clientId: input.clientId,
          redirectUri,
          ...(input.scope ? { scope: input.scope } : {}),
          ...(input.expiredBodyContains ? { expiredBodyContains: input.expiredBodyContains } : {}),
        },
        envelope,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + CONNECT_TTL_MS).toISOString(),
      });
      const url = new URL(input.authorizeUrl);
      url.searchParams.set("response_type", "code");
      url.searchParams.set("client_id", input.clientId);
      url.searchParams.set("redirect_uri", redirectUri);
      if (input.scope) url.searchParams.set("scope", input.scope);
      url.searchParams.set("state", state);
      url.searchParams.set("code_challenge", await codeChallenge(codeVerifier));
      url.searchParams.set("code_challenge_method", "S256");
      return { connectId: id, authorizeUrl: url.toString(), redirectUri };
    }),

  /** Where a connect stands: pending (waiting for the user), code_received / exchanging, connected or failed. */
  status: protectedProcedure("read")
    .input(z.object({ connectId: z.string().min(1).max(128) }))
    .query(async ({ ctx, input }) => {
      const [row] = await ctx.db
        .select({
          status: oauthConnects.status,
          error: oauthConnects.error,
          secretName: oauthConnects.secretName,
          expiresAt: oauthConnects.expiresAt,
        })
        .from(oauthConnects)
        .where(and(eq(oauthConnects.id, input.connectId), eq(oauthConnects.userId, ctx.auth.userId)));
      if (!row) throw notFound("connect", input.connectId);
      const expired = row.status === "pending" && row.expiresAt < new Date().toISOString();
      return {
        secretName: row.secretName,
        status: expired ? ("failed" as const) : row.status,
        error: expired ? "the connect expired before it was approved: start it again" : row.error,
      };
    }),
} satisfies TRPCRouterRecord;
