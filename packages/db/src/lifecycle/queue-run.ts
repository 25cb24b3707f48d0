import type { SealingPublicKey } from "@workflow-secrets/crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { runs, runTriggers } from "../schema";
import { newId } from "./ids";
import { explainRunLimit, hourOf, RUN_LIMIT_SQL, type RunLimitRefusal, type RunLimits } from "./run-limits";
import type { RunMessage, RunsQueue } from "./run-message";
import { MAX_SEALED_TRIGGER_CHARS, sealTrigger } from "./sealed-trigger";

/** What the caller answers and what a run that could not be queued shows as its error. */
export const RUN_NOT_QUEUED_MESSAGE = "the run could not be queued; try again";
/** What the caller answers for a trigger whose sealed form would not fit in a D1 row. */
export const TRIGGER_TOO_LARGE_MESSAGE =
  "the trigger is too large to store (at most about 1.4 MiB once written as JSON)";

export type QueueRunInput = {
  workflowId: string;
  /** The workflow's owner. */
  userId: string;
  triggerType: "manual" | "webhook";
  /**
   * Becomes `{{trigger.…}}`: manual input, or the webhook's `{ body, headers, rawBody? }`. It can hold
   * a vault secret's value (a shared token), so it is never stored as is: it is sealed to `sealingKey`.
   */
  triggerInput: unknown;
  /** The deployment's public key (the API's `SEALING_PUBLIC_KEY`). */
  sealingKey: SealingPublicKey;
  /** When given, the run is inserted only within these limits (checked in the insert itself). */
  limits?: RunLimits;
};

/**
 * `queued`: the run is on the Queue. `not-queued`: the send failed, the run is marked failed with
 * RUN_NOT_QUEUED_MESSAGE, and the caller should tell its client to try again (a retryable status).
 * `error` is the send's failure, for the caller to log by name only. `too-large`: nothing was stored.
 * `limited`: a limit of `input.limits` refused the run, nothing was stored or sent.
 */
export type QueueRunResult =
  | { status: "queued"; runId: string }
  | { status: "not-queued"; runId: string; message: typeof RUN_NOT_QUEUED_MESSAGE; error: unknown }
  | { status: "too-large"; message: typeof TRIGGER_TOO_LARGE_MESSAGE }
  | RunLimitRefusal;

/**
 * Starts a run: inserts it `queued` with its trigger SEALED to the runner's key (in `run_triggers`;
 * `runs.trigger_input` stays NULL until the runner stores a masked copy), then sends its message. A
 * run whose send failed is marked failed rather than left `queued` (the cron would re-send it
 * minutes later, after the caller was already told to retry, and the retry would run it twice);
 * ending it deletes the sealed trigger.
 */
export async function queueRun(db: Db, queue: RunsQueue, input: QueueRunInput): Promise<QueueRunResult> {
  const runId = newId("run");
  const { workflowId, userId, triggerType } = input;
  const hasTrigger = input.triggerInput !== undefined && input.triggerInput !== null;
  const envelope = hasTrigger
    ? await sealTrigger(input.triggerInput, { userId, workflowId, runId }, input.sealingKey)
    : undefined;
  if (envelope !== undefined && envelope.length > MAX_SEALED_TRIGGER_CHARS) {
    return { status: "too-large", message: TRIGGER_TOO_LARGE_MESSAGE };
  }
  const now = new Date();
  const row = { id: runId, workflowId, userId, triggerType, triggerInput: null, status: "queued" as const };
  if (!input.limits) {
    const insertRun = db.insert(runs).values({ ...row, createdAt: now.toISOString() });
    if (envelope === undefined) await insertRun;
    else await db.batch([insertRun, db.insert(runTriggers).values({ runId, envelope })]);
  } else {
    // One transaction: the run only within the limits, its trigger and its count only if it went in.
    const d1 = db.$client;
    const params = [
      runId,
      workflowId,
      userId,
      triggerType,
      now.toISOString(),
      input.limits.maxQueuedPerWorkflow,
      hourOf(now),
      input.limits.maxRunsPerHourPerUser,
      envelope ?? null,
    ];
    // Each statement takes the parameters up to the highest `?N` it uses.
    const bind = (statement: string) => {
      const highest = Math.max(...[...statement.matchAll(/\?(\d+)/g)].map((m) => Number(m[1])));
      return d1.prepare(statement).bind(...params.slice(0, highest));
    };
    const [insertedRun] = await d1.batch([
      bind(`INSERT INTO runs (id, workflow_id, user_id, trigger_type, trigger_input, status, created_at)
            SELECT ?1, ?2, ?3, ?4, NULL, 'queued', ?5 WHERE ${RUN_LIMIT_SQL.condition}`),
      bind(
        "INSERT INTO run_triggers (run_id, envelope) SELECT ?1, ?9 WHERE ?9 IS NOT NULL AND EXISTS (SELECT 1 FROM runs WHERE id = ?1)",
      ),
      bind(RUN_LIMIT_SQL.count),
    ]);
    const inserted = insertedRun?.meta.changes ?? 0;
    if (inserted === 0) return explainRunLimit(db, input, input.limits, now);
  }
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
