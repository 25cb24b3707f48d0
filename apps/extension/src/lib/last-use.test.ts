import { describe, expect, it } from "vitest";
import type { AuditEvent, SecretSummary } from "./api-types";
import { lastUsedBy } from "./last-use";

const secret = (name: string, usedBy: [string, string][]): SecretSummary => ({
  name,
  type: "text",
  destinations: ["https://api.example.com"],
  scripts: false,
  unrestricted: false,
  fields: {},
  needsReconnect: false,
  preview: "••••••••••••••••",
  version: 1,
  createdAt: "2026-11-28T00:00:00Z",
  updatedAt: "2026-11-28T00:00:00Z",
  lastUsedAt: "2026-11-28T10:00:00Z",
  expiresAt: null,
  state: "ok",
  versionsKept: 5,
  expiryWarningDays: 14,
  liveness: null,
  usedBy: usedBy.map(([workflowId, workflowName]) => ({ workflowId, workflowName })),
});
const event = (action: AuditEvent["action"], secretName: string, workflowId: string | null): AuditEvent => ({
  id: `aud_${Math.random()}`,
  action,
  secretName,
  actor: "runner",
  workflowId,
  workflowName: null,
  definitionSha256: null,
  runId: null,
  tokenId: null,
  tokenName: null,
  createdAt: "2026-11-28T10:00:00Z",
});

describe("lastUsedBy", () => {
  it("takes the newest use per secret and names its workflow", () => {
    const secrets = [
      secret("stripe_secret", [
        ["wf_1", "Charge"],
        ["wf_2", "Refund"],
      ]),
      secret("slack", []),
    ];
    const events = [
      event("secret.rotated", "stripe_secret", null),
      event("secret.used", "stripe_secret", "wf_2"),
      event("secret.used", "stripe_secret", "wf_1"),
      event("secret.used", "slack", "wf_gone"),
    ];
    expect([...lastUsedBy(secrets, events)]).toEqual([["stripe_secret", "Refund"]]);
  });
});
