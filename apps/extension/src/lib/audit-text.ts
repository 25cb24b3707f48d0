import type { AuditEvent } from "./api-types";

type AuditAction = AuditEvent["action"];

/**
 * Every audit action in words. Keyed by the API's own type: an action added there is a type error here
 * until it is described.
 */
export const ACTION_TEXT = {
  "secret.created": "Secret saved",
  "secret.rotated": "Secret rotated",
  "secret.deleted": "Secret deleted",
  "secret.used": "Secret used by a run",
  "secret.resealed": "Secret re-sealed to a new key",
  "secret.refreshed": "Access token refreshed (OAuth2)",
  "secret.needs_reconnect": "Refresh refused, needs reconnecting (OAuth2)",
  "secret.connected": "Account connected (OAuth2)",
  "secret.rolled_back": "Secret rolled back",
  "secret.state_changed": "Secret state changed",
  "secret.configured": "Secret settings changed",
  "sign_in.succeeded": "Signed in",
  "sign_in.failed": "Failed sign-in (wrong password)",
  "token.created": "Token created",
  "token.revoked": "Token revoked",
  "workflow.created": "Workflow created",
  "workflow.updated": "Workflow saved",
  "workflow.deleted": "Workflow deleted",
  "workflow.enabled": "Workflow enabled",
  "workflow.disabled": "Workflow disabled",
  "webhook.rejected": "Webhook delivery rejected (signature or replay)",
} satisfies Record<AuditAction, string>;

type Described = Pick<
  AuditEvent,
  "action" | "secretName" | "workflowName" | "tokenName" | "definitionSha256"
>;

/** What the event is about: the secret, workflow or token by name, and a short definition hash. */
export function auditSubject(event: Described): string {
  if (event.secretName) return `secret ${event.secretName}`;
  if (event.tokenName) return `token "${event.tokenName}"`;
  if (event.workflowName) {
    const hash = event.definitionSha256 ? ` (definition sha256 ${event.definitionSha256.slice(0, 12)}…)` : "";
    return `workflow "${event.workflowName}"${hash}`;
  }
  return "";
}

/** Who did it, in words: the runner, an unknown party (failed sign-in), or a token by id. */
export function auditActor(actor: string, currentTokenId?: string): string {
  if (actor === "runner") return "the runner";
  if (actor === "anonymous") return "someone not signed in";
  if (currentTokenId && actor === `token:${currentTokenId}`) return "this browser";
  return actor.replace(/^token:/, "token ");
}

/** The event's detail in words: a rollback's versions or a state change (never a value). */
export function auditDetail(detail: unknown): string {
  if (!detail || typeof detail !== "object") return "";
  const d = detail as Record<string, unknown>;
  if (typeof d.version === "number" && typeof d.from === "number")
    return `v${d.from} is current again as v${d.version}`;
  if (typeof d.from === "string" && typeof d.to === "string") return `${d.from} → ${d.to}`;
  return "";
}
