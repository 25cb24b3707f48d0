import { newId, nextRunAt, sendRunMessages } from "@workflow-secrets/db";
import type { Logger } from "../log/masked-logger";

type DueRow = { id: string; cron: string | null; timezone: string | null; next_run_at: string | null };

/** `considered`: due rows this tick read; `dispatched`: run ids it inserted (it won the claim). */
export type ClaimResult = { considered: number; dispatched: string[]; scheduled: number; skipped: number };

/** Upper bound per tick, so one tick stays well inside the scheduled handler's limits. */
const MAX_PER_TICK = 200;

/**
 * Dispatches every enabled scheduled workflow whose `next_run_at` has passed.
 *
 * The claim is a compare-and-set on `next_run_at`: for each workflow one D1 batch (a transaction)
 * inserts the `queued` run only while `next_run_at` still holds the value this tick read, then
 * moves `next_run_at` to the next occurrence. When two ticks overlap, the second batch finds the
 * value already moved and inserts nothing, so an occurrence is dispatched once. Missed
 * occurrences (runner down) collapse into one run, then the schedule continues from now.
 * Workflows without `next_run_at` (never scheduled) get one and do not run this tick.
 */
export async function claimDueWorkflows(env: Env, now: Date, logger: Logger): Promise<ClaimResult> {
  const nowIso = now.toISOString();
  const { results: due } = await env.DB.prepare(
    `SELECT id, cron, timezone, next_run_at FROM workflows
     WHERE enabled = 1 AND trigger_type = 'schedule' AND (next_run_at IS NULL OR next_run_at <= ?1)
     ORDER BY next_run_at LIMIT ?2`,
  )
    .bind(nowIso, MAX_PER_TICK)
    .all<DueRow>();

  const statements: D1PreparedStatement[] = [];
  const claimIndexes: number[] = [];
  let scheduled = 0;
  let skipped = 0;
  for (const row of due) {
    const next = safeNextOccurrence(row, now, logger);
    if (next === undefined) {
      skipped++;
      continue;
    }
    if (row.next_run_at === null) {
      statements.push(
        env.DB.prepare("UPDATE workflows SET next_run_at = ?1 WHERE id = ?2 AND next_run_at IS NULL").bind(
          next,
          row.id,
        ),
      );
      scheduled++;
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
  if (statements.length === 0) return { considered: due.length, dispatched: [], scheduled, skipped };

  const results = await env.DB.batch<{ id: string }>(statements);
  const dispatched = claimIndexes.flatMap((i) => results[i]?.results.map((r) => r.id) ?? []);
  // A failed send leaves these runs queued: requeueStaleRuns re-sends them on a later tick.
  await sendRunMessages(env.RUNS_QUEUE, dispatched);
  logger.info("scheduled workflows claimed", { dispatched: dispatched.length, scheduled, skipped });
  return { considered: due.length, dispatched, scheduled, skipped };
}

/** `undefined` means "leave this workflow alone": a bad pattern must not block the others. */
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
