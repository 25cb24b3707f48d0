import type { HttpStep, Step } from "../definition";

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

/**
 * The headers an HTTP step sends: its own, plus `Idempotency-Key: <key>` unless the step turned it
 * off (`idempotencyKey: false`) or sets that header itself (any case). Used for both the rendered
 * headers that go out and the template form that is stored, so the two always agree.
 */
export function withIdempotencyKey(
  step: HttpStep,
  headers: Record<string, string>,
  key: string,
): Record<string, string> {
  if (step.idempotencyKey === false) return headers;
  const named = Object.keys(headers).some((name) => name.toLowerCase() === "idempotency-key");
  return named ? headers : { ...headers, [IDEMPOTENCY_KEY_HEADER]: key };
}

/**
 * The request as the run log stores it: the step exactly as the user wrote it (templates, never
 * values) without its `id` and `type`, plus the Idempotency-Key an HTTP step adds, so the log shows
 * every header that went out. Computed without rendering, so it can be stored before the step fires
 * (and when rendering fails). Pass it through the masker like everything stored: a user may have
 * pasted a literal secret into a template.
 */
export function requestTemplate(step: Step, options: { idempotencyKey: string }): Record<string, unknown> {
  const { id: _id, type: _type, ...template } = step;
  if (step.type !== "http" || (!step.headers && step.idempotencyKey === false)) return template;
  return { ...template, headers: withIdempotencyKey(step, { ...step.headers }, options.idempotencyKey) };
}
