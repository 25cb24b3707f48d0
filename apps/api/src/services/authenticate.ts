import { hashToken } from "@workflow-secrets/crypto";
import { apiTokens, users } from "@workflow-secrets/db";
import { eq } from "drizzle-orm";
import type { ApiContext } from "../context";
import { apiError } from "../errors";

export interface AuthenticatedUser {
  userId: string;
  email: string;
  tokenId: string;
  tokenKind: "session" | "personal";
  /** `token:<tokenId>`, the actor written to audit events. */
  actor: string;
}

/** lastUsedAt is bookkeeping, not security: write it at most once a minute per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

const UNAUTHORIZED_MESSAGE =
  "missing, invalid, expired or revoked token: sign in again or create a new personal access token";

export function bearerToken(authorization: string | null): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}

export async function authenticate(ctx: ApiContext): Promise<AuthenticatedUser> {
  const token = bearerToken(ctx.authorization);
  if (!token || token.length > 512) throw apiError("UNAUTHORIZED", UNAUTHORIZED_MESSAGE);
  const tokenHash = await hashToken(token);
  const [row] = await ctx.db
    .select({
      tokenId: apiTokens.id,
      kind: apiTokens.kind,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      userId: users.id,
      email: users.email,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, tokenHash))
    .limit(1);
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now.toISOString())) {
    throw apiError("UNAUTHORIZED", UNAUTHORIZED_MESSAGE);
  }
  if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) >= LAST_USED_RESOLUTION_MS) {
    ctx.waitUntil(
      ctx.db
        .update(apiTokens)
        .set({ lastUsedAt: now.toISOString() })
        .where(eq(apiTokens.id, row.tokenId))
        .then(
          () => undefined,
          () => undefined,
        ),
    );
  }
  return {
    userId: row.userId,
    email: row.email,
    tokenId: row.tokenId,
    tokenKind: row.kind,
    actor: `token:${row.tokenId}`,
  };
}
