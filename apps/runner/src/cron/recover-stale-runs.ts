import { sendRunMessages } from "@workflow-secrets/db";
import type { Logger } from "../log/masked-logger";
import { MAX_RECOVERIES, STALE_RUN_AFTER_MS } from "../run/heartbeat";

const MAX_PER_TICK = 50;

/** The run's error once it died more than MAX_RECOVERIES times. */
export const GAVE_UP_MESSAGE = `the runner stopped during this run ${MAX_RECOVERIES + 1} times (a crash or a platform limit) and gave up; check the step that was running, then run the workflow again`;
const STEP_GAVE_UP_MESSAGE = "the runner stopped while this step was in flight and gave up on the run";

export type RecoveryResult = { resent: string[]; failed: string[] };

/**
 * Runs that are `running` but whose heartbeat is older than STALE_RUN_AFTER_MS have no live consumer:
 * it crashed, was killed past its limits, or the Queue lost or exhausted its message. Each one is
 * re-sent as a recovery (`resume: true`), and the consumer resumes it at its first unfinished step;
 * a run already recovered MAX_RECOVERIES times is failed instead, with its in-flight step.
 *
 * The claim is conditional: one UPDATE moves the heartbeat to now and counts the recovery only where
 * it is still stale, so overlapping ticks re-send a run once, and the recovered run has a whole stale
 * bound to show a new sign of life. A failed send leaves it for a recovery one bound later.
 */
export async function recoverStaleRuns(env: Env, now: Date, logger: Logger): Promise<RecoveryResult> {
  const nowIso = now.toISOString();
  const staleBefore = new Date(now.getTime() - STALE_RUN_AFTER_MS).toISOString();
  const stale = "status = 'running' AND coalesce(heartbeat_at, started_at, created_at) < ?1";
  const [, gaveUp, recovered] = await env.DB.batch<{ id: string }>([
    // Steps first: the runs they belong to still match `stale` here.
    env.DB.prepare(
      `UPDATE run_steps SET status = 'failed', error = ?3, finished_at = ?4
       WHERE status = 'running' AND run_id IN (
         SELECT id FROM runs WHERE ${stale} AND recoveries >= ?2 ORDER BY id LIMIT ${MAX_PER_TICK})`,
    ).bind(staleBefore, MAX_RECOVERIES, STEP_GAVE_UP_MESSAGE, nowIso),
    env.DB.prepare(
      `UPDATE runs SET status = 'failed', error = ?3, finished_at = ?4
       WHERE id IN (SELECT id FROM runs WHERE ${stale} AND recoveries >= ?2 ORDER BY id LIMIT ${MAX_PER_TICK})
       RETURNING id`,
    ).bind(staleBefore, MAX_RECOVERIES, GAVE_UP_MESSAGE, nowIso),
    env.DB.prepare(
      `UPDATE runs SET recoveries = recoveries + 1, heartbeat_at = ?3
       WHERE id IN (
         SELECT id FROM runs WHERE ${stale} AND recoveries < ?2
         ORDER BY coalesce(heartbeat_at, started_at, created_at) LIMIT ${MAX_PER_TICK})
       RETURNING id`,
    ).bind(staleBefore, MAX_RECOVERIES, nowIso),
  ]);
  const failed = gaveUp?.results.map((r) => r.id) ?? [];
  const resent = recovered?.results.map((r) => r.id) ?? [];
  if (failed.length > 0)
    logger.error("failed runs that kept dying", { count: failed.length, runIds: failed });
  if (resent.length === 0) return { resent, failed };
  await sendRunMessages(env.RUNS_QUEUE, resent, { resume: true });
  logger.warn("re-sent running runs whose heartbeat went stale", { count: resent.length, runIds: resent });
  return { resent, failed };
}
