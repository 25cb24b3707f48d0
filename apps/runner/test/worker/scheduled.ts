import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import runner from "../../src/index";

const worker: ExportedHandler<Env> = runner;

/** Fires the runner's cron handler as the platform would, at `time`. */
export async function tick(time = new Date()) {
  const ctx = createExecutionContext();
  await worker.scheduled?.(createScheduledController({ scheduledTime: time, cron: "* * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}
