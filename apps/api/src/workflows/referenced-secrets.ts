import { type Db, secrets } from "@workflow-secrets/db";
import { and, eq, inArray } from "drizzle-orm";

/** What the save-time checks need of each referenced secret: its type and its stored policy column. */
export interface ReferencedSecret {
  name: string;
  type: string;
  policy: string | null;
}

/** D1 binds at most 100 parameters per statement. */
const NAMES_PER_QUERY = 90;

/**
 * The owner's rows for the names a definition references, read once per save for every check that
 * judges them (field references by type, literal destinations by policy). Missing names are absent.
 */
export async function loadReferencedSecrets(
  db: Db,
  userId: string,
  secretNames: readonly string[],
): Promise<ReferencedSecret[]> {
  const rows: ReferencedSecret[] = [];
  for (let i = 0; i < secretNames.length; i += NAMES_PER_QUERY) {
    const chunk = secretNames.slice(i, i + NAMES_PER_QUERY);
    rows.push(
      ...(await db
        .select({ name: secrets.name, type: secrets.type, policy: secrets.policy })
        .from(secrets)
        .where(and(eq(secrets.userId, userId), inArray(secrets.name, chunk)))),
    );
  }
  return rows;
}
