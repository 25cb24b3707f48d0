import { generateToken, hashToken } from "@workflow-secrets/crypto";
import { apiTokens, type Db, newId } from "@workflow-secrets/db";

export const SESSION_TTL_DAYS = 30;
const DAY_MS = 86_400_000;

export type TokenKind = "session" | "personal";

/**
 * Creates a bearer token and stores only its hash. The token is returned once, to be shown once.
 * Sessions come from signing in; personal access tokens from `tokens.create`.
 */
export async function issueToken(
  db: Db,
  opts: { userId: string; kind: TokenKind; name: string; expiresInDays?: number },
): Promise<{ id: string; token: string; expiresAt: string | null; createdAt: string }> {
  const token = generateToken(opts.kind === "session" ? "wfss" : "wfsp");
  const id = newId("token");
  const now = Date.now();
  const createdAt = new Date(now).toISOString();
  const expiresAt = opts.expiresInDays ? new Date(now + opts.expiresInDays * DAY_MS).toISOString() : null;
  await db.insert(apiTokens).values({
    id,
    userId: opts.userId,
    kind: opts.kind,
    name: opts.name,
    tokenHash: await hashToken(token),
    createdAt,
    expiresAt,
  });
  return { id, token, expiresAt, createdAt };
}
