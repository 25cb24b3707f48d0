import type { TokenScope } from "./api-types";

/**
 * Every scope the API accepts, with what it lets a personal token do. Keyed by the API's own type, so a
 * scope added or renamed there is a type error here until it is described.
 */
export const SCOPE_DESCRIPTIONS = {
  read: "read: list and view secrets (names, previews), workflows, runs, audit and tokens",
  "runs:read": "runs:read: list and view runs only",
  "secrets:write": "secrets:write: save, rotate and delete secrets",
  "workflows:write": "workflows:write: create, edit, enable, delete and run workflows",
} satisfies Record<TokenScope, string>;

export const TOKEN_SCOPES = Object.keys(SCOPE_DESCRIPTIONS) as TokenScope[];

/** The scopes of a listed token in words: a session may do everything. */
export function scopesText(token: { kind: "session" | "personal"; scopes: readonly string[] }): string {
  return token.kind === "session" ? "everything (signed in)" : token.scopes.join(", ");
}
