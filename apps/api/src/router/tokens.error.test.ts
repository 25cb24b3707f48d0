import { describe, expect, it } from "vitest";
import { expectApiError, signUpUser } from "../../test/api";

describe("tokens (errors)", () => {
  it("validates name and expiry", async () => {
    const user = await signUpUser();
    const noName = await expectApiError(
      user.api.tokens.create.mutate({ name: "  ", scopes: ["read"] }),
      "BAD_REQUEST",
    );
    expect(noName.message).toBe("name: give the token a name");
    const zeroDays = await expectApiError(
      user.api.tokens.create.mutate({ name: "x", scopes: ["read"], expiresInDays: 0 }),
      "BAD_REQUEST",
    );
    expect(zeroDays.message).toMatch(/^expiresInDays: /);
    const tooLong = await expectApiError(
      user.api.tokens.create.mutate({ name: "x", scopes: ["read"], expiresInDays: 366 }),
      "BAD_REQUEST",
    );
    expect(tooLong.message).toBe("expiresInDays: a token expires within 365 days");
  });

  it("requires at least one known scope", async () => {
    const user = await signUpUser();
    const none = await expectApiError(
      user.api.tokens.create.mutate({ name: "x", scopes: [] }),
      "BAD_REQUEST",
    );
    expect(none.message).toBe(
      "scopes: choose at least one scope: read, runs:read, secrets:write, workflows:write",
    );
    const unknown = await expectApiError(
      user.api.tokens.create.mutate({ name: "x", scopes: ["admin" as "read"] }),
      "BAD_REQUEST",
    );
    expect(unknown.message).toBe(
      "scopes[0]: a scope is one of read, runs:read, secrets:write, workflows:write",
    );
    const missing = await expectApiError(
      user.api.tokens.create.mutate({ name: "x" } as { name: string; scopes: ["read"] }),
      "BAD_REQUEST",
    );
    expect(missing.message).toMatch(/^scopes: /);
  });

  it("revoking an unknown or already revoked token is NOT_FOUND", async () => {
    const user = await signUpUser();
    const missing = await expectApiError(user.api.tokens.revoke.mutate({ id: "tok_missing" }), "NOT_FOUND");
    expect(missing.message).toBe('no token "tok_missing"');
    const created = await user.api.tokens.create.mutate({ name: "once", scopes: ["read"] });
    await user.api.tokens.revoke.mutate({ id: created.id });
    await expectApiError(user.api.tokens.revoke.mutate({ id: created.id }), "NOT_FOUND");
    // Only the call that revoked it is audited.
    const revokedEvents = (await user.api.audit.list.query({})).items.filter(
      (e) => e.action === "token.revoked",
    );
    expect(revokedEvents.map((e) => e.tokenId)).toEqual([created.id]);
  });
});
