import { describe, expect, it } from "vitest";
import { checkSecretName } from "./secret-name";

describe("checkSecretName", () => {
  it("applies the name rule, with what to do", () => {
    expect(checkSecretName("stripe_secret", [])).toEqual({ ok: true });
    expect(checkSecretName("", [])).toMatchObject({ ok: false, reason: "empty" });
    expect(checkSecretName("bad name", [])).toMatchObject({
      ok: false,
      reason: "invalid",
      message: expect.stringMatching(/^Use letters, digits and _ only/),
    });
    expect(checkSecretName("a".repeat(65), [])).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("offers rotation when the name is taken", () => {
    const check = checkSecretName("slack_alerts", ["github_token", "slack_alerts"]);
    expect(check).toMatchObject({ ok: false, reason: "exists" });
    expect(check.ok ? "" : check.message).toContain("rotate instead?");
  });
});
