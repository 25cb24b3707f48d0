import type { Db } from "@workflow-secrets/db";
import type { Masker, Step } from "@workflow-secrets/templating";
import type { Logger } from "../log/masked-logger";
import { describeError } from "../steps/step-outcome";
import { flushWrites, type Write } from "./batch";
import { stepFailedWrite, stepsSkippedWrites } from "./persist-step";
import { finishRunWrite } from "./run-state";

export const RESULT_NOT_STORED = "the result could not be stored";

/**
 * Stores writes that hold the result of a step that already fired (`steps[index]`). If D1 refuses
 * them, the step's request went out but its result is lost. It is not sent again (a redelivery would
 * repeat a POST that reached its service): the step and the run are failed with a short, fixed-size
 * error instead, and the later steps marked skipped. Returns false when that happened.
 * If D1 refuses even that, the error is thrown: the Queue redelivers the run, and the resume rule for
 * a step found in flight applies (repeated only when idempotent, see in-flight-step.ts).
 */
export async function storeStepResult(
  db: Db,
  target: { runId: string; steps: readonly Step[]; index: number },
  writes: Write[],
  masker: Masker,
  logger: Logger,
): Promise<boolean> {
  try {
    await flushWrites(db, writes);
    return true;
  } catch (error) {
    const { runId, steps, index } = target;
    const step = steps[index] as Step;
    const reason = masker.mask(describeError(error)).slice(0, 300);
    const message = `step "${step.id}": ${RESULT_NOT_STORED} (${reason}); the step was sent and is not sent again: check its destination, then run the workflow again`;
    const now = new Date().toISOString();
    await flushWrites(db, [
      stepFailedWrite(db, runId, step.id, message, now),
      ...stepsSkippedWrites(db, runId, steps, index + 1, now),
      finishRunWrite(db, runId, "failed", message, now),
    ]);
    logger.error("a step's result could not be stored; the run is failed", { stepId: step.id, reason });
    return false;
  }
}
