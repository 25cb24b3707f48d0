import type { Step } from "@workflow-secrets/templating";
import { idempotencyKeyOf } from "../steps/http";

/**
 * The request as stored in the run log: the step exactly as the user wrote it (templates, never
 * values), plus the Idempotency-Key an HTTP step adds, so the log shows every header that went out.
 */
export function requestTemplate(step: Step, runId: string): Record<string, unknown> {
  const { id: _id, type: _type, ...template } = step;
  if (step.type !== "http" || step.idempotencyKey === false) return template;
  const headers = { ...step.headers };
  if (!Object.keys(headers).some((name) => name.toLowerCase() === "idempotency-key")) {
    headers["Idempotency-Key"] = idempotencyKeyOf({ runId, stepId: step.id });
  }
  return { ...template, headers };
}
