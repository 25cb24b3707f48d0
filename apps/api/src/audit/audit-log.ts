import { type AuditAction, apiTokens, auditEvents, type Db, newId } from "@workflow-secrets/db";
import { and, eq, sql } from "drizzle-orm";

/** One audit event. Names and ids only: never a value, a password or a workflow definition. */
export interface AuditEntry {
  userId: string;
  action: AuditAction;
  /** `token:<tokenId>`, `runner`, or `anonymous` for a failed sign-in. */
  actor: string;
  secretName?: string;
  workflowId?: string;
  workflowName?: string;
  definitionSha256?: string;
  runId?: string;
  tokenId?: string;
  tokenName?: string;
  createdAt?: string;
}

/** The insert for one event, to run inside the caller's batch (same transaction as the change). */
export function auditInsert(db: Db, entry: AuditEntry) {
  return db.insert(auditEvents).values({ id: newId("audit"), createdAt: new Date().toISOString(), ...entry });
}

/**
 * `token.revoked`, inserted only if the token row carries exactly this revocation (so only for the call
 * whose conditional UPDATE revoked it): batch it right after that UPDATE, and the event and the
 * revocation are written together or not at all.
 */
export function auditTokenRevoked(
  db: Db,
  opts: { userId: string; tokenId: string; actor: string; revokedAt: string },
) {
  const value = <T>(v: T, column: string) => sql<T>`${v}`.as(column);
  return db.insert(auditEvents).select(
    db
      .select({
        id: value(newId("audit"), "id"),
        userId: apiTokens.userId,
        action: sql<AuditAction>`'token.revoked'`.as("action"),
        secretName: value(null, "secret_name"),
        actor: value(opts.actor, "actor"),
        workflowId: value(null, "workflow_id"),
        workflowName: value(null, "workflow_name"),
        definitionSha256: value(null, "definition_sha256"),
        runId: value(null, "run_id"),
        tokenId: apiTokens.id,
        tokenName: apiTokens.name,
        detail: value(null, "detail"),
        createdAt: value(opts.revokedAt, "created_at"),
      })
      .from(apiTokens)
      .where(
        and(
          eq(apiTokens.id, opts.tokenId),
          eq(apiTokens.userId, opts.userId),
          eq(apiTokens.revokedAt, opts.revokedAt),
        ),
      ),
  );
}

/**
 * JSON with object keys sorted at every depth and no whitespace (array order kept, `undefined`
 * members left out, as JSON.stringify does): two definitions that mean the same encode the same.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(",")}]`;
  if (value && typeof value === "object") {
    const members = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * SHA-256 hex of a definition's canonical JSON: what `workflow.*` audit events record, so the log can
 * tell whether two saves stored the same definition without holding the definition itself.
 */
export async function definitionSha256(definition: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(definition));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
