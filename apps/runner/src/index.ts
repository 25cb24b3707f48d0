import { claimDueWorkflows } from "./cron/claim-due-workflows";
import { requeueStaleRuns } from "./cron/requeue-stale-runs";
import { resealOldKeys } from "./cron/reseal-old-keys";
import { ConfigError, loadConfig, type RunnerConfig } from "./env";
import { createMaskedLogger, type Logger } from "./log/masked-logger";
import { consumeRuns } from "./queue/consume-runs";
import { acceptWebhook } from "./webhook/accept-webhook";

// Before a run opens its secrets there is nothing to mask yet, but every line still goes
// through a masker so there is one code path for logging.
const noSecrets = { mask: (text: string) => text };
const baseLogger = (): Logger => createMaskedLogger(noSecrets, { worker: "runner" });

const HOOK_PATH = /^\/hooks\/([^/]+)\/?$/;

export default {
  /** Reached only through the API's service binding: the runner has no public route. */
  async fetch(request, env) {
    const logger = baseLogger();
    const match = HOOK_PATH.exec(new URL(request.url).pathname);
    if (request.method !== "POST" || !match?.[1]) {
      return Response.json({ error: "not found" }, { status: 404 });
    }
    try {
      loadConfig(env);
      return await acceptWebhook(request, env, decodeURIComponent(match[1]), logger);
    } catch (error) {
      if (error instanceof ConfigError) logger.error(error.message);
      // Only the error's name: a database error can quote the query's parameters, which here are
      // the caller's headers and body, and no secret of a run is known yet to mask them.
      else logger.error("webhook intake failed", { error: error instanceof Error ? error.name : "unknown" });
      return Response.json({ error: "internal error" }, { status: 500 });
    }
  },

  /**
   * Every minute: dispatch due scheduled workflows, re-send runs whose message was lost, then move a
   * batch of secrets to the newest key. Each job runs even if another failed.
   */
  async scheduled(controller, env) {
    const logger = baseLogger().child({ cron: controller.cron });
    let config: RunnerConfig;
    try {
      config = loadConfig(env);
    } catch (error) {
      logger.error(error instanceof ConfigError ? error.message : "runner configuration could not be read");
      throw error;
    }
    const now = new Date(controller.scheduledTime);
    const jobs = await Promise.allSettled([
      claimDueWorkflows(env, now, logger),
      requeueStaleRuns(env, now, logger),
      resealOldKeys(env, config.keyring, config.resealBatchSize, logger),
    ]);
    const failed = jobs.filter((job) => job.status === "rejected");
    for (const job of failed) logger.error("cron job failed", { error: job.reason });
    if (failed.length > 0) throw new Error(`${failed.length} cron job(s) failed; see the log`);
  },

  async queue(batch, env) {
    await consumeRuns(batch, env, baseLogger());
  },
} satisfies ExportedHandler<Env>;
