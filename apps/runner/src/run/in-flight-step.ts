import type { Step } from "@workflow-secrets/templating";

/** Methods HTTP defines as idempotent: sending one twice has the effect of sending it once. */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE"]);

/**
 * Whether a step that may already have gone out (the runner died while it was in flight, or its
 * result could not be stored) may be sent again. A script has no effect outside the run. An HTTP step
 * may repeat when its method is idempotent or it carries an Idempotency-Key (ours,
 * `<runId>:<stepId>`, the same on every send, or one the user set), so the service can drop the
 * duplicate. A Slack message or an email cannot be taken back and has no key: it is never repeated.
 */
export function mayRepeat(step: Step): boolean {
  switch (step.type) {
    case "script":
      return true;
    case "http": {
      if (IDEMPOTENT_METHODS.has(step.method)) return true;
      if (step.idempotencyKey !== false) return true;
      return Object.keys(step.headers ?? {}).some((name) => name.toLowerCase() === "idempotency-key");
    }
    case "slack":
    case "email":
      return false;
  }
}

/** The run's error when an in-flight step that may not repeat was found after a crash. */
export function notRepeatedMessage(step: Step): string {
  return `step "${step.id}": the runner stopped while this step was in flight, and it was not sent again because it may already have been delivered and a repeat cannot be recognised (${describeKind(step)}); check the destination, then run the workflow again if it did not arrive`;
}

function describeKind(step: Step): string {
  if (step.type === "http") return `${step.method} without an Idempotency-Key`;
  return step.type === "slack" ? "a Slack message" : "an email";
}
