import {
  CryptoError,
  openSecret,
  parseCanonicalPolicy,
  type SealingPrivateKey,
  type SecretPolicy,
  secretAadForRow,
} from "@workflow-secrets/crypto";
import { type Db, secrets } from "@workflow-secrets/db";
import { and, eq, inArray } from "drizzle-orm";

export type ResolvedSecrets = {
  /** name → plaintext, only for secrets that opened. Never stored, never logged. */
  values: Record<string, string>;
  opened: { id: string; name: string }[];
  /** name → the policy sealed with the value (null: a legacy row, unrestricted), only for secrets that opened. */
  policies: Map<string, SecretPolicy | null>;
  /** name → why it could not be opened (a CryptoError code, never a value). */
  unopenable: Map<string, string>;
};

/** D1 caps bound parameters per statement; names beyond this go in further statements of one batch. */
const NAMES_PER_QUERY = 90;

/**
 * Loads the owner's rows for exactly the referenced names (one query per 90 names) and opens them
 * in parallel. Missing names are simply absent: the step that references one fails with the
 * templating error. Another user's secret of the same name can never match (user_id filter).
 */
export async function resolveSecrets(
  db: Db,
  userId: string,
  names: readonly string[],
  keyring: readonly SealingPrivateKey[],
): Promise<ResolvedSecrets> {
  // Null prototype: `__proto__` is a valid secret name, and on a plain object assigning it would
  // be dropped (the secret reported missing, the masker handed Object.prototype instead of the value).
  const resolved: ResolvedSecrets = {
    values: Object.create(null),
    opened: [],
    policies: new Map(),
    unopenable: new Map(),
  };
  if (names.length === 0) return resolved;
  const rows = [];
  for (let i = 0; i < names.length; i += NAMES_PER_QUERY) {
    const chunk = names.slice(i, i + NAMES_PER_QUERY);
    rows.push(
      ...(await db
        .select({
          id: secrets.id,
          name: secrets.name,
          envelope: secrets.envelope,
          version: secrets.version,
          type: secrets.type,
          policy: secrets.policy,
        })
        .from(secrets)
        .where(and(eq(secrets.userId, userId), inArray(secrets.name, chunk)))),
    );
  }
  const opened = await Promise.allSettled(
    // The aad is built from the row (v1 for legacy rows, v2 with type and policy otherwise) inside
    // the promise, so a policy column that is not canonical is reported like any unopenable row.
    rows.map(async (row) =>
      openSecret(row.envelope, {
        keyring,
        aad: secretAadForRow({
          userId,
          secretId: row.id,
          version: row.version,
          type: row.type,
          policy: row.policy,
        }),
      }),
    ),
  );
  rows.forEach((row, i) => {
    const result = opened[i];
    if (result?.status === "fulfilled") {
      resolved.values[row.name] = result.value;
      resolved.opened.push({ id: row.id, name: row.name });
      // It opened, so the column is exactly the canonical policy sealed into the aad.
      resolved.policies.set(
        row.name,
        row.policy === null ? null : (parseCanonicalPolicy(row.policy) ?? null),
      );
    } else {
      const reason = result?.reason;
      resolved.unopenable.set(row.name, reason instanceof CryptoError ? reason.code : "error");
    }
  });
  return resolved;
}
