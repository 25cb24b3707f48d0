import { type CredentialShape, findCredentials } from "./credential-shapes";

/** A credential typed straight into a workflow definition, located without quoting it. */
export interface HardCodedCredential {
  /** Where the value sits, as the API reports it: `steps[1].headers.Authorization`. */
  path: string;
  /** The same place as keys and indexes from the definition's root: `["steps", 1, "headers", "Authorization"]`. */
  segments: (string | number)[];
  stepIndex: number;
  stepId: string;
  /** The step's type: a script step uses a secret as `secrets.NAME`, other steps as `{{secrets.NAME}}`. */
  stepType: string;
  shape: CredentialShape;
}

// Text inside `{{ … }}` is a reference, not a value: `{{secrets.sk_live_key}}` must not warn.
const TEMPLATE = /\{\{[^}]*\}\}/g;

function* stringLeaves(
  value: unknown,
  segments: (string | number)[],
): Generator<[(string | number)[], string]> {
  if (typeof value === "string") yield [segments, value];
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* stringLeaves(item, [...segments, i]);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) yield* stringLeaves(item, [...segments, key]);
  }
}

function pathText(segments: readonly (string | number)[]): string {
  return segments.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

/**
 * Values in a definition's steps that look like credentials written in directly, one per field (the
 * first one in it). Takes the parsed JSON as it is, valid or not, so the editor can warn while the
 * user types and the API when it saves: both call this, so both find the same things.
 */
export function findHardCodedCredentials(steps: unknown): HardCodedCredential[] {
  if (!Array.isArray(steps)) return [];
  const found: HardCodedCredential[] = [];
  for (const [stepIndex, step] of steps.entries()) {
    if (!step || typeof step !== "object" || Array.isArray(step)) continue;
    const { id, type, ...fields } = step as Record<string, unknown>;
    for (const [segments, text] of stringLeaves(fields, ["steps", stepIndex])) {
      const [first] = findCredentials(text.replace(TEMPLATE, " "));
      if (!first) continue;
      found.push({
        path: pathText(segments),
        segments,
        stepIndex,
        stepId: typeof id === "string" ? id : "",
        stepType: typeof type === "string" ? type : "",
        shape: first.shape,
      });
    }
  }
  return found;
}
