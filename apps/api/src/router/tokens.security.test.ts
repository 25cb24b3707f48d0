import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { API_URL, apiClient, expectApiError, signUpUser } from "../../test/api";
import { execute, queryRows } from "../../test/db-dump";

describe("tokens (security)", () => {
  // Every procedure with no, garbage, revoked and expired tokens: root.security.test.ts walks the router.
  it("a Basic authorization header is not a bearer token", async () => {
    const basic = await SELF.fetch(`${API_URL}/trpc/auth.me`, {
      headers: { Authorization: "Basic dXNlcjpwYXNz" },
    });
    expect(basic.status).toBe(401);
  });

  it("a revoked or expired personal token stops working, and the session that made it does not", async () => {
    const user = await signUpUser();
    const revoked = await user.api.tokens.create.mutate({ name: "revoked", scopes: ["read"] });
    await user.api.tokens.revoke.mutate({ id: revoked.id });
    const expired = await user.api.tokens.create.mutate({
      name: "expired",
      scopes: ["read"],
      expiresInDays: 1,
    });
    await execute(
      "UPDATE api_tokens SET expires_at = ? WHERE id = ?",
      new Date(Date.now() - 1000).toISOString(),
      expired.id,
    );
    for (const token of [revoked.token, expired.token]) {
      await expectApiError(apiClient(token).auth.me.query(), "UNAUTHORIZED");
    }
    await expect(user.api.auth.me.query()).resolves.toMatchObject({ email: user.email });
  });

  it("another user's token id answers exactly like a missing one, and stays valid", async () => {
    const alice = await signUpUser("alice");
    const bob = await signUpUser("bob");
    const pat = await alice.api.tokens.create.mutate({ name: "alice pat", scopes: ["read"] });
    const foreign = await expectApiError(bob.api.tokens.revoke.mutate({ id: pat.id }), "NOT_FOUND");
    const missing = await expectApiError(
      bob.api.tokens.revoke.mutate({ id: "tok_doesnotexist" }),
      "NOT_FOUND",
    );
    expect(foreign.message.replace(pat.id, "ID")).toBe(missing.message.replace("tok_doesnotexist", "ID"));
    expect(foreign.data).toEqual(missing.data);
    await expect(apiClient(pat.token).auth.me.query()).resolves.toMatchObject({ email: alice.email });
    expect((await bob.api.tokens.list.query()).map((t) => t.id)).not.toContain(pat.id);
  });

  it("stores only the SHA-256 of a personal token", async () => {
    const user = await signUpUser();
    const pat = await user.api.tokens.create.mutate({ name: "hash only", scopes: ["read"] });
    const rows = await queryRows("SELECT * FROM api_tokens WHERE id = ?", pat.id);
    expect(JSON.stringify(rows)).not.toContain(pat.token);
    expect(JSON.stringify(rows)).not.toContain(pat.token.slice(5));
  });

  it("a personal token cannot mint or revoke tokens, even with every scope; it can end itself", async () => {
    const user = await signUpUser();
    const all = ["read", "runs:read", "secrets:write", "workflows:write"] as const;
    const pat = await user.api.tokens.create.mutate({ name: "everything", scopes: [...all] });
    const other = await user.api.tokens.create.mutate({ name: "other", scopes: ["read"] });
    const api = apiClient(pat.token);
    const minted = await expectApiError(
      api.tokens.create.mutate({ name: "child", scopes: ["read"] }),
      "FORBIDDEN",
    );
    expect(minted.message).toMatch(/^only a signed-in session can call tokens.create/);
    await expectApiError(api.tokens.revoke.mutate({ id: other.id }), "FORBIDDEN");
    expect((await user.api.tokens.list.query()).map((t) => t.name).sort()).toEqual([
      "everything",
      "other",
      "sign-up",
    ]);
    await api.auth.signOut.mutate();
    await expectApiError(api.auth.me.query(), "UNAUTHORIZED");
  });
});
