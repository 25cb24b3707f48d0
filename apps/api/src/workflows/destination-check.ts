import { parseCanonicalPolicy } from "@workflow-secrets/crypto";
import type { SecretPolicy } from "@workflow-secrets/secret-rules";
import {
  literalDestinationRefusals,
  type Reference,
  type WorkflowDefinition,
} from "@workflow-secrets/templating";
import { apiError } from "../errors";
import type { ReferencedSecret } from "./referenced-secrets";

/**
 * Judges the stored policies of the referenced secrets and refuses the save (BAD_REQUEST, each refusal
 * in `issues` by path) when a literal destination or a script breaks one, in the runner's words
 * (`literalDestinationRefusals`, shared with the extension's editor). The runner decides either way.
 */
export function refuseLiteralDestinations(
  definition: WorkflowDefinition,
  references: readonly Reference[],
  referenced: readonly ReferencedSecret[],
): void {
  const policies = new Map<string, SecretPolicy | null>();
  for (const row of referenced) {
    // A column that is not canonical will not open: judge it as going nowhere.
    const parsed = row.policy === null ? null : parseCanonicalPolicy(row.policy);
    policies.set(row.name, parsed === undefined ? { destinations: [], scripts: false } : parsed);
  }
  const refusals = literalDestinationRefusals(definition, references, policies);
  if (refusals.length > 0) {
    const issues = refusals.map(({ path, message }) => ({ path, message }));
    throw apiError("BAD_REQUEST", refusals.map((r) => r.message).join("; "), { issues });
  }
}
