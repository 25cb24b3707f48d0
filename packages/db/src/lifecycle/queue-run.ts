import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { runs } from "../schema";
import { newId } from "./ids";
import type { RunMessage, RunsQueue } from "./run-message";

/** What the caller answers and what a run that could not be queued shows as its error. */
export const RUN_NOT_QUEUED_MESSAGE = "the run could not be queued; try again";

export type QueueRunInput = {
  workflowId: string;
  userId: string;
  triggerType: "manual" | "webhook";
  /** Becomes `{{trigger.…}}`: manual input, or the webhook's `{ body, headers, rawBody? }`. */
  triggerInput: unknown;
};

/**
 * `queued`: the run is on the Queue. `not-queued`: the send failed, the run is marked failed with
 * RUN_NOT_QUEUED_MESSAGE, and the caller should tell its client to try again (a retryable status).
 * `error` is the send's failure, for the caller to log by name only.
 */
export type QueueRunResult =
  | { status: "queued"; runId: string }
  | { status: "not-queued"; runId: string; message: typeof RUN_NOT_QUEUED_MESSAGE; error: unknown };

/**
 * Starts a run: inserts it `queued`, then sends its message. A run whose send failed is marked
 * failed rather than left `queued` (the cron would re-send it minutes later, after the caller was
 * already told to retry, and the retry would run it twice).
 */
export async function queueRun(db: Db, queue: RunsQueue, input: QueueRunInput): Promise<QueueRunResult> {
  const runId = newId("run");
  await db.insert(runs).values({
    id: runId,
    workflowId: input.workflowId,
    userId: input.userId,
    triggerType: input.triggerType,
    triggerInput: input.triggerInput ?? null,
    status: "queued",
    createdAt: new Date().toISOString(),
  });
  try {
    await queue.send({ runId } satisfies RunMessage, { contentType: "json" });
    return { status: "queued", runId };
  } catch (error) {
    await db
      .update(runs)
      .set({ status: "failed", error: RUN_NOT_QUEUED_MESSAGE, finishedAt: new Date().toISOString() })
      .where(and(eq(runs.id, runId), eq(runs.status, "queued")));
    return { status: "not-queued", runId, message: RUN_NOT_QUEUED_MESSAGE, error };
  }
}
