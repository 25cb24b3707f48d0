import {
  type AuditAction,
  auditEvents,
  type Db,
  FAILING_STREAK,
  runSecretVersions,
  secretStateSql,
  secrets,
  type secretVersionOutcomes,
} from "@workflow-secrets/db";
import { and, desc, eq, inArray, isNotNull, ne, type SQL, sql } from "drizzle-orm";
import type { Write } from "../run/batch";
import type { OpenedSecret, ResolvedSecrets } from "../run/resolve-secrets";

type Outcome = (typeof secretVersionOutcomes)[number];

/** Status codes that say "this credential was refused". */
const REFUSED = new Set([401, 403]);

/** Pins the versions a run uses, on its first delivery (a redelivery finds them and keeps them). */
export function pinWrites(db: Db, pins: ResolvedSecrets["newPins"]): Write[] {
  const writes: Write[] = [];
  // 7 columns per row: 14 rows stay under D1's 100 bound parameters.
  for (let i = 0; i < pins.length; i += 14) {
    writes.push(
      db
        .insert(runSecretVersions)
        .values(pins.slice(i, i + 14))
        .onConflictDoNothing(),
    );
  }
  return writes;
}

export type RunEnd = {
  runId: string;
  opened: readonly OpenedSecret[];
  /** The step the run failed at: its index, the secrets it references, and its HTTP status if it had one. */
  failedAt?: { secretNames: readonly string[]; status: number | undefined };
};

/**
 * What a finished run says about each secret it used: `auth_failed` when it failed with 401/403 at a step
 * that references the secret, `failed` when it failed otherwise, `ok` when it succeeded. A secret whose
 * version in use is still current is `failing` once the last FAILING_STREAK finished runs of that version
 * were `auth_failed`, and stops failing at the next run that was not refused. Then the state changes
 * this causes are audited (stateChangeWrites).
 */
export async function runEndWrites(db: Db, end: RunEnd, now: string): Promise<Write[]> {
  if (end.opened.length === 0) return [];
  const outcomeOf = (name: string): Outcome => {
    if (!end.failedAt) return "ok";
    const refused = end.failedAt.status !== undefined && REFUSED.has(end.failedAt.status);
    return refused && end.failedAt.secretNames.includes(name) ? "auth_failed" : "failed";
  };
  const ids = end.opened.map((s) => s.id);
  // The previous finished runs of each secret, at the version in use, newest first.
  const earlier = await db
    .select({
      secretId: runSecretVersions.secretId,
      version: runSecretVersions.version,
      outcome: runSecretVersions.outcome,
      currentVersion: secrets.version,
      failingSince: secrets.failingSince,
    })
    .from(runSecretVersions)
    .innerJoin(secrets, eq(secrets.id, runSecretVersions.secretId))
    .where(
      and(
        inArray(runSecretVersions.secretId, ids.slice(0, 90)),
        isNotNull(runSecretVersions.outcome),
        ne(runSecretVersions.runId, end.runId),
      ),
    )
    .orderBy(desc(runSecretVersions.createdAt))
    .limit(FAILING_STREAK * 4 * Math.min(ids.length, 90));

  const writes: Write[] = [];
  for (const secret of end.opened) {
    const outcome = outcomeOf(secret.name);
    writes.push(
      db
        .update(runSecretVersions)
        .set({ outcome })
        .where(and(eq(runSecretVersions.runId, end.runId), eq(runSecretVersions.secretId, secret.id))),
    );
    const mine = earlier.filter((r) => r.secretId === secret.id && r.version === secret.version);
    const current = earlier.find((r) => r.secretId === secret.id);
    // Rotated meanwhile: this run says nothing about the value now in use.
    if (current && current.currentVersion !== secret.version) continue;
    const streak = [outcome, ...mine.map((r) => r.outcome)].slice(0, FAILING_STREAK);
    const failing = streak.length === FAILING_STREAK && streak.every((o) => o === "auth_failed");
    writes.push(
      db
        .update(secrets)
        .set({ failingSince: failing ? sql`coalesce(${secrets.failingSince}, ${now})` : null })
        .where(and(eq(secrets.id, secret.id), eq(secrets.version, secret.version))),
    );
  }
  return [...writes, ...stateChangeWrites(db, new Date(now), inArray(secrets.id, ids.slice(0, 90)))];
}

/**
 * Records state changes (ok, expiring, expired, failing, unused: secretStateSql) of the secrets matching
 * `where`, at most `limit` of them: one `secret.state_changed` audit event each (`{"from","to"}`), then the
 * new state. Two statements of one batch, so an event is written exactly when the state moves.
 */
export function stateChangeWrites(db: Db, now: Date, where?: SQL, limit = 500): Write[] {
  const state = secretStateSql(now);
  const changed = and(ne(secrets.state, state), where);
  const candidates = sql`${secrets.id} IN (SELECT ${secrets.id} FROM ${secrets} WHERE ${changed} LIMIT ${limit})`;
  const at = now.toISOString();
  return [
    db.insert(auditEvents).select(
      db
        .select({
          id: sql<string>`'aud_' || lower(hex(randomblob(12)))`.as("id"),
          userId: secrets.userId,
          action: sql<AuditAction>`'secret.state_changed'`.as("action"),
          secretName: secrets.name,
          actor: nothing("'runner'", "actor"),
          workflowId: nothing("null", "workflow_id"),
          workflowName: nothing("null", "workflow_name"),
          definitionSha256: nothing("null", "definition_sha256"),
          runId: nothing("null", "run_id"),
          tokenId: nothing("null", "token_id"),
          tokenName: nothing("null", "token_name"),
          detail: sql`json_object('from', ${secrets.state}, 'to', ${state})`.as("detail"),
          createdAt: sql<string>`${at}`.as("created_at"),
        })
        .from(secrets)
        .where(candidates),
    ),
    db.update(secrets).set({ state }).where(candidates),
  ];
}

/** A constant column of the audit INSERT … SELECT (drizzle needs every column, named). */
function nothing(literal: "null" | "'runner'", column: string) {
  return sql<string>`${sql.raw(literal)}`.as(column);
}
