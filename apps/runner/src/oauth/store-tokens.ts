import { type SealingPrivateKey, sealSecret, secretAadForRow, toPublicKey } from "@workflow-secrets/crypto";
import { type Db, newId } from "@workflow-secrets/db";
import {
  createPreview,
  encodeSecretFields,
  previewSource,
  publicSecretFields,
  type SecretFields,
} from "@workflow-secrets/secret-rules";
import type { CredentialRow } from "./credential-row";
import { releaseRefreshLeaseStatement } from "./refresh-lease";

/**
 * Seals the credential's new fields (a rotated refresh token, the new access token and its expiry)
 * as version + 1 and stores them with a compare-and-set on the version the refresh started from,
 * giving the lease back and writing the audit event in the same D1 batch (one transaction). Only
 * after this returns true may anyone use the new access token: a rotated refresh token is never
 * lost behind a token that is already in use. The runner seals with the public half of its
 * newest key, exactly as the API would.
 */
export async function storeRefreshedTokens(
  db: Db,
  keyring: readonly SealingPrivateKey[],
  row: CredentialRow,
  fields: SecretFields,
  lease: { holder: string } | undefined,
  action: "secret.refreshed" | "secret.connected" = "secret.refreshed",
): Promise<boolean> {
  const newest = keyring[0];
  if (!newest || row.policy === null) return false;
  const publicKey = toPublicKey(newest);
  const version = row.version + 1;
  const envelope = await sealSecret(encodeSecretFields("oauth2", fields), {
    publicKey,
    aad: secretAadForRow({
      userId: row.userId,
      secretId: row.id,
      version,
      type: "oauth2",
      policy: row.policy,
    }),
  });
  const now = new Date().toISOString();
  const d1 = db.$client;
  const statements = [
    d1
      .prepare(
        `UPDATE secrets SET envelope = ?1, kid = ?2, version = ?3, preview = ?4, public_fields = ?5,
           needs_reconnect_at = NULL, updated_at = ?6, sealed_version = NULL, updated_by = 'runner'
         WHERE id = ?7 AND version = ?8 AND type = 'oauth2' RETURNING id`,
      )
      .bind(
        envelope,
        publicKey.kid,
        version,
        createPreview(previewSource("oauth2", fields) ?? ""),
        JSON.stringify(publicSecretFields("oauth2", fields)),
        now,
        row.id,
        row.version,
      ),
    d1
      .prepare(
        `INSERT INTO audit_events (id, user_id, action, secret_name, actor, created_at)
         SELECT ?1, ?2, ?3, ?4, 'runner', ?5 WHERE EXISTS (SELECT 1 FROM secrets WHERE id = ?6 AND version = ?7)`,
      )
      .bind(newId("audit"), row.userId, action, row.name, now, row.id, version),
    ...(lease ? [releaseRefreshLeaseStatement(db, row.id, lease.holder)] : []),
  ];
  const [updated] = await d1.batch(statements);
  return (updated?.results.length ?? 0) === 1;
}

/**
 * The credential needs reconnecting: marked in `secrets.list` (until a new value or a connect), an
 * audit event written, the lease given back. Conditional on the version, so a reconnect that
 * already stored new tokens is not marked broken by a run that still held the old ones.
 */
export async function markNeedsReconnect(
  db: Db,
  row: CredentialRow,
  lease: { holder: string } | undefined,
): Promise<void> {
  const now = new Date().toISOString();
  const d1 = db.$client;
  await d1.batch([
    d1
      .prepare(
        "UPDATE secrets SET needs_reconnect_at = ?1 WHERE id = ?2 AND version = ?3 AND needs_reconnect_at IS NULL",
      )
      .bind(now, row.id, row.version),
    d1
      .prepare(
        `INSERT INTO audit_events (id, user_id, action, secret_name, actor, created_at)
         SELECT ?1, ?2, 'secret.needs_reconnect', ?3, 'runner', ?4 WHERE changes() > 0`,
      )
      .bind(newId("audit"), row.userId, row.name, now),
    ...(lease ? [releaseRefreshLeaseStatement(db, row.id, lease.holder)] : []),
  ]);
}
