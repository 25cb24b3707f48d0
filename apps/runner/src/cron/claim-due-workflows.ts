import { newId, nextRunAt, sendRunMessages } from "@workflow-secrets/db";
import type { Logger } from "../log/masked-logger";

type DueRow = { id: string; cron: string | null; timezone: string | null; next_run_at: string };

/** `considered`: due rows this tick read; `dispatched`: run ids it inserted (it won the claim). */
export type ClaimResult = { considered: number; dispatched: string[]; skipped: number };

/** Upper bound per tick, so one tick stays well inside the scheduled handler's limits. */
const MAX_PER_TICK = 200;
/** Per user per tick: one user's backlog takes at most this many of the tick's claims. */
export const MAX_PER_USER_PER_TICK = 20;

/**
 * Due rows, fair across users: each user's due workflows are ranked oldest first, at most
 * MAX_PER_USER_PER_TICK of them are read, and the ranks interleave (every user's oldest, then every
 * user's second, …), so any user with due work is served before anyone's second occurrence. A row
 * without `next_run_at` is never read: only a disabled workflow or a schedule that never fires
 * (refused at save since) has none, and such rows must not take a tick's places.
 */
const DUE_ROWS = `
  SELECT id, cron, timezone, next_run_at FROM (
    SELECT id, cron, timezone, next_run_at,
      ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY next_run_at, id) AS user_rank
    FROM workflows
    WHERE enabled = 1 AND trigger_type = 'schedule' AND next_run_at IS NOT NULL AND next_run_at <= ?1
  )
  WHERE user_rank <= ?2
  ORDER BY user_rank, next_run_at, id
  LIMIT ?3`;

/**
 * Dispatches every enabled scheduled workflow whose `next_run_at` has passed.
 *
 * The claim is a compare-and-set on `next_run_at`: for each workflow one D1 batch (a transaction)
 * inserts the `queued` run only while `next_run_at` still holds the value this tick read, then
 * moves `next_run_at` to the next occurrence. When two ticks overlap, the second batch finds the
 * value already moved and inserts nothing, so an occurrence is dispatched once. Missed
 * occurrences (runner down) collapse into one run, then the schedule continues from now. A
 * schedule with no further occurrence gets `next_run_at = NULL` and leaves the claim for good.
 */
export async function claimDueWorkflows(env: Env, now: Date, logger: Logger): Promise<ClaimResult> {
  const nowIso = now.toISOString();
  const { results: due } = await env.DB.prepare(DUE_ROWS)
    .bind(nowIso, MAX_PER_USER_PER_TICK, MAX_PER_TICK)
    .all<DueRow>();

  const statements: D1PreparedStatement[] = [];
  const claimIndexes: number[] = [];
  let skipped = 0;
  for (const row of due) {
    const next = safeNextOccurrence(row, now, logger);
    if (next === undefined) {
      // Parked (next_run_at = NULL) so it stops taking a place in every tick; saving it again reschedules it.
      statements.push(
        env.DB.prepare("UPDATE workflows SET next_run_at = NULL WHERE id = ?1 AND next_run_at = ?2").bind(
          row.id,
          row.next_run_at,
        ),
      );
      skipped++;
      continue;
    }
    claimIndexes.push(statements.length);
    statements.push(
      env.DB.prepare(
        `INSERT INTO runs (id, workflow_id, user_id, trigger_type, trigger_input, status, scheduled_for, created_at)
         SELECT ?1, id, user_id, 'schedule', json_object('scheduledFor', next_run_at), 'queued', next_run_at, ?2
         FROM workflows WHERE id = ?3 AND next_run_at = ?4 AND enabled = 1
         RETURNING id`,
      ).bind(newId("run"), nowIso, row.id, row.next_run_at),
      env.DB.prepare("UPDATE workflows SET next_run_at = ?1 WHERE id = ?2 AND next_run_at = ?3").bind(
        next,
        row.id,
        row.next_run_at,
      ),
    );
  }
  if (statements.length === 0) return { considered: due.length, dispatched: [], skipped };

  const results = await env.DB.batch<{ id: string }>(statements);
  const dispatched = claimIndexes.flatMap((i) => results[i]?.results.map((r) => r.id) ?? []);
  // A failed send leaves these runs queued: requeueStaleRuns re-sends them on a later tick.
  await sendRunMessages(env.RUNS_QUEUE, dispatched);
  logger.info("scheduled workflows claimed", { dispatched: dispatched.length, skipped });
  return { considered: due.length, dispatched, skipped };
}

/** `undefined` means "cannot be scheduled": a bad pattern must not block the others. */
function safeNextOccurrence(row: DueRow, now: Date, logger: Logger): string | null | undefined {
  if (!row.cron) {
    logger.warn("scheduled workflow has no cron pattern", { workflowId: row.id });
    return undefined;
  }
  try {
    return nextRunAt(row.cron, row.timezone, now);
  } catch (error) {
    logger.warn("scheduled workflow has an invalid cron pattern or timezone", { workflowId: row.id, error });
    return undefined;
  }
}
