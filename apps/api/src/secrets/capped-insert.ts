import type { Db } from "@workflow-secrets/db";
import { MAX_SECRETS_PER_USER } from "./value-checks";

export interface NewSecretRow {
  id: string;
  userId: string;
  name: string;
  type: string;
  /** Canonical policy JSON, sealed into the envelope's aad. */
  policy: string;
  envelope: string;
  kid: string;
  preview: string;
  /** A typed secret's non-secret fields (JSON), shown by secrets.list. */
  publicFields?: Record<string, string> | null;
  createdAt: string;
  actor: string;
  auditId: string;
  /** Who wrote the value (`session:<id>` / `token:<id>`), kept with the version by migration 0007's trigger. */
  updatedBy: string;
  expiresAt: string | null;
  versionsKept: number;
  expiryWarningDays: number;
}

/**
 * Inserts a secret (version 1) and its `secret.created` audit event, but only while the owner holds
 * fewer than MAX_SECRETS_PER_USER secrets. The count is checked IN the INSERT statement, and D1 runs
 * one statement at a time, so concurrent creates (or a batch of them) stop exactly at the cap; a
 * check in an earlier query once let one batched request create 1,100 secrets.
 * Returns false when the cap refused it; a duplicate name still throws the unique-index error.
 * (Raw D1 statements: drizzle 0.45's batch cannot carry an INSERT … SELECT written in SQL.)
 */
export async function insertSecretUnderCap(db: Db, row: NewSecretRow): Promise<boolean> {
  const d1 = db.$client;
  const [inserted] = await d1.batch([
    d1
      .prepare(
        `INSERT INTO secrets (id, user_id, name, envelope, kid, preview, version, created_at, updated_at, type, policy,
           public_fields, updated_by, expires_at, versions_kept, expiry_warning_days)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7, ?9, ?10, ?11, ?12, ?13, ?14, ?15
         WHERE (SELECT count(*) FROM secrets WHERE user_id = ?2) < ?8
         RETURNING id`,
      )
      .bind(
        row.id,
        row.userId,
        row.name,
        row.envelope,
        row.kid,
        row.preview,
        row.createdAt,
        MAX_SECRETS_PER_USER,
        row.type,
        row.policy,
        row.publicFields ? JSON.stringify(row.publicFields) : null,
        row.updatedBy,
        row.expiresAt,
        row.versionsKept,
        row.expiryWarningDays,
      ),
    // Audited only if the row above went in (one batch is one transaction).
    d1
      .prepare(
        `INSERT INTO audit_events (id, user_id, action, secret_name, actor, created_at)
         SELECT ?1, ?2, 'secret.created', ?3, ?4, ?5
         WHERE EXISTS (SELECT 1 FROM secrets WHERE id = ?6)`,
      )
      .bind(row.auditId, row.userId, row.name, row.actor, row.createdAt, row.id),
  ]);
  return (inserted?.results.length ?? 0) === 1;
}
