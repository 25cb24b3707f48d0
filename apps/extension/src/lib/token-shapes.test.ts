import { describe, expect, it } from "vitest";
import { classifyToken, findTokens, suggestSecretName } from "./token-shapes";

const STRIPE = `sk_live_${"a1B2c3D4e5F6g7H8i9J0k1L2"}`;
const SLACK_HOOK = "https://hooks.slack.com/services/T000AAAA/B000BBBB/XXXXXXXXXXXXXXXXXXXXXXXX";
const GITHUB = `ghp_${"A".repeat(36)}`;
const PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";

describe("suggestSecretName", () => {
  it("names values by their format", () => {
    expect(suggestSecretName(STRIPE)).toBe("stripe_secret");
    expect(suggestSecretName(STRIPE.replace("live", "test"))).toBe("stripe_test_secret");
    expect(suggestSecretName(`rk_live_${"x".repeat(24)}`)).toBe("stripe_secret");
    expect(suggestSecretName(`xoxb-1234-5678-${"a".repeat(20)}`)).toBe("slack_bot_token");
    expect(suggestSecretName(`xoxp-1234-5678-${"a".repeat(20)}`)).toBe("slack_bot_token");
    expect(suggestSecretName(SLACK_HOOK)).toBe("slack_alerts");
    expect(suggestSecretName(GITHUB)).toBe("github_token");
    expect(suggestSecretName(`github_pat_${"B".repeat(40)}`)).toBe("github_token");
    expect(suggestSecretName(PEM)).toBe("private_key");
  });

  it("falls back to the site, then to a generic name", () => {
    expect(suggestSecretName("some-opaque-value-123", "app.mailgun.com")).toBe("mailgun_key");
    expect(suggestSecretName("some-opaque-value-123")).toBe("secret");
  });

  it("does not classify values that merely contain a token", () => {
    expect(classifyToken(`Bearer ${STRIPE}`)).toBeUndefined();
    expect(classifyToken(` ${STRIPE}\n`)?.kind).toBe("stripe-secret");
  });
});

describe("findTokens", () => {
  it("finds each distinct token once, in page order", () => {
    const text = `Your key: ${STRIPE}\nWebhook ${SLACK_HOOK} and again ${STRIPE}\n${PEM}\nsk_live_short`;
    expect(findTokens(text).map((t) => t.shape.kind)).toEqual([
      "stripe-secret",
      "slack-webhook",
      "private-key",
    ]);
    expect(findTokens(text)[0]?.value).toBe(STRIPE);
  });
});
