import { openSecret, type SealingPrivateKey, secretAadForRow } from "@workflow-secrets/crypto";
import type { Db } from "@workflow-secrets/db";
import { decodeSecretFields, type SecretFields } from "@workflow-secrets/secret-rules";

export type CredentialRow = {
  id: string;
  userId: string;
  name: string;
  version: number;
  /** The version in the envelope's aad when a rollback made a kept envelope current (NULL: `version`). */
  sealedVersion: number | null;
  policy: string | null;
  needsReconnectAt: string | null;
  envelope: string;
};

/** The credential's row as stored now (its version may be newer than the one the run opened). */
export async function loadCredentialRow(db: Db, secretId: string): Promise<CredentialRow | undefined> {
  const row = await db.$client
    .prepare(
      "SELECT id, user_id, name, version, sealed_version, policy, needs_reconnect_at, envelope FROM secrets WHERE id = ?1 AND type = 'oauth2'",
    )
    .bind(secretId)
    .first<Record<string, unknown>>();
  if (!row) return undefined;
  return {
    id: row.id as string,
    userId: row.user_id as string,
    name: row.name as string,
    version: row.version as number,
    sealedVersion: (row.sealed_version as number | null) ?? null,
    policy: (row.policy as string | null) ?? null,
    needsReconnectAt: (row.needs_reconnect_at as string | null) ?? null,
    envelope: row.envelope as string,
  };
}

export async function openCredential(
  row: CredentialRow,
  keyring: readonly SealingPrivateKey[],
): Promise<SecretFields> {
  const aad = secretAadForRow({
    userId: row.userId,
    secretId: row.id,
    version: row.sealedVersion ?? row.version,
    type: "oauth2",
    policy: row.policy,
  });
  return decodeSecretFields("oauth2", await openSecret(row.envelope, { keyring, aad }));
}
