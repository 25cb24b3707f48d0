import { describe, expect, it } from "vitest";
import {
  CREDENTIAL_SHAPES,
  classifyCredential,
  findCredentials,
  suggestSecretName,
} from "./credential-shapes";
import { SECRET_NAME_PATTERN } from "./name";

const base62 = (n: number, seed = "a1B2c3D4e5F6g7H8i9J0") =>
  seed.repeat(Math.ceil(n / seed.length)).slice(0, n);

/** One realistic value per shape, and the kind it must be classified as. */
const EXAMPLES: [kind: string, value: string][] = [
  ["stripe-secret-key-live", `sk_live_${base62(24)}`],
  ["stripe-secret-key-live", `sk_live_${base62(99)}`],
  ["stripe-secret-key-test", `sk_test_${base62(24)}`],
  ["stripe-restricted-key-live", `rk_live_${base62(24)}`],
  ["stripe-restricted-key-test", `rk_test_${base62(24)}`],
  ["slack-bot-token", `xoxb-1234567890-1234567890-${base62(24)}`],
  ["slack-user-token", `xoxp-1234567890-1234567890-1234567890-${base62(32)}`],
  ["slack-webhook-url", `https://hooks.slack.com/services/T000AAAA/B000BBBB/${base62(24)}`],
  ["github-personal-access-token", `ghp_${base62(36)}`],
  ["github-fine-grained-token", `github_pat_${base62(22)}_${base62(59)}`],
  ["aws-access-key-id", "AKIAIOSFODNN7EXAMPLE"],
  ["google-api-key", `AIza${base62(35)}`],
  [
    "jwt",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
  ],
  ["pem-private-key", `-----BEGIN PRIVATE KEY-----\n${base62(64)}\n${base62(40)}\n-----END PRIVATE KEY-----`],
  ["pem-private-key", `-----BEGIN RSA PRIVATE KEY-----\n${base62(64)}\n-----END RSA PRIVATE KEY-----`],
];

describe("CREDENTIAL_SHAPES", () => {
  it("has one entry per kind, each with a label, a prefix, a valid suggested name and a pattern", () => {
    expect(new Set(CREDENTIAL_SHAPES.map((s) => s.kind)).size).toBe(CREDENTIAL_SHAPES.length);
    for (const shape of CREDENTIAL_SHAPES) {
      expect(shape.label.length, shape.kind).toBeGreaterThan(0);
      expect(SECRET_NAME_PATTERN.test(shape.suggestedName), shape.kind).toBe(true);
      expect(() => new RegExp(shape.pattern, "g"), shape.kind).not.toThrow();
    }
  });

  it("has an example here for every shape", () => {
    expect(new Set(EXAMPLES.map(([kind]) => kind))).toEqual(new Set(CREDENTIAL_SHAPES.map((s) => s.kind)));
  });

  it("shows a prefix each example really starts with", () => {
    for (const [kind, value] of EXAMPLES) {
      const shape = CREDENTIAL_SHAPES.find((s) => s.kind === kind);
      expect(value.startsWith(shape?.prefix ?? "?"), kind).toBe(true);
    }
  });
});

describe("classifyCredential (anchored)", () => {
  it("recognises a whole value of each shape", () => {
    for (const [kind, value] of EXAMPLES) expect(classifyCredential(value)?.kind, value).toBe(kind);
  });

  it("ignores surrounding whitespace but not surrounding text", () => {
    const stripe = `sk_live_${base62(24)}`;
    expect(classifyCredential(` ${stripe}\n`)?.kind).toBe("stripe-secret-key-live");
    expect(classifyCredential(`Bearer ${stripe}`)).toBeUndefined();
    expect(classifyCredential(`${stripe} and more`)).toBeUndefined();
  });

  it("uses the real GitHub lengths: ghp_ + 36, github_pat_ + 22 + _ + 59", () => {
    expect(classifyCredential(`ghp_${base62(20)}`)).toBeUndefined();
    expect(classifyCredential(`ghp_${base62(35)}`)).toBeUndefined();
    expect(classifyCredential(`ghp_${base62(37)}`)).toBeUndefined();
    expect(classifyCredential(`github_pat_${"B".repeat(40)}`)).toBeUndefined();
    expect(classifyCredential(`github_pat_${base62(22)}_${base62(58)}`)).toBeUndefined();
  });

  it("refuses near misses", () => {
    for (const value of [
      "sk_live_short",
      "sk_live_",
      "xoxb-short",
      "AKIAIOSFODNN7EXAMPL",
      "AKIAIOSFODNN7EXAMPLEX",
      "akiaiosfodnn7example",
      "https://hooks.slack.com/services/",
      "-----BEGIN PRIVATE KEY-----",
      "eyJhbGciOi.eyJzdWIiOi.x",
      "some-opaque-value-123",
    ]) {
      expect(classifyCredential(value), value).toBeUndefined();
    }
  });
});

