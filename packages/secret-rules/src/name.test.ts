import { describe, expect, it } from "vitest";
import {
  SECRET_NAME_PATTERN,
  SECRET_NAME_SOURCE,
  secretReference,
  toSecretName,
  validateSecretName,
} from "./name";

describe("SECRET_NAME_PATTERN", () => {
  it("is the contract's rule: a letter or _, then letters, digits or _, 64 at most", () => {
    expect(SECRET_NAME_PATTERN.source).toBe("^[A-Za-z_][A-Za-z0-9_]{0,63}$");
    for (const good of ["stripe_secret", "_x", "A", "a".repeat(64), "_1"]) {
      expect(SECRET_NAME_PATTERN.test(good), good).toBe(true);
    }
    for (const bad of ["", "1abc", "has-dash", "has space", "a".repeat(65), "émoji", "a.b", "a\n"]) {
      expect(SECRET_NAME_PATTERN.test(bad), bad).toBe(false);
    }
  });

  it("has an unanchored source for finding names inside templates", () => {
    const inTemplate = new RegExp(`\\{\\{secrets\\.(${SECRET_NAME_SOURCE})\\}\\}`);
    expect(inTemplate.exec("x {{secrets.slack_alerts}} y")?.[1]).toBe("slack_alerts");
  });
});

describe("validateSecretName", () => {
  it("accepts valid names", () => {
    expect(validateSecretName("stripe_secret")).toEqual({ ok: true });
    expect(validateSecretName("_x")).toEqual({ ok: true });
  });

  it("says what is wrong and what to do", () => {
    expect(validateSecretName("")).toMatchObject({
      ok: false,
      problem: "empty",
      message: "Give the secret a name.",
    });
    expect(validateSecretName("a".repeat(65))).toMatchObject({
      ok: false,
      problem: "too-long",
      message: expect.stringContaining("64 characters or fewer"),
    });
    expect(validateSecretName("1abc")).toMatchObject({
      ok: false,
      problem: "starts-with-digit",
      message: expect.stringMatching(/^Start the name with a letter or _/),
    });
    for (const bad of ["has-dash", "has space", "émoji"]) {
      expect(validateSecretName(bad)).toMatchObject({
        ok: false,
        problem: "invalid-character",
        message: expect.stringMatching(/^Use letters, digits and _ only/),
      });
    }
  });
});

describe("toSecretName", () => {
  it("turns free text and captured labels into a valid name", () => {
    expect(toSecretName("Stripe live key!")).toBe("stripe_live_key");
    expect(toSecretName("Webhook token")).toBe("webhook_token");
    expect(toSecretName("Clé API")).toBe("cle_api");
    expect(toSecretName("2fa code")).toBe("_2fa_code");
    expect(toSecretName("---")).toBe("secret");
    expect(toSecretName("")).toBe("secret");
  });

  it("always returns a name the rule accepts", () => {
    for (const text of [
      "x".repeat(100),
      `${"a".repeat(63)} b`,
      "9".repeat(80),
      "  ÄÖÜ  ",
      "🔑 key",
      "a__b",
    ]) {
      expect(SECRET_NAME_PATTERN.test(toSecretName(text)), text).toBe(true);
    }
  });
});

describe("secretReference", () => {
  it("writes the template a workflow uses", () => {
    expect(secretReference("stripe_secret")).toBe("{{secrets.stripe_secret}}");
  });
});
