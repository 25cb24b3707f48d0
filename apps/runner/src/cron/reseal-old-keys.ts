import { openSecret, type SealingPrivateKey, sealSecret, secretAadForRow } from "@workflow-secrets/crypto";
import { newId } from "@workflow-secrets/db";
import type { Logger } from "../log/masked-logger";
import { countKeptByKid, resealKeptVersions } from "./reseal-kept-versions";

type OldRow = {
  id: string;
  user_id: string;
  name: string;
  envelope: string;
  kid: string;
  version: number;
  /** The version in the envelope's aad when a rollback made a kept envelope current (NULL: `version`). */
  sealed_version: number | null;
  type: string;
  policy: string | null;
};

export type ResealResult = { resealed: number; failed: number; remainingByKid: Record<string, number> };

/**
 * Key rotation without re-entry: re-seals up to `limit` secrets whose kid is an older key of the
 * keyring with the newest key, under the same aad (owner, row, version unchanged). Each row is
 * written only if its envelope is still the one opened (a concurrent `secrets.update` wins), and
 * the `secret.resealed` audit event is inserted in the same transaction, only when the row moved.
 * Plaintexts live in this function's memory only; nothing is logged but counts and kids.
 */
export async function resealOldKeys(
  env: Env,
  keyring: readonly SealingPrivateKey[],
  limit: number,
  logger: Logger,
): Promise<ResealResult> {
  const [newest, ...older] = keyring;
  if (!newest || older.length === 0 || limit === 0) return { resealed: 0, failed: 0, remainingByKid: {} };
  const olderKids = older.map((k) => k.kid);
  const placeholders = olderKids.map((_, i) => `?${i + 2}`).join(", ");
  const { results: rows } = await env.DB.prepare(
    `SELECT id, user_id, name, envelope, kid, version, sealed_version, type, policy FROM secrets WHERE kid IN (${placeholders}) LIMIT ?1`,
  )
    .bind(limit, ...olderKids)
    .all<OldRow>();

  const publicKey = {
    kid: newest.kid,
    publicJwk: { kty: "EC", crv: "P-256", x: newest.privateJwk.x, y: newest.privateJwk.y } as const,
  };
  const now = new Date().toISOString();
  const sealed = await Promise.allSettled(
    rows.map(async (row) => {
      const { user_id: userId, id: secretId, type, policy } = row;
      // Re-sealed under the aad it has: a rolled-back envelope keeps naming the version it was sealed as.
      const version = row.sealed_version ?? row.version;
      const aad = secretAadForRow({ userId, secretId, version, type, policy });
      const plaintext = await openSecret(row.envelope, { keyring, aad });
      return sealSecret(plaintext, { publicKey, aad });
    }),
  );

  const statements: D1PreparedStatement[] = [];
  let failed = 0;
  rows.forEach((row, i) => {
    const result = sealed[i];
    if (result?.status !== "fulfilled") {
      failed++;
      logger.warn("secret could not be re-sealed", { secretId: row.id, kid: row.kid, error: result?.reason });
      return;
    }
    statements.push(
      env.DB.prepare("UPDATE secrets SET envelope = ?1, kid = ?2 WHERE id = ?3 AND envelope = ?4").bind(
        result.value,
        newest.kid,
        row.id,
        row.envelope,
      ),
      env.DB.prepare(
        `INSERT INTO audit_events (id, user_id, action, secret_name, actor, created_at)
         SELECT ?1, user_id, 'secret.resealed', name, 'runner', ?2 FROM secrets WHERE id = ?3 AND envelope = ?4`,
      ).bind(newId("audit"), now, row.id, result.value),
    );
  });
  let resealed = 0;
  if (statements.length > 0) {
    const results = await env.DB.batch(statements);
    resealed = results.filter((r, i) => i % 2 === 0 && r.meta.changes > 0).length;
  }
  // What the batch left over goes to kept previous versions (rollback and masking need them openable).
  const kept = await resealKeptVersions(env, keyring, limit - rows.length, logger);
  resealed += kept.resealed;
  failed += kept.failed;
  const remainingByKid = await countByKid(env, olderKids);
  logger.info("re-sealed secrets of older keys", { resealed, failed, newestKid: newest.kid, remainingByKid });
  return { resealed, failed, remainingByKid };
}

/** Rows (and kept versions) still sealed with each older kid: a kid at 0 can be dropped from the keyring. */
async function countByKid(env: Env, kids: readonly string[]): Promise<Record<string, number>> {
  const kept = await countKeptByKid(env, kids);
  const placeholders = kids.map((_, i) => `?${i + 1}`).join(", ");
  const { results } = await env.DB.prepare(
    `SELECT kid, count(*) AS n FROM secrets WHERE kid IN (${placeholders}) GROUP BY kid`,
  )
    .bind(...kids)
    .all<{ kid: string; n: number }>();
  return Object.fromEntries(
    kids.map((kid) => [kid, (results.find((r) => r.kid === kid)?.n ?? 0) + (kept.get(kid) ?? 0)]),
  );
}
