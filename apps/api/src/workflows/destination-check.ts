import { parseCanonicalPolicy } from "@workflow-secrets/crypto";
import { type Db, secrets } from "@workflow-secrets/db";
import type { SecretPolicy } from "@workflow-secrets/secret-rules";
import {
  literalDestinationRefusals,
  type Reference,
  type WorkflowDefinition,
} from "@workflow-secrets/templating";
import { and, eq, inArray } from "drizzle-orm";
import { apiError } from "../errors";

/**
 * Loads the stored policies of the referenced secrets and refuses the save (BAD_REQUEST, each refusal
 * in `issues` by path) when a literal destination or a script breaks one, in the runner's words
 * (`literalDestinationRefusals`, shared with the extension's editor). The runner decides either way.
 */
export async function refuseLiteralDestinations(
  db: Db,
  userId: string,
  definition: WorkflowDefinition,
  references: readonly Reference[],
  secretNames: readonly string[],
): Promise<void> {
  const policies = new Map<string, SecretPolicy | null>();
  // D1 binds at most 100 parameters per statement.
  for (let i = 0; i < secretNames.length; i += 90) {
    const chunk = secretNames.slice(i, i + 90);
    const rows = await db
      .select({ name: secrets.name, policy: secrets.policy })
      .from(secrets)
      .where(and(eq(secrets.userId, userId), inArray(secrets.name, chunk)));
    for (const row of rows) {
      // A column that is not canonical will not open: judge it as going nowhere.
      const parsed = row.policy === null ? null : parseCanonicalPolicy(row.policy);
      policies.set(row.name, parsed === undefined ? { destinations: [], scripts: false } : parsed);
    }
  }
  const refusals = literalDestinationRefusals(definition, references, policies);
  if (refusals.length > 0) {
    const issues = refusals.map(({ path, message }) => ({ path, message }));
    throw apiError("BAD_REQUEST", refusals.map((r) => r.message).join("; "), { issues });
  }
}
