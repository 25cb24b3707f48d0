import { hashToken } from "@workflow-secrets/crypto";
import { apiTokens, type Db, users } from "@workflow-secrets/db";
import { and, eq, gt, isNull, or, type SQL, sql } from "drizzle-orm";
import type { ApiContext } from "../context";
import { apiError } from "../errors";
import { decodeScopes, type TokenScope } from "./token-scopes";

export interface AuthenticatedUser {
  userId: string;
  email: string;
  tokenId: string;
  tokenKind: "session" | "personal";
  /** A personal token's scopes (token-scopes.ts); a session has every scope, and this is empty. */
  scopes: TokenScope[];
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

/** The SHA-256 of the presented bearer token (what api_tokens stores), or UNAUTHORIZED. */
export async function presentedTokenHash(ctx: Pick<ApiContext, "authorization">): Promise<string> {
  const token = bearerToken(ctx.authorization);
  if (!token || token.length > 512) throw apiError("UNAUTHORIZED", UNAUTHORIZED_MESSAGE);
  return hashToken(token);
}

/** The token row and its owner, for `verifyTokenRow`. */
export function tokenLookup(db: Db, tokenHash: string) {
  return db
    .select({
      tokenId: apiTokens.id,
      kind: apiTokens.kind,
      scopes: apiTokens.scopes,
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
}

export type TokenRow = Awaited<ReturnType<typeof tokenLookup>>[number];

/**
 * The owner of a valid token as a SQL subquery, so a hot read can authenticate and fetch in ONE D1
 * round trip (`db.batch([tokenLookup, ...queries])`). The caller must still pass the token row to
 * `verifyTokenRow` before returning anything.
 */
export function tokenOwnerId(tokenHash: string, now = new Date()): SQL<string> {
  return sql<string>`(${sqlSelectOwner(tokenHash, now)})`;
}

function sqlSelectOwner(tokenHash: string, now: Date) {
  return sql`select ${apiTokens.userId} from ${apiTokens} where ${and(
    eq(apiTokens.tokenHash, tokenHash),
    isNull(apiTokens.revokedAt),
    or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now.toISOString())),
  )}`;
}

export function verifyTokenRow(
  ctx: ApiContext,
  row: TokenRow | undefined,
  now = new Date(),
): AuthenticatedUser {
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
    scopes: row.kind === "personal" ? decodeScopes(row.scopes) : [],
    actor: `token:${row.tokenId}`,
  };
}

export async function authenticate(ctx: ApiContext): Promise<AuthenticatedUser> {
  const tokenHash = await presentedTokenHash(ctx);
  const [row] = await tokenLookup(ctx.db, tokenHash);
  return verifyTokenRow(ctx, row);
}
