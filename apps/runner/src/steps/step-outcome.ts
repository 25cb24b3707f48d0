import type { Masker } from "@workflow-secrets/templating";

/**
 * What a step kind reports back. Values here are NOT masked yet: the run loop passes the whole
 * record through the run's masker (persist-step.ts) before anything is stored, logged or handed
 * to a later step.
 */
export type StepOutcome = {
  status: "succeeded" | "failed";
  /** What came back: `{ status, headers, body }` for HTTP-like steps. */
  response?: unknown;
  /** Available to later steps as `{{steps.<id>.…}}`. */
  output?: unknown;
  console?: string;
  error?: string;
  attempts: number;
};

export type StepContext = {
  runId: string;
  stepId: string;
  /** The run's masker, for steps that must mask while they work (script console capture, error excerpts). */
  masker: Masker;
  /** The deployment's egress setting (egress/egress-policy.ts): false refuses non-public hosts. */
  allowPrivateNetwork: boolean;
};

/**
 * A text cut at a read limit, minus the tail where a partial secret could sit: the masker's widest
 * form of an opened secret, so the cut cannot leave the first part of a secret behind where the
 * masker (which matches whole forms) would not see it.
 */
export function guardCut(text: string, truncated: boolean, masker: Masker): string {
  return truncated ? text.slice(0, Math.max(0, text.length - masker.maxEncodedLength)) : text;
}

export const failed = (error: string, extra: Partial<StepOutcome> = {}): StepOutcome => ({
  status: "failed",
  error,
  attempts: 1,
  ...extra,
});

/** Network and runtime errors, as one line for the run log (masked later like everything else). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "timed out";
    return error.message ? `${error.name}: ${error.message}` : error.name;
  }
  return String(error);
}
