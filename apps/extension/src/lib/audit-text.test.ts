import { describe, expect, it } from "vitest";
import { ACTION_TEXT, auditActor, auditDetail, auditSubject } from "./audit-text";

const none = { secretName: null, workflowName: null, tokenName: null, definitionSha256: null };

describe("audit text", () => {
  it("words every action", () => {
    expect(Object.keys(ACTION_TEXT)).toHaveLength(21);
    for (const text of Object.values(ACTION_TEXT)) expect(text).toMatch(/^[A-Z][a-z-]+ /);
  });

  it("words a rollback's versions and a state change, and nothing else", () => {
    expect(auditDetail({ version: 6, from: 2 })).toBe("v2 is current again as v6");
    expect(auditDetail({ from: "ok", to: "failing" })).toBe("ok → failing");
    expect(auditDetail(null)).toBe("");
    expect(auditDetail({ versionsKept: 3 })).toBe("");
  });

  it("names the subject: secret, token, or workflow with a short definition hash", () => {
    expect(auditSubject({ ...none, action: "secret.used", secretName: "stripe_key" })).toBe(
      "secret stripe_key",
    );
    expect(auditSubject({ ...none, action: "token.created", tokenName: "ci" })).toBe('token "ci"');
    expect(
      auditSubject({
        ...none,
        action: "workflow.updated",
        workflowName: "Billing",
        definitionSha256: "ab".repeat(32),
      }),
    ).toBe('workflow "Billing" (definition sha256 abababababab…)');
    expect(auditSubject({ ...none, action: "workflow.enabled", workflowName: "Billing" })).toBe(
      'workflow "Billing"',
    );
    expect(auditSubject({ ...none, action: "sign_in.failed" })).toBe("");
  });

  it("words the actor", () => {
    expect(auditActor("runner")).toBe("the runner");
    expect(auditActor("anonymous")).toBe("someone not signed in");
    expect(auditActor("token:tok_1", "tok_1")).toBe("this browser");
    expect(auditActor("token:tok_2", "tok_1")).toBe("token tok_2");
  });
});
