/**
 * What one run may store, shared by the runner (which cuts each field to its bound after masking)
 * and the API (which refuses at save a workflow whose runs could store more than a run may keep).
 *
 * Field bounds are in UTF-16 code units of the stored text (JSON for request, response, output): a unit
 * is at most 3 bytes of UTF-8, so one step row stays under 3 × 424 Ki units ≈ 1.3 MB, inside D1's 2 MB
 * row limit: a step's result cannot fail to store for its size.
 */
export const STORED_FIELD_LIMITS = {
  /** The request as the user wrote it (templates), with the Idempotency-Key added. */
  request: 64 * 1024,
  /** Status, headers and body (the body is cut to 64 KiB first). */
  response: 96 * 1024,
  /** What later steps read as `{{steps.<id>.…}}`. */
  output: 192 * 1024,
  /** Script console output (already capped at 64 KiB as it is captured). */
  console: 64 * 1024,
  error: 8 * 1024,
} as const;

type StepType = "http" | "slack" | "email" | "script";

const FIELDS_BY_TYPE: Record<StepType, readonly (keyof typeof STORED_FIELD_LIMITS)[]> = {
  http: ["request", "response", "output", "error"],
  slack: ["request", "response", "output", "error"],
  email: ["request", "response", "output", "error"],
  script: ["request", "output", "console", "error"],
};

/** The most one step of this type can store. */
export function stepStoredBound(type: StepType): number {
  return FIELDS_BY_TYPE[type].reduce((sum, field) => sum + STORED_FIELD_LIMITS[field], 0);
}

/** The most one run may store in its step rows: 16 Mi units (about 16 MiB of ASCII). */
export const MAX_RUN_STORED_CHARS = 16 * 1024 * 1024;

/**
 * The most a run of these steps can store, and whether that fits a run's bound. A workflow whose
 * every step filled its fields would exceed it is refused at save (45 HTTP steps fit, 46 do not).
 */
export function runStoredBound(steps: readonly { type: StepType }[]): { chars: number; fits: boolean } {
  const chars = steps.reduce((sum, step) => sum + stepStoredBound(step.type), 0);
  return { chars, fits: chars <= MAX_RUN_STORED_CHARS };
}
