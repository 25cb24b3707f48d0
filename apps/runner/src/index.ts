import { claimDueWorkflows } from "./cron/claim-due-workflows";
import { resealOldKeys } from "./cron/reseal-old-keys";
import { ConfigError, loadConfig } from "./env";
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
      logger.error(error instanceof ConfigError ? error.message : "webhook intake failed", { error });
      return Response.json({ error: "internal error" }, { status: 500 });
    }
  },

  /** Every minute: dispatch due scheduled workflows, then move a batch of secrets to the newest key. */
  async scheduled(controller, env) {
    const logger = baseLogger().child({ cron: controller.cron });
    const config = loadConfig(env);
    await claimDueWorkflows(env, new Date(controller.scheduledTime), logger);
    await resealOldKeys(env, config.keyring, config.resealBatchSize, logger);
  },

  async queue(batch, env) {
    await consumeRuns(batch, env, baseLogger());
  },
} satisfies ExportedHandler<Env>;
