import { describe, expect, it } from "vitest";
import { expectApiError, signUpUser } from "../../test/api";

describe("secret versions and rollback (errors)", () => {
  it("refuses to roll back to the current version or to one that is not kept, naming the kept ones", async () => {
    const user = await signUpUser("rollback-errors");
    await user.api.secrets.create.mutate({ name: "token", value: "first-value-0123", versionsKept: 1 });
    await user.api.secrets.update.mutate({ name: "token", value: "second-value-0123" });
    await user.api.secrets.update.mutate({ name: "token", value: "third-value-0123" });

    const current = await expectApiError(
      user.api.secrets.rollback.mutate({ name: "token", version: 3 }),
      "BAD_REQUEST",
    );
    expect(current.message).toBe('version 3 of "token" is already current');
    const gone = await expectApiError(
      user.api.secrets.rollback.mutate({ name: "token", version: 1 }),
      "NOT_FOUND",
    );
    expect(gone.message).toContain("(kept: 3, 2)");
    expect(gone.message).toContain("secrets.update");
  });

  it("refuses a configure that changes nothing, and an expiry that is not a date", async () => {
    const user = await signUpUser("configure-errors");
    await user.api.secrets.create.mutate({ name: "token", value: "first-value-0123" });
    await expectApiError(user.api.secrets.configure.mutate({ name: "token" }), "BAD_REQUEST");
    await expectApiError(
      user.api.secrets.update.mutate({ name: "token", value: "x-value-0123456", expiresAt: "next week" }),
      "BAD_REQUEST",
    );
  });

  it("a liveness check must send this secret and nothing else, and must exist before it is asked for", async () => {
    const user = await signUpUser("liveness-errors");
    await user.api.secrets.create.mutate({ name: "token", value: "first-value-0123" });
    await user.api.secrets.create.mutate({ name: "other", value: "other-value-0123" });
    const asked = await expectApiError(
      user.api.secrets.checkLiveness.mutate({ name: "token" }),
      "PRECONDITION_FAILED",
    );
    expect(asked.message).toContain("secrets.setLivenessCheck");
    const check = (headers: Record<string, string>) =>
      user.api.secrets.setLivenessCheck.mutate({
        name: "token",
        check: { method: "GET", url: "https://api.example.test/v1/me", headers },
      });
    const foreign = await expectApiError(
      check({ Authorization: "Bearer {{secrets.token}}", "X-Other": "{{secrets.other}}" }),
      "BAD_REQUEST",
    );
    expect(foreign.message).toBe(
      'the liveness check of "token" may reference only {{secrets.token}}, not {{secrets.other}}',
    );
    const missing = await expectApiError(check({ Accept: "application/json" }), "BAD_REQUEST");
    expect(missing.message).toContain("must send {{secrets.token}}");
    const fromData = await expectApiError(
      user.api.secrets.setLivenessCheck.mutate({
        name: "token",
        check: { method: "GET", url: "https://{{trigger.host}}/v1?k={{secrets.token}}" },
      }),
      "BAD_REQUEST",
    );
    expect(fromData.message).toContain("liveness check");
  });
});
