import { describe, expect, it } from "vitest";
import { SCOPE_DESCRIPTIONS, scopesText, TOKEN_SCOPES } from "./token-scopes";

describe("token scopes", () => {
  it("describes every scope, each description starting with its name", () => {
    expect(TOKEN_SCOPES.sort()).toEqual(["read", "runs:read", "secrets:write", "workflows:write"]);
    for (const scope of TOKEN_SCOPES) expect(SCOPE_DESCRIPTIONS[scope]).toMatch(new RegExp(`^${scope}: `));
  });

  it("words a token's scopes; a session may do everything", () => {
    expect(scopesText({ kind: "personal", scopes: ["read", "secrets:write"] })).toBe("read, secrets:write");
    expect(scopesText({ kind: "session", scopes: [] })).toBe("everything (signed in)");
  });
});
