import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { API_URL, apiClient, expectApiError, signUpUser } from "../../test/api";
import { execute, queryRows } from "../../test/db-dump";

/** One call per protected procedure, with harmless inputs (thunks: each runs when awaited). */
function everyProtectedCall(api: ReturnType<typeof apiClient>): (() => Promise<unknown>)[] {
  return [
    () => api.auth.me.query(),
    () => api.auth.signOut.mutate(),
    () => api.tokens.list.query(),
    () => api.tokens.create.mutate({ name: "x" }),
    () => api.tokens.revoke.mutate({ id: "tok_x" }),
    () => api.secrets.list.query(),
    () => api.secrets.create.mutate({ name: "x", value: "value-12345678" }),
    () => api.secrets.update.mutate({ name: "x", value: "value-12345678" }),
    () => api.secrets.delete.mutate({ name: "x" }),
    () => api.workflows.list.query(),
    () => api.workflows.get.query({ id: "wf_x" }),
    () => api.workflows.delete.mutate({ id: "wf_x" }),
    () => api.workflows.run.mutate({ id: "wf_x" }),
    () => api.workflows.setEnabled.mutate({ id: "wf_x", enabled: false }),
    () => api.runs.list.query({}),
    () => api.runs.get.query({ id: "run_x" }),
    () => api.audit.list.query({}),
  ];
}

describe("tokens (security)", () => {
  it("no token, a malformed header and an unknown token are UNAUTHORIZED on every protected procedure", async () => {
    for (const api of [apiClient(), apiClient("wfss_not-a-real-token"), apiClient("x".repeat(600))]) {
      for (const call of everyProtectedCall(api)) await expectApiError(call(), "UNAUTHORIZED");
    }
    const basic = await SELF.fetch(`${API_URL}/trpc/auth.me`, {
      headers: { Authorization: "Basic dXNlcjpwYXNz" },
    });
    expect(basic.status).toBe(401);
  });

  it("a revoked or expired token is UNAUTHORIZED everywhere", async () => {
    const user = await signUpUser();
    const revoked = await user.api.tokens.create.mutate({ name: "revoked" });
    await user.api.tokens.revoke.mutate({ id: revoked.id });
    const expired = await user.api.tokens.create.mutate({ name: "expired", expiresInDays: 1 });
    await execute(
      "UPDATE api_tokens SET expires_at = ? WHERE id = ?",
      new Date(Date.now() - 1000).toISOString(),
      expired.id,
    );
    for (const token of [revoked.token, expired.token]) {
      for (const call of everyProtectedCall(apiClient(token))) await expectApiError(call(), "UNAUTHORIZED");
    }
  });

  it("another user's token id answers exactly like a missing one, and stays valid", async () => {
    const alice = await signUpUser("alice");
    const bob = await signUpUser("bob");
    const pat = await alice.api.tokens.create.mutate({ name: "alice pat" });
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
    const pat = await user.api.tokens.create.mutate({ name: "hash only" });
    const rows = await queryRows("SELECT * FROM api_tokens WHERE id = ?", pat.id);
    expect(JSON.stringify(rows)).not.toContain(pat.token);
    expect(JSON.stringify(rows)).not.toContain(pat.token.slice(5));
  });
});
