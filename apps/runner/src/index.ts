import { claimDueWorkflows } from "./cron/claim-due-workflows";
import { purgeOldHistory } from "./cron/purge-old-history";
import { recoverStaleRuns } from "./cron/recover-stale-runs";
import { requeueStaleRuns } from "./cron/requeue-stale-runs";
import { resealOldKeys } from "./cron/reseal-old-keys";
import { ConfigurationError, loadConfig, type RunnerConfig } from "./env";
import { runLivenessChecks } from "./health/liveness-checks";
import { sweepSecretStates } from "./health/sweep-secret-states";
import { createMaskedLogger, type Logger } from "./log/masked-logger";
import { consumeRuns } from "./queue/consume-runs";

// Before a run opens its secrets there is nothing to mask yet, but every line still goes
// through a masker so there is one code path for logging.
const noSecrets = { mask: (text: string) => text };
const baseLogger = (): Logger => createMaskedLogger(noSecrets, { worker: "runner" });

// No fetch handler: the runner holds the private keyring and is reached only by its cron trigger and
// the runs Queue. Webhooks and manual runs enter at the API, which queues them.
export default {
  /**
   * Every minute: dispatch due scheduled workflows, re-send runs whose message was lost, recover
   * running runs whose heartbeat went stale, move a batch of secrets to the newest key, delete a batch
   * of history past its retention, record secret states that time changed (expiring, expired), and
   * send due liveness checks. Each job runs even if another failed.
   */
  async scheduled(controller, env) {
    const logger = baseLogger().child({ cron: controller.cron });
    let config: RunnerConfig;
    try {
      config = loadConfig(env);
    } catch (error) {
      logger.error(
        error instanceof ConfigurationError ? error.message : "runner configuration could not be read",
      );
      throw error;
    }
    const now = new Date(controller.scheduledTime);
    const jobs = await Promise.allSettled([
      claimDueWorkflows(env, now, logger),
      requeueStaleRuns(env, now, logger),
      recoverStaleRuns(env, now, logger),
      resealOldKeys(env, config.keyring, config.resealBatchSize, logger),
      purgeOldHistory(env, now, logger),
      sweepSecretStates(env, now, logger),
      runLivenessChecks(env, config, now, logger),
    ]);
    const failed = jobs.filter((job) => job.status === "rejected");
    for (const job of failed) logger.error("cron job failed", { error: job.reason });
    if (failed.length > 0) throw new Error(`${failed.length} cron job(s) failed; see the log`);
  },

  async queue(batch, env) {
    await consumeRuns(batch, env, baseLogger());
  },
} satisfies ExportedHandler<Env>;
