import { generateToken, hashToken } from "@workflow-secrets/crypto";
import { apiTokens, type Db, newId } from "@workflow-secrets/db";
import { auditInsert } from "../audit/audit-log";
import { encodeScopes, type TokenScope } from "./token-scopes";

export const SESSION_TTL_DAYS = 30;
/** A personal access token expires after this many days unless `tokens.create` asks otherwise. */
export const PERSONAL_TOKEN_DEFAULT_DAYS = 90;
/** And never later than this: every personal token expires. */
export const PERSONAL_TOKEN_MAX_DAYS = 365;
const DAY_MS = 86_400_000;

export type IssuedToken =
  | { kind: "session"; name: string }
  | { kind: "personal"; name: string; scopes: readonly TokenScope[] };

/**
 * Creates a bearer token and stores only its hash. The token is returned once, to be shown once.
 * Sessions come from signing in; personal access tokens from `tokens.create`. Every token expires.
 * With `audit`, the audit event (naming the new token) is written in the same batch as the token.
 */
export async function issueToken(
  db: Db,
  opts: IssuedToken & { userId: string; expiresInDays: number },
  audit?: { action: "sign_in.succeeded" | "token.created"; actor?: string },
): Promise<{ id: string; token: string; expiresAt: string; createdAt: string }> {
  const token = generateToken(opts.kind === "session" ? "wfss" : "wfsp");
  const id = newId("token");
  const now = Date.now();
  const createdAt = new Date(now).toISOString();
  const expiresAt = new Date(now + opts.expiresInDays * DAY_MS).toISOString();
  const insertToken = db.insert(apiTokens).values({
    id,
    userId: opts.userId,
    kind: opts.kind,
    name: opts.name,
    tokenHash: await hashToken(token),
    scopes: opts.kind === "personal" ? encodeScopes(opts.scopes) : null,
    createdAt,
    expiresAt,
  });
  if (audit) {
    await db.batch([
      insertToken,
      auditInsert(db, {
        userId: opts.userId,
        action: audit.action,
        // A sign-in is done by the session it starts.
        actor: audit.actor ?? `token:${id}`,
        tokenId: id,
        tokenName: opts.name,
        createdAt,
      }),
    ]);
  } else {
    await insertToken;
  }
  return { id, token, expiresAt, createdAt };
}
