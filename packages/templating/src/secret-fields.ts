import { fieldReferenceProblem } from "@workflow-secrets/secret-rules";
import { TemplateError } from "./errors";
import type { Reference } from "./references";

/**
 * Template references that do not fit their secret's type: a field the type lacks, a field of a
 * text secret, or a typed secret referenced as a whole. Secrets not in `types` (missing ones) are
 * reported elsewhere. Script code gets a typed secret as an object of its fields, so `secrets.NAME`
 * in code is never a problem here.
 */
export function secretFieldProblems(references: readonly Reference[], types: ReadonlyMap<string, string>) {
  const problems: { stepId: string; field: string; path: string; error: Error }[] = [];
  for (const ref of references) {
    if (ref.root !== "secrets" || ref.field === "code") continue;
    const type = types.get(ref.name);
    if (type === undefined) continue;
    const problem = fieldReferenceProblem(ref.name, type, ref.secretField);
    if (!problem) continue;
    const message = `step "${ref.stepId}" (${ref.field}): ${ref.template} does not fit: ${problem}`;
    problems.push({
      stepId: ref.stepId,
      field: ref.field,
      path: ref.path,
      error: new TemplateError(message),
    });
  }
  return problems;
}
