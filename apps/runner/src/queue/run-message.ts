import { type Db, runs } from "@workflow-secrets/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Logger } from "../log/masked-logger";

/** The runs Queue message (shared with the API): only the id, the run row holds the rest. */
export const runMessageSchema = z.object({ runId: z.string().min(1).max(128) });
export type RunMessage = z.infer<typeof runMessageSchema>;

/**
 * Sends `{ runId }`. A run that cannot be queued is marked failed rather than left `queued`
 * forever, and the caller is told so it can answer with a retryable status.
 */
export async function enqueueRun(env: Env, db: Db, runId: string, logger: Logger): Promise<boolean> {
  try {
    await env.RUNS_QUEUE.send({ runId } satisfies RunMessage, { contentType: "json" });
    return true;
  } catch (error) {
    logger.error("could not enqueue run", { runId, error });
    const now = new Date().toISOString();
    await db
      .update(runs)
      .set({ status: "failed", error: "the run could not be queued", finishedAt: now })
      .where(eq(runs.id, runId));
    return false;
  }
}
