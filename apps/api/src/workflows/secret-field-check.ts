import { checkDefinition, type WorkflowDefinition } from "@workflow-secrets/templating";
import { apiError } from "../errors";
import type { ReferencedSecret } from "./referenced-secrets";

/**
 * Refuses a definition that references a field its secret's type lacks (`{{secrets.mail.header}}`
 * on an smtp secret), a field of a text secret, or a typed secret as a whole. Run after
 * analyzeDefinition, so every other template problem has been reported already. Secrets that do
 * not exist yet are not judged here (they are `missingSecrets`).
 */
export function refuseMismatchedSecretFields(
  definition: WorkflowDefinition,
  referenced: readonly ReferencedSecret[],
): void {
  if (referenced.length === 0) return;
  const secretTypes = new Map(referenced.map((row) => [row.name, row.type]));
  const { errors } = checkDefinition(definition, { secretTypes });
  if (errors.length === 0) return;
  throw apiError("BAD_REQUEST", errors.map((e) => e.message).join("; "), {
    issues: errors.map((e) => ({ path: e.path, message: e.message })),
  });
}
