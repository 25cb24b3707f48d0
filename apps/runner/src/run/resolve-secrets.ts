import {
  CryptoError,
  openSecret,
  parseCanonicalPolicy,
  type SealingPrivateKey,
  type SecretPolicy,
  secretAadForRow,
} from "@workflow-secrets/crypto";
import { type Db, secrets } from "@workflow-secrets/db";
import { decodeSecretFields, isSecretType } from "@workflow-secrets/secret-rules";
import type { SecretValue } from "@workflow-secrets/templating";
import { and, eq, inArray } from "drizzle-orm";

/** What the run knows about an opened row, besides its value (OAuth2 refresh needs the slot). */
export type OpenedSecret = { id: string; name: string; version: number; type: string; policy: string | null };

export type ResolvedSecrets = {
  /** name → plaintext (text) or fields (typed), only for secrets that opened. Never stored, never logged. */
  values: Record<string, SecretValue>;
  opened: OpenedSecret[];
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
    // A typed value is always sealed v2 (its type in the aad): a typed row with a v1 aad had its type edited.
    const typedLegacy = row.type !== "text" && row.policy === null;
    const value =
      result?.status === "fulfilled" && !typedLegacy ? typedValue(row.type, result.value) : undefined;
    if (value !== undefined) {
      resolved.values[row.name] = value;
      resolved.opened.push({
        id: row.id,
        name: row.name,
        version: row.version,
        type: row.type,
        policy: row.policy,
      });
      // It opened, so the column is exactly the canonical policy sealed into the aad.
      resolved.policies.set(
        row.name,
        row.policy === null ? null : (parseCanonicalPolicy(row.policy) ?? null),
      );
    } else if (result?.status === "fulfilled") {
      resolved.unopenable.set(row.name, typedLegacy ? "tampered" : "malformed");
    } else {
      const reason = result?.reason;
      resolved.unopenable.set(row.name, reason instanceof CryptoError ? reason.code : "error");
    }
  });
  return resolved;
}

/** A text secret's plaintext is its value; a typed one's is the JSON of its fields (undefined if not). */
function typedValue(type: string, plaintext: string): SecretValue | undefined {
  if (type === "text") return plaintext;
  if (!isSecretType(type)) return undefined;
  try {
    return { type, fields: decodeSecretFields(type, plaintext) };
  } catch {
    return undefined;
  }
}
