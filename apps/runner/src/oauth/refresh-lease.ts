import type { Db } from "@workflow-secrets/db";

/** How long a refresh may hold its credential before another runner may take over. */
export const REFRESH_LEASE_MS = 30_000;

export type LeaseResult = { acquired: true; holder: string; interrupted: boolean } | { acquired: false };

/**
 * Takes the credential's refresh lease with a compare-and-set: an INSERT when there is none, or an
 * UPDATE of exactly the expired lease we read (same holder, same expiry), so two runners that both
 * saw it expire cannot both take it. `interrupted` says the lease we took over had sent its token
 * request for this same version and never stored the result: its holder died in between.
 */
export async function acquireRefreshLease(
  db: Db,
  secretId: string,
  version: number,
  now: number,
  leaseMs = REFRESH_LEASE_MS,
): Promise<LeaseResult> {
  const d1 = db.$client;
  const holder = crypto.randomUUID();
  const previous = await d1
    .prepare(
      "SELECT holder, from_version, request_sent_at, expires_at FROM oauth_refresh_leases WHERE secret_id = ?1",
    )
    .bind(secretId)
    .first<{ holder: string; from_version: number; request_sent_at: number | null; expires_at: number }>();
  if (!previous) {
    const inserted = await d1
      .prepare(
        `INSERT INTO oauth_refresh_leases (secret_id, holder, from_version, expires_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (secret_id) DO NOTHING RETURNING holder`,
      )
      .bind(secretId, holder, version, now + leaseMs)
      .first();
    return inserted ? { acquired: true, holder, interrupted: false } : { acquired: false };
  }
  if (previous.expires_at > now) return { acquired: false };
  const taken = await d1
    .prepare(
      `UPDATE oauth_refresh_leases SET holder = ?1, from_version = ?2, request_sent_at = NULL, expires_at = ?3
       WHERE secret_id = ?4 AND holder = ?5 AND expires_at = ?6 RETURNING holder`,
    )
    .bind(holder, version, now + leaseMs, secretId, previous.holder, previous.expires_at)
    .first();
  if (!taken) return { acquired: false };
  const interrupted = previous.request_sent_at !== null && previous.from_version === version;
  return { acquired: true, holder, interrupted };
}

/** Written just before the token request goes out: from here on, a crash may have spent the refresh token. */
export async function markTokenRequestSent(
  db: Db,
  secretId: string,
  holder: string,
  now: number,
): Promise<void> {
  await db.$client
    .prepare("UPDATE oauth_refresh_leases SET request_sent_at = ?1 WHERE secret_id = ?2 AND holder = ?3")
    .bind(now, secretId, holder)
    .run();
}

export function releaseRefreshLeaseStatement(db: Db, secretId: string, holder: string): D1PreparedStatement {
  return db.$client
    .prepare("DELETE FROM oauth_refresh_leases WHERE secret_id = ?1 AND holder = ?2")
    .bind(secretId, holder);
}

export async function releaseRefreshLease(db: Db, secretId: string, holder: string): Promise<void> {
  await releaseRefreshLeaseStatement(db, secretId, holder).run();
}
