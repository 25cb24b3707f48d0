import { auditEvents, type Db, secrets } from "@workflow-secrets/db";
import { inArray } from "drizzle-orm";
import type { Write } from "./batch";

/**
 * Writes that touch `last_used_at` and add one `secret.used` audit event per secret per run. The event id
 * is derived from (run, secret), so a redelivered run does not log the same use twice.
 */
export async function secretUseWrites(
  db: Db,
  run: { userId: string; workflowId: string; runId: string },
  opened: readonly { id: string; name: string }[],
  now: string,
): Promise<Write[]> {
  if (opened.length === 0) return [];
  const events = await Promise.all(
    opened.map(async ({ name }) => ({
      id: await usageEventId(run.runId, name),
      userId: run.userId,
      action: "secret.used" as const,
      secretName: name,
      actor: "runner",
      workflowId: run.workflowId,
      runId: run.runId,
      createdAt: now,
    })),
  );
  const ids = opened.map((s) => s.id);
  // D1 binds at most 100 parameters per statement: 8 columns x 10 events, 90 ids.
  const inserts = chunk(events, 10).map((part) => db.insert(auditEvents).values(part).onConflictDoNothing());
  const updates = chunk(ids, 90).map((part) =>
    db.update(secrets).set({ lastUsedAt: now }).where(inArray(secrets.id, part)),
  );
  return [...updates, ...inserts];
}

/** A UUID-shaped id from SHA-256 of the run and secret name: stable across redeliveries. */
async function usageEventId(runId: string, name: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`secret.used|${runId}|${name}`)),
  );
  const hex = Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
