import { describe, expect, it } from "vitest";
import { apiClient, expectApiError, signUpUser } from "../../test/api";

describe("settings errors", () => {
  it("refuses retention outside the allowed range, naming the bound", async () => {
    const user = await signUpUser("settings-bounds");
    const tooShort = await expectApiError(
      user.api.settings.update.mutate({ runRetentionDays: 0 }),
      "BAD_REQUEST",
    );
    expect(tooShort.message).toContain("runRetentionDays must be at least 1 days");
    const auditShort = await expectApiError(
      user.api.settings.update.mutate({ auditRetentionDays: 7 }),
      "BAD_REQUEST",
    );
    expect(auditShort.message).toContain("auditRetentionDays must be at least 30 days");
    await expectApiError(user.api.settings.update.mutate({ runRetentionDays: 366 }), "BAD_REQUEST");
    expect(await user.api.settings.get.query()).toEqual({ runRetentionDays: 30, auditRetentionDays: 365 });
  });

  it("a personal token with every scope can read the settings but not shorten the history", async () => {
    const user = await signUpUser("settings-token");
    const { token } = await user.api.tokens.create.mutate({
      name: "all scopes",
      scopes: ["read", "runs:read", "secrets:write", "workflows:write"],
    });
    const pat = apiClient(token);
    expect(await pat.settings.get.query()).toEqual({ runRetentionDays: 30, auditRetentionDays: 365 });
    const error = await expectApiError(pat.settings.update.mutate({ auditRetentionDays: 30 }), "FORBIDDEN");
    expect(error.message).toContain("only a signed-in session can call settings.update");
  });
});
