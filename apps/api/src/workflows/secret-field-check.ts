import { type Db, secrets } from "@workflow-secrets/db";
import { checkDefinition, type WorkflowDefinition } from "@workflow-secrets/templating";
import { and, eq, inArray } from "drizzle-orm";
import { apiError } from "../errors";

/**
 * Refuses a definition that references a field its secret's type lacks (`{{secrets.mail.header}}`
 * on an smtp secret), a field of a text secret, or a typed secret as a whole. Run after
 * analyzeDefinition, so every other template problem has been reported already. Secrets that do
 * not exist yet are not judged here (they are `missingSecrets`).
 */
export async function refuseMismatchedSecretFields(
  db: Db,
  userId: string,
  definition: WorkflowDefinition,
  secretNames: readonly string[],
): Promise<void> {
  if (secretNames.length === 0) return;
  const rows = [];
  for (let i = 0; i < secretNames.length; i += 90) {
    const chunk = secretNames.slice(i, i + 90);
    rows.push(
      ...(await db
        .select({ name: secrets.name, type: secrets.type })
        .from(secrets)
        .where(and(eq(secrets.userId, userId), inArray(secrets.name, chunk)))),
    );
  }
  const secretTypes = new Map(rows.map((row) => [row.name, row.type]));
  const { errors } = checkDefinition(definition, { secretTypes });
  if (errors.length === 0) return;
  throw apiError("BAD_REQUEST", errors.map((e) => e.message).join("; "), {
    issues: errors.map((e) => ({ path: e.path, message: e.message })),
  });
}
