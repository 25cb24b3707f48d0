import { SECRET_NAME_PATTERN as CONTRACT_PATTERN } from "@workflow-secrets/templating";
import { describe, expect, it } from "vitest";
import { checkSecretName, SECRET_NAME_PATTERN, secretReference, toSecretName } from "./secret-name";

describe("checkSecretName", () => {
  it("mirrors the contract's name rule exactly", () => {
    expect(SECRET_NAME_PATTERN.source).toBe(CONTRACT_PATTERN.source);
    expect(SECRET_NAME_PATTERN.flags).toBe(CONTRACT_PATTERN.flags);
  });

  it("accepts valid names and rejects the rest with a next step", () => {
    expect(checkSecretName("stripe_secret", [])).toEqual({ ok: true });
    expect(checkSecretName("_x", [])).toEqual({ ok: true });
    expect(checkSecretName("", [])).toMatchObject({ ok: false, reason: "empty" });
    for (const bad of ["1abc", "has-dash", "has space", "a".repeat(65), "émoji"]) {
      expect(checkSecretName(bad, [])).toMatchObject({ ok: false, reason: "invalid" });
    }
  });

  it("offers rotation when the name is taken", () => {
    const check = checkSecretName("slack_alerts", ["github_token", "slack_alerts"]);
    expect(check).toMatchObject({ ok: false, reason: "exists" });
    expect(check.ok ? "" : check.message).toContain("rotate instead?");
  });
});

describe("toSecretName / secretReference", () => {
  it("turns free text into a valid name", () => {
    expect(toSecretName("Stripe live key!")).toBe("stripe_live_key");
    expect(toSecretName("2fa code")).toBe("_2fa_code");
    expect(toSecretName("---")).toBe("secret");
    expect(CONTRACT_PATTERN.test(toSecretName("x".repeat(100)))).toBe(true);
  });

  it("writes the template a workflow uses", () => {
    expect(secretReference("stripe_secret")).toBe("{{secrets.stripe_secret}}");
  });
});
