import { type Db, workflowSecretRefs, workflows } from "@workflow-secrets/db";
import { and, asc, eq, inArray, type SQL } from "drizzle-orm";

export interface SecretUser {
  workflowId: string;
  workflowName: string;
}

/** Which of the user's workflows reference each of `names` (all names when omitted). */
export function usedByQuery(db: Db, userId: string | SQL<string>, names?: string[]) {
  const byUser = eq(workflowSecretRefs.userId, userId);
  return db
    .select({
      secretName: workflowSecretRefs.secretName,
      workflowId: workflows.id,
      workflowName: workflows.name,
    })
    .from(workflowSecretRefs)
    .innerJoin(workflows, eq(workflows.id, workflowSecretRefs.workflowId))
    .where(names ? and(byUser, inArray(workflowSecretRefs.secretName, names)) : byUser)
    .orderBy(asc(workflows.name), asc(workflows.id));
}

export function groupUsedBy(rows: { secretName: string; workflowId: string; workflowName: string }[]) {
  const bySecret = new Map<string, SecretUser[]>();
  for (const { secretName, workflowId, workflowName } of rows) {
    const list = bySecret.get(secretName) ?? [];
    list.push({ workflowId, workflowName });
    bySecret.set(secretName, list);
  }
  return bySecret;
}
