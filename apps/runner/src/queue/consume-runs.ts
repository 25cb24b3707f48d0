import {
  createDb,
  type Db,
  oauthConnectMessageSchema,
  runMessageSchema,
  runSteps,
} from "@workflow-secrets/db";
import { and, eq } from "drizzle-orm";
import { ConfigurationError, loadConfig, type RunnerConfig } from "../env";
import type { Logger } from "../log/masked-logger";
import { exchangeConnectCode } from "../oauth/exchange-code";
import { executeRun, RunInterruptedError } from "../run/execute-run";
import { finishRunWrite } from "../run/run-state";

/** After this many deliveries a run that keeps crashing is marked failed instead of retried. */
export const MAX_DELIVERIES = 5;

/**
 * Queue consumer. Each message runs one run; messages of a batch run concurrently. A message is
 * acked once its run is finished or not claimable. An infrastructure failure is retried with
 * backoff; the next delivery (attempts > 1), like a recovery the cron sent for a run whose heartbeat
 * went stale (`resume`), resumes the run at its first unfinished step.
 */
export async function consumeRuns(batch: MessageBatch<unknown>, env: Env, logger: Logger): Promise<void> {
  let config: RunnerConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    // Misconfigured: say so plainly and keep the runs for when the secret is set.
    logger.error(
      error instanceof ConfigurationError ? error.message : "runner configuration could not be read",
    );
    batch.retryAll({ delaySeconds: 60 });
    return;
  }
  const db = createDb(env.DB);
  await Promise.all(
    batch.messages.map(async (message) => {
      const connect = oauthConnectMessageSchema.safeParse(message.body);
      if (connect.success) {
        // An OAuth2 code the API sealed: only the runner can open and exchange it.
        const { keyring, allowPrivateNetwork } = config;
        try {
          await exchangeConnectCode(db, keyring, connect.data.oauthConnectId, {
            allowPrivateNetwork,
            logger,
          });
        } catch {
          // Claimed rows are not exchanged twice: the user starts the connection again.
          logger.warn("oauth connect could not finish", { messageId: message.id });
        }
        message.ack();
        return;
      }
      const parsed = runMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        logger.warn("dropping a malformed run message", { messageId: message.id });
        message.ack();
        return;
      }
      const { runId, resume } = parsed.data;
      try {
        const { keyring, allowPrivateNetwork } = config;
        await executeRun(runId, message.attempts > 1 || resume === true, {
          db,
          keyring,
          logger,
          allowPrivateNetwork,
        });
        message.ack();
      } catch (error) {
        const reason = error instanceof RunInterruptedError ? error.message : "run could not start";
        if (message.attempts >= MAX_DELIVERIES) {
          logger.error("giving up on run", { runId, attempts: message.attempts, reason });
          await giveUp(db, runId, new Date().toISOString()).catch(() => {});
          message.ack();
          return;
        }
        logger.warn("run interrupted, will retry", { runId, attempts: message.attempts, reason });
        message.retry({ delaySeconds: Math.min(2 ** message.attempts, 60) });
      }
    }),
  );
}

export const GAVE_UP_RUN = "the runner could not finish this run; run it again";
const GAVE_UP_STEP = "the runner could not finish this step";

/** The run failed after its last delivery, with the step it was in (if any): nothing stays `running`. */
function giveUp(db: Db, runId: string, now: string) {
  return db.batch([
    db
      .update(runSteps)
      .set({ status: "failed", error: GAVE_UP_STEP, finishedAt: now })
      .where(and(eq(runSteps.runId, runId), eq(runSteps.status, "running"))),
    finishRunWrite(db, runId, "failed", GAVE_UP_RUN, now),
  ]);
}
