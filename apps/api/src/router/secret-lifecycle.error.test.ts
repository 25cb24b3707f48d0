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
});
