import { sendRunMessages } from "@workflow-secrets/db";
import type { Logger } from "../log/masked-logger";

/** A queued run older than this is assumed lost (its send failed or its message expired). */
export const STALE_AFTER_MS = 5 * 60_000;
const MAX_PER_TICK = 50;

/**
 * Re-sends `{ runId }` for runs still `queued` long after they were created, so a run whose Queue
 * message was lost (a send that failed after the insert, a message dropped after its retries) does
 * not stay queued forever. A duplicate message is harmless: only one consumer can claim the run.
 */
export async function requeueStaleRuns(env: Env, now: Date, logger: Logger): Promise<string[]> {
  const before = new Date(now.getTime() - STALE_AFTER_MS).toISOString();
  const { results } = await env.DB.prepare(
    "SELECT id FROM runs WHERE status = 'queued' AND created_at < ?1 ORDER BY created_at LIMIT ?2",
  )
    .bind(before, MAX_PER_TICK)
    .all<{ id: string }>();
  const runIds = results.map((r) => r.id);
  if (runIds.length === 0) return runIds;
  await sendRunMessages(env.RUNS_QUEUE, runIds);
  logger.warn("re-sent stale queued runs", { count: runIds.length });
  return runIds;
}
