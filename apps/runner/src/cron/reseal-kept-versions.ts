import { openSecret, type SealingPrivateKey, sealSecret, secretAadForRow } from "@workflow-secrets/crypto";
import type { Logger } from "../log/masked-logger";

type KeptRow = {
  secret_id: string;
  user_id: string;
  version: number;
  sealed_version: number;
  envelope: string;
  type: string;
  policy: string | null;
};

/** Kept versions that are not current, of the given kids (the current one moves with its secrets row). */
const KEPT_OF_KIDS = (placeholders: string) => `FROM secret_versions v JOIN secrets s ON s.id = v.secret_id
  WHERE v.kid IN (${placeholders}) AND v.version <> s.version`;

/**
 * Key rotation for kept versions: re-seals up to `limit` previous versions still sealed with an older kid,
 * under the same aad (the version each was sealed as), so an old key can be dropped while rollback and
 * masking of old versions keep working. Each row moves only if its envelope is still the one opened.
 */
export async function resealKeptVersions(
  env: Env,
  keyring: readonly SealingPrivateKey[],
  limit: number,
  logger: Logger,
): Promise<{ resealed: number; failed: number }> {
  const [newest, ...older] = keyring;
  if (!newest || older.length === 0 || limit <= 0) return { resealed: 0, failed: 0 };
  const kids = older.map((k) => k.kid);
  const placeholders = kids.map((_, i) => `?${i + 2}`).join(", ");
  const { results: rows } = await env.DB.prepare(
    `SELECT v.secret_id, v.user_id, v.version, v.sealed_version, v.envelope, v.type, v.policy ${KEPT_OF_KIDS(placeholders)} LIMIT ?1`,
  )
    .bind(limit, ...kids)
    .all<KeptRow>();
  const publicKey = {
    kid: newest.kid,
    publicJwk: { kty: "EC", crv: "P-256", x: newest.privateJwk.x, y: newest.privateJwk.y } as const,
  };
  const sealed = await Promise.allSettled(
    rows.map(async (row) => {
      const aad = secretAadForRow({
        userId: row.user_id,
        secretId: row.secret_id,
        version: row.sealed_version,
        type: row.type,
        policy: row.policy,
      });
      return sealSecret(await openSecret(row.envelope, { keyring, aad }), { publicKey, aad });
    }),
  );
  const statements: D1PreparedStatement[] = [];
  let failed = 0;
  rows.forEach((row, i) => {
    const result = sealed[i];
    if (result?.status !== "fulfilled") {
      failed++;
      logger.warn("kept version could not be re-sealed", { secretId: row.secret_id, version: row.version });
      return;
    }
    statements.push(
      env.DB.prepare(
        "UPDATE secret_versions SET envelope = ?1, kid = ?2 WHERE secret_id = ?3 AND version = ?4 AND envelope = ?5",
      ).bind(result.value, newest.kid, row.secret_id, row.version, row.envelope),
    );
  });
  const results = statements.length > 0 ? await env.DB.batch(statements) : [];
  return { resealed: results.filter((r) => r.meta.changes > 0).length, failed };
}

/** Kept (not current) versions still sealed with each kid. */
export async function countKeptByKid(env: Env, kids: readonly string[]): Promise<Map<string, number>> {
  const placeholders = kids.map((_, i) => `?${i + 1}`).join(", ");
  const { results } = await env.DB.prepare(
    `SELECT v.kid AS kid, count(*) AS n ${KEPT_OF_KIDS(placeholders)} GROUP BY v.kid`,
  )
    .bind(...kids)
    .all<{ kid: string; n: number }>();
  return new Map(results.map((r) => [r.kid, r.n]));
}
