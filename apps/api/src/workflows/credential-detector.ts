import { findHardCodedCredentials as findInSteps } from "@workflow-secrets/secret-rules";
import type { Step } from "@workflow-secrets/templating";

export interface DefinitionWarning {
  code: "hard-coded-credential";
  /** Which credential shape it looks like (`stripe-secret-key-live`, …), from @workflow-secrets/secret-rules. */
  kind: string;
  /** Where the value sits, e.g. `steps[1].headers.Authorization`. */
  path: string;
  stepId: string;
  message: string;
}

function withArticle(label: string): string {
  return `${/^[AEIOU]/i.test(label) ? "an" : "a"} ${label}`;
}

/**
 * Warnings for values in a definition that look like credentials typed in directly. The editor finds
 * them with the same package function; the API words them. They name the field and the kind of
 * credential, never the value itself.
 */
export function findHardCodedCredentials(steps: readonly Step[]): DefinitionWarning[] {
  return findInSteps(steps).map(({ path, stepId, stepType, shape }) => {
    const reference =
      stepType === "script" ? `secrets.${shape.suggestedName}` : `{{secrets.${shape.suggestedName}}}`;
    return {
      code: "hard-coded-credential",
      kind: shape.kind,
      path,
      stepId,
      message: `${path} looks like ${withArticle(shape.label)} (${shape.prefix}…) written into the workflow: save it as a secret and write ${reference} instead`,
    };
  });
}
