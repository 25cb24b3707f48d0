import { describe, expect, it } from "vitest";
import { expectApiError, signUpUser } from "../../test/api";

describe("tokens (errors)", () => {
  it("validates name and expiry", async () => {
    const user = await signUpUser();
    const noName = await expectApiError(user.api.tokens.create.mutate({ name: "  " }), "BAD_REQUEST");
    expect(noName.message).toBe("name: give the token a name");
    const zeroDays = await expectApiError(
      user.api.tokens.create.mutate({ name: "x", expiresInDays: 0 }),
      "BAD_REQUEST",
    );
    expect(zeroDays.message).toMatch(/^expiresInDays: /);
  });

  it("revoking an unknown or already revoked token is NOT_FOUND", async () => {
    const user = await signUpUser();
    const missing = await expectApiError(user.api.tokens.revoke.mutate({ id: "tok_missing" }), "NOT_FOUND");
    expect(missing.message).toBe('no token "tok_missing"');
    const created = await user.api.tokens.create.mutate({ name: "once" });
    await user.api.tokens.revoke.mutate({ id: created.id });
    await expectApiError(user.api.tokens.revoke.mutate({ id: created.id }), "NOT_FOUND");
  });
});
