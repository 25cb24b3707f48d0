import { type Db, runs } from "@workflow-secrets/db";
import { MAX_TIMEOUT_MS } from "@workflow-secrets/templating";
import { and, eq } from "drizzle-orm";
import type { Logger } from "../log/masked-logger";

/** While a step is in flight the run's heartbeat moves at least this often. */
export const HEARTBEAT_INTERVAL_MS = 30_000;
/**
 * A running run whose heartbeat is older than this is taken as dead (its consumer crashed, was killed
 * past its limits, or its message was lost) and the cron re-sends it. Twice the longest step timeout a
 * definition may set, and eight heartbeat intervals: a live run is never taken for a dead one.
 */
export const STALE_RUN_AFTER_MS = 2 * MAX_TIMEOUT_MS;
/** Recoveries after which a run that keeps dying is failed instead of re-sent. */
export const MAX_RECOVERIES = 3;

/** Moves the heartbeat of a run that is still running; goes into the batch that stores a step. */
export function heartbeatWrite(db: Db, runId: string, now: string) {
  return db
    .update(runs)
    .set({ heartbeatAt: now })
    .where(and(eq(runs.id, runId), eq(runs.status, "running")));
}

/**
 * Beats every `intervalMs` until stopped: started before a step fires, stopped when it returns, so
 * a step that waits minutes on a slow service does not look dead. A failed beat is logged and the
 * next one tries again (the run itself is not interrupted by it).
 */
export function keepHeartbeat(
  db: Db,
  runId: string,
  logger: Logger,
  intervalMs = HEARTBEAT_INTERVAL_MS,
): { stop(): void } {
  const timer = setInterval(() => {
    Promise.resolve(heartbeatWrite(db, runId, new Date().toISOString())).then(
      () => undefined,
      (error: unknown) => logger.warn("heartbeat could not be stored", { error }),
    );
  }, intervalMs);
  return { stop: () => clearInterval(timer) };
}
