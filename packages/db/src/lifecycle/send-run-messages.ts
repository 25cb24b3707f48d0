import type { RunMessage, RunsQueue } from "./run-message";

/** The most messages one `sendBatch` call takes. */
export const MAX_MESSAGES_PER_SEND = 100;

/**
 * Sends one `{ runId }` message per run, in batches the Queue accepts. Used for runs that are
 * already inserted (the cron's claim, the stale-run re-send); a new manual or webhook run goes
 * through `queueRun`. A failed batch throws: the runs it held stay `queued` and the cron's
 * stale-run re-send picks them up. `resume` marks recoveries of stale `running` runs.
 */
export async function sendRunMessages(
  queue: RunsQueue,
  runIds: readonly string[],
  options: { resume?: boolean } = {},
): Promise<void> {
  const extra = options.resume ? { resume: true as const } : {};
  for (let start = 0; start < runIds.length; start += MAX_MESSAGES_PER_SEND) {
    const batch = runIds.slice(start, start + MAX_MESSAGES_PER_SEND);
    await queue.sendBatch(
      batch.map((runId) => ({ body: { runId, ...extra } satisfies RunMessage, contentType: "json" })),
    );
  }
}
