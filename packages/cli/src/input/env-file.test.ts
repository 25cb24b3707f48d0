import { describe, expect, it } from "vitest";
import { normaliseSecretName, parseEnvFile } from "./env-file";

describe("parseEnvFile", () => {
  it("reads comments, export, quotes, empty values and CRLF the way dotenv does", () => {
    const text = [
      "# payments",
      "",
      "export STRIPE_SECRET=sk_test_abc",
      "SLACK_URL='https://hooks.example/T/B/x#y'",
      'SMTP_PASSWORD="p@ss \\"quoted\\" # not a comment"',
      "EMPTY=",
      "EMPTY_QUOTED=''",
      "PLAIN = spaced value # trailing comment",
      "not a line",
      'MULTI="line one',
      'line two"',
    ].join("\r\n");
    const { entries, skipped } = parseEnvFile(text);
    expect(entries.map(({ name, value }) => [name, value])).toEqual([
      ["stripe_secret", "sk_test_abc"],
      ["slack_url", "https://hooks.example/T/B/x#y"],
      ["smtp_password", 'p@ss "quoted" # not a comment'],
      ["plain", "spaced value"],
      ["multi", "line one\nline two"],
    ]);
    expect(skipped).toEqual([
      { line: 6, reason: "EMPTY is empty" },
      { line: 7, reason: "EMPTY_QUOTED is empty" },
      { line: 9, reason: "not KEY=value" },
    ]);
  });

  it("keeps the last value of a key given twice, and never quotes a broken line", () => {
    const { entries, skipped } = parseEnvFile("A=1\nA=2\nB='unterminated secret-value\n");
    expect(entries).toEqual([{ key: "A", name: "a", value: "2", line: 2 }]);
    expect(JSON.stringify(skipped)).not.toContain("secret-value");
  });

  it("turns keys into secret names", () => {
    expect(normaliseSecretName("SLACK.webhook-URL")).toBe("slack_webhook_url");
    expect(normaliseSecretName("x".repeat(80))).toHaveLength(64);
  });
});
