import type { AuditEvent, SecretSummary } from "./api-types";

/**
 * Which workflow used each secret last, from the newest `secret.used` audit events; the name comes
 * from the secret's own usedBy list (audit events carry ids, not names).
 */
export function lastUsedBy(secrets: SecretSummary[], events: AuditEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const secret of secrets) for (const u of secret.usedBy) names.set(u.workflowId, u.workflowName);
  const result = new Map<string, string>();
  for (const event of events) {
    // Events arrive newest first: the first one seen per secret is its last use.
    if (event.action !== "secret.used" || !event.secretName || result.has(event.secretName)) continue;
    const workflowName = event.workflowId ? names.get(event.workflowId) : undefined;
    if (workflowName) result.set(event.secretName, workflowName);
  }
  return result;
}