describe("findCredentials (unanchored)", () => {
  const stripe = `sk_live_${base62(24)}`;
  const hook = `https://hooks.slack.com/services/T000AAAA/B000BBBB/${base62(24)}`;
  const pem = `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----`;

  it("finds each distinct credential once, in order of appearance", () => {
    const text = `Webhook ${hook}\nYour key: ${stripe} and again ${stripe}\n${pem}\nsk_live_short`;
    const found = findCredentials(text);
    expect(found.map((f) => f.shape.kind)).toEqual([
      "slack-webhook-url",
      "stripe-secret-key-live",
      "pem-private-key",
    ]);
    expect(found.map((f) => f.value)).toEqual([hook, stripe, pem]);
    expect(found[1]?.index).toBe(text.indexOf(stripe));
  });

  it("finds credentials inside code, headers, URLs and JSON", () => {
    const github = `ghp_${base62(36)}`;
    expect(findCredentials(`const token = "${github}";`).map((f) => f.value)).toEqual([github]);
    expect(findCredentials(`Authorization: Bearer ${stripe}`).map((f) => f.value)).toEqual([stripe]);
    expect(findCredentials(`https://api.example.test/?key=${stripe}&x=1`).map((f) => f.value)).toEqual([
      stripe,
    ]);
    expect(findCredentials(JSON.stringify({ aws: "AKIAIOSFODNN7EXAMPLE" })).map((f) => f.value)).toEqual([
      "AKIAIOSFODNN7EXAMPLE",
    ]);
    expect(findCredentials("hooks.slack.com/services/T1/B2/abc").map((f) => f.shape.kind)).toEqual([
      "slack-webhook-url",
    ]);
  });

  it("does not find a token glued to other word characters", () => {
    expect(findCredentials(`x${stripe}`)).toEqual([]);
    expect(findCredentials(`ghp_${base62(40)}`)).toEqual([]);
    expect(findCredentials("XAKIAIOSFODNN7EXAMPLE")).toEqual([]);
  });

  it("finds every example inside surrounding text", () => {
    for (const [kind, value] of EXAMPLES) {
      expect(
        findCredentials(`before ${value} after`).map((f) => [f.shape.kind, f.value]),
        kind,
      ).toEqual([[kind, value]]);
    }
  });
});

describe("suggestSecretName", () => {
  it("names a value by its shape", () => {
    expect(suggestSecretName(`sk_live_${base62(24)}`)).toBe("stripe_secret");
    expect(suggestSecretName(`sk_test_${base62(24)}`)).toBe("stripe_test_secret");
    expect(suggestSecretName(`rk_live_${base62(24)}`)).toBe("stripe_restricted_key");
    expect(suggestSecretName(`xoxb-1234-5678-${"a".repeat(20)}`)).toBe("slack_bot_token");
    expect(suggestSecretName(`xoxp-1234-5678-${"a".repeat(20)}`)).toBe("slack_user_token");
    expect(suggestSecretName(`https://hooks.slack.com/services/T1/B2/${base62(24)}`)).toBe("slack_alerts");
    expect(suggestSecretName(`ghp_${base62(36)}`)).toBe("github_token");
    expect(suggestSecretName(`github_pat_${base62(22)}_${base62(59)}`)).toBe("github_token");
    expect(suggestSecretName("AKIAIOSFODNN7EXAMPLE")).toBe("aws_access_key_id");
  });

  it("the shape wins over the site it was captured on", () => {
    expect(suggestSecretName(`sk_live_${base62(24)}`, "dashboard.stripe.com")).toBe("stripe_secret");
  });

  it("falls back to the site, then to a generic name", () => {
    expect(suggestSecretName("some-opaque-value-123", "app.mailgun.com")).toBe("mailgun_key");
    expect(suggestSecretName("some-opaque-value-123", "www.sendgrid.com")).toBe("sendgrid_key");
    expect(suggestSecretName("some-opaque-value-123", "127.0.0.1")).toBe("secret");
    expect(suggestSecretName("some-opaque-value-123", "localhost")).toBe("secret");
    expect(suggestSecretName("some-opaque-value-123")).toBe("secret");
  });
});
