import { apiError } from "../errors";

/**
 * What a personal access token may do. A signed-in session may do everything; a personal token only
 * what its scopes grant:
 * - `read`: every list and get (secrets.list, workflows.list/get, runs.list/get, audit.list,
 *   tokens.list, settings.get); it includes `runs:read`;
 * - `runs:read`: runs.list and runs.get only (a dashboard that watches runs);
 * - `secrets:write`: secrets.create, secrets.update, secrets.delete (not reading the list: add `read`);
 * - `workflows:write`: workflows.create, update, delete, setEnabled and run.
 * No scope lets a personal token create or revoke tokens or change settings (retention): only a
 * session can (`session` below).
 */
export const TOKEN_SCOPES = ["read", "runs:read", "secrets:write", "workflows:write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/**
 * What a procedure needs, declared once on it (see `protectedProcedure` in trpc.ts):
 * a scope; `anyToken` (who am I, sign out: any valid token); or `session` (managing tokens).
 */
export type RequiredAccess = TokenScope | "anyToken" | "session";

/** Scopes a granted scope includes. */
const INCLUDES: Record<TokenScope, readonly TokenScope[]> = {
  read: ["read", "runs:read"],
  "runs:read": ["runs:read"],
  "secrets:write": ["secrets:write"],
  "workflows:write": ["workflows:write"],
};

/** Stored in api_tokens.scopes as one space-separated string, sorted (`read secrets:write`). */
export function encodeScopes(scopes: readonly TokenScope[]): string {
  return [...new Set(scopes)].sort().join(" ");
}

/** The scopes of a stored token; unknown words (from a newer deployment) grant nothing. */
export function decodeScopes(stored: string | null): TokenScope[] {
  const known = new Set<string>(TOKEN_SCOPES);
  return (stored ?? "").split(" ").filter((word): word is TokenScope => known.has(word));
}

export interface TokenGrant {
  tokenKind: "session" | "personal";
  scopes: readonly TokenScope[];
}

export function grants(token: TokenGrant, required: RequiredAccess): boolean {
  if (token.tokenKind === "session") return true;
  if (required === "anyToken") return true;
  if (required === "session") return false;
  return token.scopes.some((scope) => INCLUDES[scope].includes(required));
}

/** FORBIDDEN naming what is missing, or nothing when the token may call `path`. */
export function assertGrants(token: TokenGrant, required: RequiredAccess, path: string): void {
  if (grants(token, required)) return;
  if (required === "session") {
    throw apiError(
      "FORBIDDEN",
      `only a signed-in session can call ${path}, not a personal access token: sign in (the extension or auth.signIn) to manage tokens and settings`,
    );
  }
  throw apiError(
    "FORBIDDEN",
    `this personal access token lacks the scope "${required}" that ${path} needs: create a token with "${required}"${required === "runs:read" ? ' (or "read")' : ""}`,
  );
}
